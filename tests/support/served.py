"""``credence serve`` as a test runs it: a real gunicorn and worker, on a free port, with
the test's database and a Redis server the test owns."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import requests

from tests.support.processes import child_running
from tests.support.redis_server import free_port


@dataclass
class Served:
    proc: subprocess.Popen[bytes]
    base: str
    port: int

    def worker_pid(self) -> int | None:
        return child_running(self.proc.pid, "credence worker")

    def gunicorn_pid(self) -> int | None:
        return child_running(self.proc.pid, "gunicorn")


@contextmanager
def serving(
    env: Mapping[str, str], *, web_workers: int = 2, log: str = os.devnull, args: Sequence[str] = ()
) -> Iterator[Served]:
    port = free_port()
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            [
                os.path.join(os.path.dirname(sys.executable), "credence"),
                "serve",
                "--port",
                str(port),
                "--workers",
                str(web_workers),
                *args,
            ],
            env=os.environ | dict(env),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    served = Served(proc, f"http://127.0.0.1:{port}", port)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, "credence serve exited at start"
            try:
                if (
                    requests.get(f"{served.base}/healthz", timeout=1).status_code == 200
                    and served.worker_pid()
                ):
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, "credence serve did not start"
            time.sleep(0.2)
        yield served
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(40)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
