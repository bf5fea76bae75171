"""One error shape for every failure: RFC 9457 problem documents, for HTTP errors and for
the domain errors record operations raise (``service.records.errors``)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, json
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from service.records.errors import Conflict, Invalid, NotFound, RecordError, StaleVersion

log = logging.getLogger(__name__)

PROBLEM_TYPE = "https://credence.example/problems/"


class Problem(HTTPException):
    """An HTTP error carrying a problem document's extra members."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        errors: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        type_: str | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(description=detail)
        self.code = status
        self.errors = dict(errors) if errors else None
        self.extra_headers = dict(headers or {})
        self.type_slug = type_
        self.extra = extra


def problem_response(
    status: int,
    title: str,
    detail: str,
    *,
    errors: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
    type_: str | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Response:
    slug = type_ or title.lower().replace(" ", "-")
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE + slug,
        "title": title,
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    if extra:
        body.update(extra)
    resp = Response(json.dumps(body), status=status, mimetype="application/problem+json")
    for k, v in (headers or {}).items():
        resp.headers[k] = v
    return resp


def flatten_messages(messages: Any) -> dict[str, list[str]]:
    """webargs nests messages by location ({"json": {"field": [...]}}); clients want
    field → messages, with dotted paths for nested fields."""
    out: dict[str, list[str]] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, Mapping):
            for k, v in value.items():
                walk(f"{prefix}.{k}" if prefix else str(k), v)
        elif isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            out.setdefault(prefix or "_body", []).extend(value)
        elif isinstance(value, list | tuple):
            for i, v in enumerate(value):
                walk(f"{prefix}.{i}", v)
        else:
            out.setdefault(prefix or "_body", []).append(str(value))

    if isinstance(messages, Mapping) and len(messages) == 1:
        ((loc, inner),) = messages.items()
        if loc in {"json", "query", "querystring", "headers", "view_args", "path", "form"}:
            messages = inner
    walk("", messages)
    return out


def handle_http_exception(error: HTTPException) -> Response:
    status = error.code or 500
    title = error.name if status != 500 else "Internal Server Error"
    detail = error.description or title
    errors: Mapping[str, Any] | None = None
    headers: dict[str, str] = {}
    extra: dict[str, Any] | None = None
    type_ = None
    if isinstance(error, Problem):
        errors = error.errors
        headers = error.extra_headers
        extra = error.extra
        type_ = error.type_slug
    data = getattr(error, "data", None)
    if isinstance(data, Mapping):
        messages = data.get("errors") or data.get("messages")
        if status == 400 and messages:
            detail = "The request body is not valid JSON."
            errors = None
        elif messages:
            errors = flatten_messages(messages)
            detail = "The request has invalid fields."
        if "message" in data:
            detail = str(data["message"])
        headers.update(data.get("headers") or {})
    if status == 405 and isinstance(error, HTTPException):
        allow = error.get_headers()
        for k, v in allow:
            if k.lower() == "allow":
                headers["Allow"] = v
    if status == 413:
        detail = "The request body exceeds the configured limit."
    if isinstance(error, InternalServerError):
        detail = "The server failed to handle the request."
    return problem_response(status, title, detail, errors=errors, headers=headers, type_=type_, extra=extra)


def from_record_error(error: RecordError) -> Problem:
    """The problem document a domain refusal answers with."""
    if isinstance(error, NotFound):
        return Problem(404, str(error))
    if isinstance(error, Invalid):
        return Problem(422, str(error), errors=error.errors)
    if isinstance(error, Conflict):
        return Problem(409, str(error), type_=error.kind)
    if isinstance(error, StaleVersion):
        return Problem(412, str(error), type_="precondition-failed", current_version=error.current_version)
    return Problem(400, str(error))


def handle_record_error(error: RecordError) -> Response:
    return handle_http_exception(from_record_error(error))


def handle_database_unavailable(error: OperationalError | InterfaceError) -> Response:
    # The connection broke or the database refused service (restart, terminated backend,
    # SQLite busy past its timeout): nothing was acknowledged, and a retry will do. A
    # dependency's outage, not a bug of ours: 503, and a line in the log, not a traceback.
    log.warning("database unavailable: %s", type(error.orig or error).__name__)
    return handle_http_exception(
        Problem(503, "The database is unavailable; retry.", headers={"Retry-After": "1"})
    )


def handle_unexpected(error: Exception) -> Response:
    # Internals (tracebacks, SQL, secrets) go to the log, never to the client.
    log.exception("unhandled error", exc_info=error)
    return handle_http_exception(InternalServerError())


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(RecordError, handle_record_error)
    app.register_error_handler(OperationalError, handle_database_unavailable)
    app.register_error_handler(InterfaceError, handle_database_unavailable)
    app.register_error_handler(Exception, handle_unexpected)
