"""gunicorn settings for ``credence serve`` (``-c python:service.cli.gunicorn_conf``).

gunicorn answers some requests itself, before the app sees them: a request line or
header over its limits (414, 431), a malformed request (400), a crash outside the app
(500). Its pages for those are HTML; the contract says every failure is a problem
document, so its one error writer (``gunicorn.util.write_error``, which every worker
class calls) is replaced by one that writes ``application/problem+json``.

The limits are raised to what a URL and headers legitimately need here (gunicorn's
defaults, 4094 bytes a request line and 8190 a header, are below what a lookup of a
long article URL or a large cookie from the desk can reach): 8190 bytes a request line
(gunicorn's maximum), 16 KiB a header line, 100 headers.
"""

from __future__ import annotations

import json
from typing import Any

from gunicorn import util

from service.http.problems import PROBLEM_TYPE
from service.store.db import web_threads

# Threads per web process (gunicorn's gthread worker): the ingest webhook's deliveries
# share commits only between threads of one process (service.store.group_commit), and a
# thread waiting on PostgreSQL's WAL flush leaves the CPU to the others. Four per process
# with two processes a core keeps 2 cores busy (README: Benchmarks); the database pool
# is sized from the same figure (service.store.db.pool_size).
threads = web_threads()

limit_request_line = 8190
limit_request_field_size = 16384
limit_request_fields = 100
graceful_timeout = 10

_SLUGS = {
    400: "bad-request",
    403: "forbidden",
    414: "uri-too-long",
    417: "expectation-failed",
    431: "request-header-fields-too-large",
    500: "internal-server-error",
    501: "not-implemented",
}


def problem_page(status: int, reason: str, message: str) -> bytes:
    """The whole HTTP response gunicorn sends for an error it answers itself."""
    body = json.dumps(
        {
            "type": PROBLEM_TYPE + _SLUGS.get(status, reason.lower().replace(" ", "-")),
            "title": reason,
            "status": status,
            # gunicorn's message describes the client's own request (no internals); a 500
            # has none, as in the app.
            "detail": message or reason,
        }
    ).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\n"
        f"Content-Type: application/problem+json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("latin-1") + body


def _write_error(sock: Any, status_int: int, reason: str, mesg: str) -> None:
    util.write_nonblock(sock, problem_page(status_int, reason, mesg))


util.write_error = _write_error
