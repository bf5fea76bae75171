"""Error pages: every refusal the desk meets (a role too low, a missing record, a
stale form, a rate limit, a domain error from a record operation) is a page that says
what happened and what to do next, with the status code the API would give."""

from __future__ import annotations

import logging

from flask import render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from service.http.problems import Problem, from_record_error
from service.records.errors import RecordError

log = logging.getLogger(__name__)

NEXT_STEP = {
    400: "Go back, reload the page and try again.",
    401: "Sign in, then try again.",
    403: "Ask an admin if you need this; your role decides what the desk shows.",
    404: "Check the address, or search for it instead.",
    409: "Reload to see the current state, then try again.",
    422: "Go back and correct the fields named above.",
    429: "Wait a minute, then try again.",
}


def page(error: HTTPException) -> tuple[str, int]:
    status = error.code or 500
    detail = error.description or error.name
    if isinstance(error, CSRFError):
        detail = (
            "This form was not sent from a desk page you opened while signed in here "
            "(or it is too old), so nothing was changed."
        )
    errors = error.errors if isinstance(error, Problem) else None
    body = render_template(
        "error.html",
        status=status,
        title=error.name if status != 500 else "Something went wrong",
        detail=detail,
        errors=errors or {},
        next_step=NEXT_STEP.get(status, ""),
    )
    return body, status


def record_error_page(error: RecordError) -> tuple[str, int]:
    return page(from_record_error(error))


def unexpected(error: Exception) -> tuple[str, int]:
    # Internals go to the log, never to the page.
    log.exception("unhandled error in the desk", exc_info=error)
    return page(InternalServerError("The server failed to handle the request; the error has been logged."))
