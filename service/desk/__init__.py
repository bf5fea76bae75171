"""The desk: the web app for editors and standards editors, served at ``/`` by the same
Flask app as the JSON API. Server-rendered Jinja pages, one blueprint per section
(``claims``, ``outlets``, ``articles``, ``review``, ``admin``), all nested under the
``desk`` blueprint, which owns sign-in, CSRF, the security headers and the error pages.

The desk is the API's sibling, not its client: it reads and writes through the same
record operations (``service.records``), list filters (``service.records.queries``),
cached reads (``service.http.reads``), schemas and units of work (``service.http.work``),
so no rule exists twice.

May import: ``service.http`` and everything below it. Not ``service.api`` (a sibling),
``service.files`` or the CLI.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask, request
from flask_wtf.csrf import CSRFProtect
from werkzeug.exceptions import HTTPException

from service.http.problems import handle_http_exception

csrf = CSRFProtect()


def register_desk(app: Flask) -> None:
    from service.desk import errors, web
    from service.desk.pages import desk

    settings = app.extensions["credence"].settings
    lifetime = timedelta(hours=settings.desk_session_hours)
    app.session_interface = web.DeskSessionInterface()
    app.config.update(
        SESSION_COOKIE_NAME=web.COOKIE,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=lifetime,
        # The cookie keeps the expiry it got at sign-in, the same as its server-side row.
        SESSION_REFRESH_EACH_REQUEST=False,
        # Checked by the desk blueprint only: the API's POSTs carry a bearer key, no cookie.
        WTF_CSRF_CHECK_DEFAULT=False,
        WTF_CSRF_TIME_LIMIT=int(lifetime.total_seconds()),
    )
    csrf.init_app(app)
    app.register_blueprint(desk)
    app.before_request(web.start_timer)
    app.after_request(web.security_headers)

    def not_found(error: HTTPException) -> Any:
        # A mistyped desk address gets a page; an API path keeps its problem document.
        if web.is_desk_path(request.path):
            return errors.page(error)
        return handle_http_exception(error)

    app.register_error_handler(404, not_found)
    app.register_error_handler(405, not_found)
