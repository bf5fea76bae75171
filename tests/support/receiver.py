"""A real HTTP receiver for outbound notifications: 127.0.0.1, a random port, its own
thread; answers with the statuses a test queues (200 once they run out)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


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


@contextmanager
def receiving() -> Iterator[Receiver]:
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


