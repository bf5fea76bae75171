"""Subscription admin API: admin-only, the secret shown once, callback URL policy."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from sqlalchemy import func, select

from service import create_app
from service.models import AuditEntry
from service.models.notifications import Subscription
from service.util.netguard import RefusedURL, check_url

URL = "http://127.0.0.1:9/hook"


def test_create_read_list_delete(app: Any, client: Any, keys: Any) -> None:
    r = client.post(
        "/v1/admin/subscriptions",
        json={"url": URL, "events": ["claim.label_changed", "claim.score_changed"]},
        headers=keys["admin"],
    )
    assert r.status_code == 201, r.json
    body = r.json
    secret = body["secret"]
    assert secret.startswith("whsec_") and len(base64.b64decode(secret[6:])) == 24
    assert body["events"] == ["claim.label_changed", "claim.score_changed"]
    assert body["created_by"] == "test-admin" and body["failures"] == 0 and body["disabled_at"] is None
    one = client.get(f"/v1/admin/subscriptions/{body['id']}", headers=keys["admin"]).json
    assert "secret" not in one and one == {k: v for k, v in body.items() if k != "secret"}
    listed = client.get("/v1/admin/subscriptions", headers=keys["admin"]).json
    assert listed["items"] == [one] and listed["next_cursor"] is None
    assert client.get(f"/v1/admin/subscriptions/{body['id']}/deliveries", headers=keys["admin"]).json == {
        "items": [],
        "next_cursor": None,
    }
    assert client.delete(f"/v1/admin/subscriptions/{body['id']}", headers=keys["admin"]).status_code == 204
    assert client.get(f"/v1/admin/subscriptions/{body['id']}", headers=keys["admin"]).status_code == 404
    assert client.delete(f"/v1/admin/subscriptions/{body['id']}", headers=keys["admin"]).status_code == 404
    with app.extensions["credence"].sessions() as s:
        audit = s.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars().all()
    assert [(a.actor, a.action, a.entity_type) for a in audit] == [
        ("test-admin", "create", "subscription"),
        ("test-admin", "delete", "subscription"),
    ]
    assert secret not in json.dumps([[a.old, a.new] for a in audit])


def test_admin_only(client: Any, keys: Any) -> None:
    assert client.get("/v1/admin/subscriptions").status_code == 401
    for role in ("reader", "editor"):
        r = client.post(
            "/v1/admin/subscriptions",
            json={"url": URL, "events": ["claim.score_changed"]},
            headers=keys[role],
        )
        assert r.status_code == 403
        assert client.get("/v1/admin/subscriptions", headers=keys[role]).status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.5/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:8080/",
        "http://192.168.1.10/hook",
        "http://[::ffff:10.0.0.1]/",
        "http://0.0.0.0/",
        "ftp://127.0.0.1/",
        "http://user:pw@127.0.0.1/",
        "http://no-such-host.invalid/",
    ],
)
def test_private_or_bad_urls_are_422(app: Any, client: Any, keys: Any, url: str) -> None:
    r = client.post(
        "/v1/admin/subscriptions", json={"url": url, "events": ["claim.score_changed"]}, headers=keys["admin"]
    )
    assert r.status_code == 422 and r.content_type == "application/problem+json"
    assert "url" in r.json["errors"]
    with app.extensions["credence"].sessions() as s:
        assert s.execute(select(func.count()).select_from(Subscription)).scalar_one() == 0
        assert s.execute(select(func.count()).select_from(AuditEntry)).scalar_one() == 0


def test_invalid_events_are_422(client: Any, keys: Any) -> None:
    for events in ([], ["claim.deleted"], "claim.score_changed"):
        r = client.post("/v1/admin/subscriptions", json={"url": URL, "events": events}, headers=keys["admin"])
        assert r.status_code == 422 and "events" in " ".join(r.json["errors"])


def test_localhost_refused_without_allow_list(keys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CREDENCE_CALLBACK_ALLOW_HOSTS", "")
    strict = create_app({"log_json": False})
    try:
        r = strict.test_client().post(
            "/v1/admin/subscriptions",
            json={"url": "http://localhost:9/", "events": ["claim.score_changed"]},
            headers=keys["admin"],
        )
        assert r.status_code == 422 and "non-public" in r.json["errors"]["url"][0]
    finally:
        strict.extensions["credence"].engine.dispose()


def test_allow_list_hosts_and_cidrs() -> None:
    check_url("http://localhost:9/", ["localhost"])
    check_url("http://10.1.2.3/", ["10.0.0.0/8"])
    check_url("https://example.internal/", ["example.internal"])  # listed: not even resolved
    with pytest.raises(RefusedURL):
        check_url("http://10.1.2.3/", ["10.2.0.0/16"])
    with pytest.raises(RefusedURL):
        check_url("http://localhost:9/", [])
    check_url("http://93.184.215.14/", [])  # a public address needs no listing
