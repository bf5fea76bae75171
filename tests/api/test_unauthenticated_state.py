"""What a caller without a key can make the server keep (issue 16): made-up HTTP methods
must not become metric label values, and made-up API keys must not each leave a Redis
key behind or cost a database lookup without limit."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event

from service import create_app

METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
OTHER_METHOD = "other"


def test_made_up_methods_share_one_metrics_label(client: Any) -> None:
    for i in range(40):
        r = client.open("/v1/outlets", method=f"BREW{i}")
        assert r.status_code == 405 and r.content_type == "application/problem+json"
    client.open("/nowhere", method="XYZZY")
    text = client.get("/metrics").get_data(as_text=True)
    labels = set(re.findall(r'credence_http_requests_total\{[^}]*method="([^"]+)"', text))
    assert "BREW1" not in labels and "XYZZY" not in labels
    assert OTHER_METHOD in labels and labels <= METHODS | {OTHER_METHOD}


@pytest.fixture
def guarded(env: dict[str, str], monkeypatch: pytest.MonkeyPatch, app: Flask) -> Iterator[Flask]:
    """An app allowing 20 unknown key ids a minute per address (the default is 120)."""
    monkeypatch.setenv("CREDENCE_AUTH_MISSES_PER_MINUTE", "20")
    strict = create_app({"log_json": False})
    strict.config["TESTING"] = True
    yield strict
    strict.extensions["credence"].engine.dispose()


def _key_lookups(flask_app: Flask) -> list[str]:
    seen: list[str] = []

    @event.listens_for(flask_app.extensions["credence"].engine, "before_cursor_execute")
    def _count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "api_keys" in statement:
            seen.append(statement)

    return seen


def test_made_up_keys_leave_nothing_in_redis_and_are_capped(guarded: Flask, redis: Any, keys: Any) -> None:
    client = guarded.test_client()
    assert client.get("/v1/outlets", headers=keys["reader"]).status_code == 200  # its record cached
    lookups = _key_lookups(guarded)
    statuses = []
    for _ in range(60):
        token = f"crd_{secrets.token_hex(6)}_{secrets.token_urlsafe(32)}"
        r = client.get("/v1/outlets", headers={"Authorization": f"Bearer {token}"})
        assert r.content_type == "application/problem+json"
        statuses.append(r.status_code)
    assert statuses[:20] == [401] * 20 and set(statuses[20:]) == {429}
    assert len(lookups) == 20  # past the allowance, no database lookup at all
    assert len(list(redis.scan_iter("credence:v1:key:*"))) == 1  # the real key's; none per made-up id
    assert len(list(redis.scan_iter("credence:v1:authmiss:*"))) == 1  # one counter per address
    # A real key still works from that address while its record is cached (the
    # address is refused only lookups), and from any other address, cached or not.
    assert client.get("/v1/outlets", headers=keys["reader"]).status_code == 200
    other = client.get("/v1/outlets", headers=keys["editor"], environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert other.status_code == 200


def test_keys_of_the_wrong_shape_cost_no_lookup(guarded: Flask, redis: Any) -> None:
    client = guarded.test_client()
    lookups = _key_lookups(guarded)
    for token in ("crd_nope_x", "crd_0123456789ab_short", f"crd_{'g' * 12}_{'a' * 43}", "crd__", "x" * 500):
        r = client.get("/v1/outlets", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401
    assert lookups == [] and not list(redis.scan_iter("credence:v1:*"))


def test_a_revoked_key_is_cached_as_revoked(app: Any, client: Any, keys: Any, redis: Any) -> None:
    admin = keys["admin"]
    listed = client.get("/v1/admin/keys", headers=admin).json["items"]
    reader = next(k for k in listed if k["name"] == "test-reader")
    assert client.delete(f"/v1/admin/keys/{reader['id']}", headers=admin).status_code == 204
    lookups = _key_lookups(app)
    for _ in range(3):
        assert client.get("/v1/outlets", headers=keys["reader"]).status_code == 401
    assert len(lookups) == 1  # revoked keys are finite: their answer is cached
