"""The body-size limit, whatever the transfer encoding.

Werkzeug refuses a ``Content-Length`` over ``MAX_CONTENT_LENGTH`` with 413 when the body is
first read, but a chunked body has no length: its stream is only cut at the limit, so
the view reads a truncated body and answers for that instead — the ingest webhook a 401
for a signature that no longer matches. This WSGI middleware buffers a chunked body (at
most one byte past the limit) and hands it on with the length it turned out to have, so
both encodings meet the same check at the same point.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

WSGIApp = Any


class BoundedBody:
    def __init__(self, app: WSGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            raw = environ["wsgi.input"].read(self.limit + 1)
            # Over the limit the rest is never read: the length alone makes werkzeug
            # answer 413 where the body is first asked for.
            environ["wsgi.input"] = io.BytesIO(raw if len(raw) <= self.limit else b"")
            environ["CONTENT_LENGTH"] = str(len(raw))
            del environ["HTTP_TRANSFER_ENCODING"]
        return self.app(environ, start_response)
