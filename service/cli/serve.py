"""``credence serve``: gunicorn and one ``credence worker`` in the foreground, under a small
supervisor.

A dead child is restarted with back-off, never a reason to stop the other: the web tier
does not need a worker to accept writes (they are committed, and what they owe is
recorded in the database for a worker to catch up on), so a worker killed by the OOM
killer or a crash is replaced while the API keeps answering. Each child runs in a
session of its own, so a restart also ends whatever the dead one left behind (RQ's
scheduler, the dispatcher). The embedded Redis (no ``REDIS_URL``) is started again if it
dies. Ctrl-C or SIGTERM stops everything.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from service.store.redis_conn import embedded_alive, ensure_embedded, stop_embedded
from service.store.settings import load_settings, var_dir

# Seconds before the n-th consecutive restart; a child that ran STABLE seconds is healthy
# again and starts from the top.
BACKOFF = (0.5, 1.0, 2.0, 5.0, 10.0, 30.0)
STABLE = 30.0
STOP_TIMEOUT = 20.0
# The worker starts once gunicorn answers /healthz (or after this many seconds): on a
# small machine the two would otherwise share the cores for their imports, and the API's
# first answer would wait for a worker it does not need.
WORKER_AFTER_WEB = 15.0


def log(message: str) -> None:
    print(f"credence serve: {message}", file=sys.stderr, flush=True)


@dataclass
class Child:
    """One supervised process: started, watched, restarted with back-off."""

    name: str
    argv: Sequence[str]
    env: Mapping[str, str]
    proc: subprocess.Popen[bytes] | None = None
    started: float = 0.0
    failures: int = 0
    due: float = 0.0

    def start(self) -> None:
        self.proc = subprocess.Popen(list(self.argv), env=dict(self.env), start_new_session=True)
        self.started = time.monotonic()
        log(f"{self.name} started (pid {self.proc.pid})")

    def watch(self, now: float) -> None:
        """Start the child when due; notice that it died and schedule its restart."""
        if self.proc is None:
            if now >= self.due:
                self.start()
            return
        code = self.proc.poll()
        if code is None:
            return
        self._end_group(signal.SIGKILL)  # whatever it left running dies with it
        self.failures = 1 if now - self.started >= STABLE else self.failures + 1
        delay = BACKOFF[min(self.failures, len(BACKOFF)) - 1]
        log(f"{self.name} exited with {code}; restarting in {delay:g}s")
        self.proc, self.due = None, now + delay

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)

    def wait(self, deadline: float) -> None:
        if self.proc is None:
            return
        try:
            self.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._end_group(signal.SIGKILL)

    def _end_group(self, sig: int) -> None:
        if self.proc is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, sig)


def web_answers(host: str, port: int) -> bool:
    """Whether gunicorn answers /healthz yet (a plain socket: no HTTP client to import)."""
    address = "127.0.0.1" if host in {"0.0.0.0", ""} else host.strip("[]")  # noqa: S104
    try:
        with socket.create_connection((address, port), timeout=0.2) as conn:
            conn.sendall(b"GET /healthz HTTP/1.0\r\nHost: localhost\r\n\r\n")
            return conn.recv(16).split(b" ")[1:2] == [b"200"]
    except OSError:
        return False


def serve(host: str, port: int, web_workers: int) -> int:
    settings = load_settings()
    env = dict(os.environ)
    # The embedded Redis belongs to this run (setup commands may have started it first):
    # it holds only queues and cache, so stopping it with the service loses nothing.
    embedded = settings.redis_url == "embedded"
    if embedded:
        env["REDIS_URL"] = ensure_embedded(var_dir())
        log(f"embedded redis at {env['REDIS_URL']}")
    metrics_dir = tempfile.mkdtemp(prefix="credence-metrics-")
    env["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
    bindir = os.path.dirname(sys.executable)
    web = Child(
        "gunicorn",
        [
            os.path.join(bindir, "gunicorn"),
            "--config",
            "python:service.cli.gunicorn_conf",
            "--workers",
            str(web_workers),
            "--bind",
            f"{host}:{port}",
            "--access-logfile",
            "-",
            "service:create_app()",
        ],
        env,
    )
    worker = Child("worker", [os.path.join(bindir, "credence"), "worker"], env)
    children = (web, worker)
    worker.due = time.monotonic() + WORKER_AFTER_WEB
    log(f"serving on http://{host}:{port} (Ctrl-C stops)")
    stopping = False

    def stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    redis_due = 0.0
    try:
        while not stopping:
            now = time.monotonic()
            if worker.proc is None and worker.failures == 0 and web_answers(host, port):
                worker.due = min(worker.due, now)
            for child in children:
                child.watch(now)
            if embedded and now >= redis_due:
                # The embedded Redis is this run's too: if it died, start it again (empty;
                # the worker's dispatcher sees that and reconciles).
                redis_due = now + 1.0
                if not embedded_alive(var_dir()):
                    log("embedded redis is gone; starting it again")
                    try:
                        ensure_embedded(var_dir())
                    except Exception as exc:
                        log(f"embedded redis did not start ({exc}); trying again in 5s")
                        redis_due = now + 5.0
            time.sleep(0.2)
    finally:
        for child in children:
            child.stop()
        deadline = time.monotonic() + STOP_TIMEOUT
        for child in children:
            child.wait(deadline)
        if embedded:
            stop_embedded(var_dir())
        shutil.rmtree(metrics_dir, ignore_errors=True)
        log("stopped")
    return 0
