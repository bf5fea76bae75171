"""The ``desk`` blueprint: sign-in and sign-out, the home page, and what every desk page
shares — CSRF checks on every POST, the signed-in principal in the templates, the error
pages. The sections are nested blueprints, so all of this applies to them too."""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, Response, g, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from service.desk import access, display, errors
from service.records.errors import RecordError

log = logging.getLogger(__name__)
desk = Blueprint(
    "desk",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/assets",
)
signin = Blueprint("signin", __name__)


@desk.before_request
def _fresh() -> None:
    # ``g`` belongs to the app context, which outlives one request wherever a caller holds
    # one around several (the test suite, a script): the CSRF token Flask-WTF caches there
    # and the acting principal must come from this request's session.
    g.pop("csrf_token", None)
    g.pop("principal", None)


@desk.before_request
def _csrf() -> None:
    # Every state-changing request, sign-in included (a forged sign-in would put the
    # victim in someone else's session). Flask-WTF compares the form's token with the
    # one in the signed session cookie.
    from service.desk import csrf

    if request.method not in ("GET", "HEAD", "OPTIONS"):
        csrf.protect()


@desk.app_template_global()
def principal() -> Any:
    try:
        return access.current_principal()
    except Exception:
        # An error page must render even when what failed is the database or Redis.
        log.warning("could not tell who is signed in", exc_info=True)
        return None


desk.register_error_handler(HTTPException, errors.page)
desk.register_error_handler(RecordError, errors.record_error_page)
desk.register_error_handler(Exception, errors.unexpected)
display.register(desk)


@desk.get("/")
@access.needs("reader")
def home() -> Response:
    return redirect(url_for("desk.claims.index"), 303)  # type: ignore[return-value]


@signin.get("/sign-in")
def form() -> str:
    if access.current_principal() is not None:
        return redirect(access.safe_next(request.args.get("next")), 303)  # type: ignore[return-value]
    return render_template("signin.html", next=request.args.get("next", ""), failed=False)


@signin.post("/sign-in")
def submit() -> Any:
    key = request.form.get("key", "").strip()
    target = request.form.get("next", "")
    who = access.sign_in(key) if key else None
    if who is None:
        body = render_template("signin.html", next=target, failed=True)
        return body, 401
    return redirect(access.safe_next(target), 303)


@signin.post("/sign-out")
def sign_out() -> Response:
    access.sign_out()
    return redirect(url_for("desk.signin.form", signed_out=1), 303)  # type: ignore[return-value]


def _register_sections() -> None:
    from service.desk import (
        admin_config,
        admin_keys,
        admin_log,
        admin_profiles,
        articles,
        claims,
        outlets,
        review,
    )

    desk.register_blueprint(signin)
    for section in (claims, outlets, articles, review, admin_profiles, admin_config, admin_log, admin_keys):
        desk.register_blueprint(section.bp)


_register_sections()
