"""Signing in to the desk: the session cookie, its server side, CSRF, the sign-in rate
limit, roles, and the headers every page carries (Flask test client; the same behaviour
is driven through Chromium in ``tests/desk/browser``)."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import update

from service.models import DeskSession, utcnow
from service.store.db import transaction
from tests.desk.conftest import csrf_of, token


def _form_token(client: Any) -> str:
    return csrf_of(client.get("/sign-in").text)


def test_pages_need_a_session_and_the_api_ignores_it(sign_in: Any) -> None:
    admin = sign_in("admin")
    assert admin.get("/claims").status_code == 200
    # The JSON API authenticates by bearer key only: a desk cookie grants it nothing.
    assert admin.get("/v1/claims").status_code == 401


def test_anonymous_get_goes_to_sign_in_and_back(client: Any, raw_keys: dict[str, str]) -> None:
    answer = client.get("/outlets?kind=wire")
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/sign-in?next=/outlets?kind%3Dwire"
    signed = client.post(
        "/sign-in",
        data={"key": raw_keys["reader"], "csrf_token": _form_token(client), "next": "/outlets?kind=wire"},
    )
    assert signed.status_code == 303 and signed.headers["Location"] == "/outlets?kind=wire"


@pytest.mark.parametrize(
    "target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"]
)
def test_sign_in_never_redirects_off_site(client: Any, raw_keys: dict[str, str], target: str) -> None:
    signed = client.post(
        "/sign-in", data={"key": raw_keys["reader"], "csrf_token": _form_token(client), "next": target}
    )
    assert signed.headers["Location"] == "/"


def test_cookie_is_signed_httponly_samesite_and_secure_over_tls(sign_in: Any) -> None:
    plain = sign_in("reader")
    cookie = plain.get_cookie("credence_desk")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax" and not cookie.secure
    assert cookie.expires is not None  # a permanent session: it expires, with the server's record
    tls = sign_in("reader", base_url="https://localhost")
    assert tls.get_cookie("credence_desk", domain="localhost").secure


def test_a_wrong_key_is_refused_and_never_echoed_or_logged(
    client: Any, raw_keys: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = raw_keys["admin"][:-4] + "AAAA"
    answer = client.post("/sign-in", data={"key": wrong, "csrf_token": _form_token(client)})
    assert answer.status_code == 401 and "not accepted" in answer.text
    right = client.post("/sign-in", data={"key": raw_keys["admin"], "csrf_token": _form_token(client)})
    assert right.status_code == 303
    page = client.get("/admin/keys").text
    cookie = client.get_cookie("credence_desk").value
    for secret in (wrong, raw_keys["admin"], raw_keys["admin"].split("_", 2)[2]):
        assert secret not in answer.text and secret not in page and secret not in cookie
        assert all(secret not in r.getMessage() for r in caplog.records)


def test_failed_sign_ins_are_rate_limited(client: Any, raw_keys: dict[str, str]) -> None:
    for _ in range(10):
        bad = client.post("/sign-in", data={"key": "crd_nope_nope", "csrf_token": _form_token(client)})
        assert bad.status_code == 401
    blocked = client.post("/sign-in", data={"key": raw_keys["admin"], "csrf_token": _form_token(client)})
    assert blocked.status_code == 429 and "Too many failed sign-ins" in blocked.text


def test_sign_out_ends_the_session_on_the_server(sign_in: Any) -> None:
    client = sign_in("editor")
    stolen = client.get_cookie("credence_desk").value
    out = client.post("/sign-out", data={"csrf_token": token(client)})
    assert out.status_code == 303 and out.headers["Location"] == "/sign-in?signed_out=1"
    assert client.get("/claims").status_code == 303
    client.set_cookie("credence_desk", stolen)  # replaying the old cookie does not sign in
    assert client.get("/claims").status_code == 303


def test_revoking_the_key_ends_its_sessions(app: Any, sign_in: Any) -> None:
    reader = sign_in("reader")
    admin = sign_in("admin")
    assert reader.get("/claims").status_code == 200
    key_id = reader.get_cookie("credence_desk") and _key_id(app, "test-reader")
    revoked = admin.post(f"/admin/keys/{key_id}/revoke", data={"csrf_token": token(admin)})
    assert revoked.status_code == 303
    assert reader.get("/claims").status_code == 303


def _key_id(app: Any, name: str) -> str:
    from sqlalchemy import select

    from service.models import ApiKey

    with app.extensions["credence"].sessions() as session:
        return str(session.execute(select(ApiKey.id).where(ApiKey.name == name)).scalar_one())


def test_expired_sessions_end_and_sessions_survive_a_redis_flush(app: Any, sign_in: Any, redis: Any) -> None:
    client = sign_in("reader")
    redis.flushdb()  # the cache of sessions and keys is gone; the database still knows
    assert client.get("/claims").status_code == 200
    with transaction(app.extensions["credence"].sessions) as session:
        session.execute(update(DeskSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    redis.flushdb()
    assert client.get("/claims").status_code == 303


def test_posts_without_a_csrf_token_are_refused(app: Any, sign_in: Any, raw_keys: dict[str, str]) -> None:
    admin = sign_in("admin")
    for path, data in [
        ("/admin/keys", {"name": "sneaky", "role": "admin"}),
        ("/sign-out", {}),
        ("/admin/profiles/x/save", {"base_version": "0"}),
    ]:
        answer = admin.post(path, data=data)
        assert answer.status_code == 400 and "nothing was changed" in answer.text
        forged = admin.post(path, data=data | {"csrf_token": "forged"})
        assert forged.status_code == 400
    assert "sneaky" not in admin.get("/admin/keys").text
    # Sign-in itself needs the token (a forged sign-in would plant a session).
    assert app.test_client().post("/sign-in", data={"key": raw_keys["admin"]}).status_code == 400


ADMIN_PAGES = [
    "/admin/profiles",
    "/admin/profiles/acme",
    "/admin/profiles/acme/history",
    "/admin/config",
    "/admin/config/history",
    "/admin/audit",
    "/admin/keys",
    "/admin/subscriptions",
]
ADMIN_POSTS = [
    ("/admin/profiles/acme/preview", {"c.no_false_content": "1", "base_version": "0"}),
    ("/admin/profiles/acme/save", {"c.no_false_content": "1", "base_version": "0"}),
    ("/admin/config/preview", {"base_version": "1"}),
    ("/admin/config/save", {"base_version": "1"}),
    ("/admin/keys", {"name": "sneaky", "role": "admin"}),
    ("/admin/keys/abc/revoke", {}),
    ("/admin/subscriptions", {"url": "https://example.com/hook", "events": "claim.score_changed"}),
    ("/admin/subscriptions/sub_x/delete", {}),
]


@pytest.mark.parametrize("role", ["reader", "editor"])
def test_lower_roles_get_403_for_admin_pages_and_forms(app: Any, sign_in: Any, role: str) -> None:
    client = sign_in(role)
    for path in ADMIN_PAGES:
        answer = client.get(path)
        assert answer.status_code == 403 and "needs the admin role" in answer.text, path
    for path, data in ADMIN_POSTS:
        answer = client.post(path, data=data | {"csrf_token": token(client)})
        assert answer.status_code == 403, path
    admin = sign_in("admin")
    assert "sneaky" not in admin.get("/admin/keys").text
    assert "acme" not in admin.get("/admin/profiles").text
    assert client.get("/review").status_code == (200 if role == "editor" else 403)


def test_security_headers(sign_in: Any, client: Any) -> None:
    page = sign_in("reader").get("/claims")
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Server-Timing"].startswith("app;dur=")
    api = client.get("/healthz")
    assert api.headers["X-Frame-Options"] == "DENY" and "Set-Cookie" not in api.headers
    assert client.get("/nowhere").headers["Content-Type"].startswith("text/html")
    assert client.get("/v1/nowhere").headers["Content-Type"] == "application/problem+json"
