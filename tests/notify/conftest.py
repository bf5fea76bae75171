"""A real HTTP receiver on 127.0.0.1 (random port, own thread) and immediate RQ retries,
so a burst worker runs every delivery attempt without sleeping."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


class Receiver:
    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.statuses: list[int] = []  # answered in order; 200 once exhausted
        self.always: int | None = None
        self.delay = 0.0  # seconds to hold each request before answering
        self.lock = threading.Lock()
        self.url = ""

    def answer(self) -> int:
        with self.lock:
            if self.always is not None:
                return self.always
            return self.statuses.pop(0) if self.statuses else 200


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    rec = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with rec.lock:
                rec.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
            time.sleep(rec.delay)
            self.send_response(rec.answer())
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    rec.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/credence"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield rec
    server.shutdown()
    server.server_close()


@pytest.fixture
def env(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setenv("CREDENCE_JOB_RETRY_INTERVALS", "0,0,0")
    monkeypatch.setenv("CREDENCE_CALLBACK_TIMEOUT_SECONDS", "2")
    return env | {"CREDENCE_JOB_RETRY_INTERVALS": "0,0,0", "CREDENCE_CALLBACK_TIMEOUT_SECONDS": "2"}
