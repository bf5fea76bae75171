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


# Issue 16: each names a loopback, private or link-local IPv4 address through an IPv6
# form Python calls global (or one it cannot place), or a port nobody listens on.
EMBEDDING = [
    "http://[2002:7f00:1::]/",  # 6to4 of 127.0.0.1
    "http://[2002:a9fe:a9fe::1]/",  # 6to4 of 169.254.169.254
    "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",  # Teredo, client 127.0.0.1
    "http://[2001:0:7f00:1::1]/",  # Teredo, server 127.0.0.1
    "http://[64:ff9b::7f00:1]/",  # NAT64 of 127.0.0.1
    "http://[64:ff9b::a9fe:a9fe]/",  # NAT64 of the metadata service
    "http://[64:ff9b:1::a00:1]/",  # local-use NAT64
    "http://[::127.0.0.1]/",  # IPv4-compatible
    "http://[::ffff:7f00:1]/",  # IPv4-mapped, hex
    "http://93.184.215.14:0/",  # port 0
]


@pytest.mark.parametrize("url", EMBEDDING)
def test_ipv6_forms_of_private_ipv4_and_port_0_are_422(app: Any, client: Any, keys: Any, url: str) -> None:
    r = client.post(
        "/v1/admin/subscriptions", json={"url": url, "events": ["claim.score_changed"]}, headers=keys["admin"]
    )
    assert r.status_code == 422 and "url" in r.json["errors"], r.json
    with pytest.raises(RefusedURL):
        check_url(url, [])


@pytest.mark.parametrize("url", ["http://[2002:5db8:d70e::1]/", "http://[64:ff9b::5db8:d70e]/"])
def test_ipv6_forms_of_a_public_ipv4_are_public(url: str) -> None:
    check_url(url, [])  # 93.184.215.14 behind 6to4 or NAT64


def test_deleting_a_subscription_keeps_its_delivery_log(app: Any, client: Any, keys: Any) -> None:
    from service.models.base import utcnow
    from service.models.notifications import NotificationDelivery
    from service.store.db import transaction

    sub = client.post(
        "/v1/admin/subscriptions", json={"url": URL, "events": ["claim.score_changed"]}, headers=keys["admin"]
    ).json
    with transaction(app.extensions["credence"].sessions) as s:
        s.add(
            NotificationDelivery(
                subscription_id=sub["id"],
                event_type="claim.score_changed",
                event_id="evt_1",
                payload={"id": "evt_1"},
                attempt=1,
                status_code=200,
                at=utcnow(),
                duration_ms=1.0,
            )
        )
    path = f"/v1/admin/subscriptions/{sub['id']}"
    assert client.delete(path, headers=keys["admin"]).status_code == 204
    log = client.get(f"{path}/deliveries", headers=keys["admin"])
    assert log.status_code == 200 and [d["event_id"] for d in log.json["items"]] == ["evt_1"]
    # Gone for everything else: not listed, not readable, not deletable twice.
    assert client.get(path, headers=keys["admin"]).status_code == 404
    assert client.get("/v1/admin/subscriptions", headers=keys["admin"]).json["items"] == []
    assert client.delete(path, headers=keys["admin"]).status_code == 404
    with app.extensions["credence"].sessions() as s:
        row = s.get(Subscription, sub["id"])
        assert row is not None and row.secret == "" and row.disabled_at is not None
