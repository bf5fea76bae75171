"""What the desk adds to every response and request: the signed session cookie (only on
desk paths — the JSON API stays stateless and never reads a cookie), the secret that
signs it, and the security headers."""

from __future__ import annotations

import threading
import time
from typing import Any

from flask import Flask, Request, Response, g, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface

from service.http.services import services
from service.records.sessions import signing_secret
from service.store.db import transaction

# Everything the JSON API and the service's own plumbing serve; every other path is the
# desk's. The API authenticates by bearer key only, so a desk cookie grants it nothing.
API_PREFIXES = ("/v1/", "/healthz", "/readyz", "/metrics", "/openapi.json", "/docs", "/static/")
ASSETS = "/assets/"
COOKIE = "credence_desk"

# No inline script or style anywhere; SVG charts use presentation attributes, not style.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)
_secret_lock = threading.Lock()


def is_desk_path(path: str) -> bool:
    return not path.startswith(API_PREFIXES)


def ensure_secret(app: Flask) -> None:
    """The cookie-signing key: ``CREDENCE_SECRET_KEY``, else the one in the database
    (created by the first process that needs it), read once per process."""
    if app.secret_key:
        return
    with _secret_lock:
        if app.secret_key:
            return
        svc = app.extensions["credence"]
        if svc.settings.secret_key:
            app.secret_key = svc.settings.secret_key
            return
        with transaction(svc.sessions) as session:
            app.secret_key = signing_secret(session)


class DeskSessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie, opened on desk paths only; Secure when the request came
    over TLS (or when configured to be, behind a proxy that ends TLS)."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if not is_desk_path(request.path) or request.path.startswith(ASSETS):
            return None  # Flask substitutes a NullSession: no cookie read or written
        ensure_secret(app)
        return super().open_session(app, request)

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(request.is_secure or services().settings.desk_secure_cookies)


def start_timer() -> None:
    g.desk_started = time.perf_counter()


def security_headers(response: Response) -> Response:
    """Every response refuses framing and MIME sniffing; desk pages also get the CSP,
    are never cached (they show what one signed-in role may see), and say how long the
    server took (``Server-Timing``, read by ``bench.desk_bench``)."""
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    if not is_desk_path(request.path):
        return response
    response.headers["Content-Security-Policy"] = CSP
    response.headers["Referrer-Policy"] = "same-origin"
    if not request.path.startswith(ASSETS):
        response.headers["Cache-Control"] = "no-store"
    started: Any = g.get("desk_started")
    if started is not None:
        response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
    return response
