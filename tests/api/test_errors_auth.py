from __future__ import annotations

from typing import Any

import pytest

from service.models import ApiKey
from service.store.db import transaction


def test_missing_and_bad_keys_are_401(client: Any, keys: Any) -> None:
    for headers in (
        {},
        {"Authorization": "Basic abc"},
        {"Authorization": "Bearer crd_nope_x"},
        {"Authorization": "Bearer garbage"},
    ):
        r = client.get("/v1/outlets", headers=headers)
        assert r.status_code == 401
        assert r.content_type == "application/problem+json"
        assert r.headers["WWW-Authenticate"].startswith("Bearer")
    token = keys["reader"]["Authorization"]
    r = client.get("/v1/outlets", headers={"Authorization": token[:-2] + "xx"})
    assert r.status_code == 401


@pytest.mark.parametrize(("role", "status"), [("reader", 403), ("editor", 201), ("admin", 201)])
def test_roles_are_ordered(client: Any, keys: Any, role: str, status: int) -> None:
    r = client.put("/v1/outlets/x", json={"name": "X", "kind": "news"}, headers=keys[role])
    assert r.status_code == status
    if status == 403:
        assert r.json["status"] == 403


def test_keys_are_stored_hashed(app: Any, keys: Any) -> None:
    secret = keys["admin"]["Authorization"].split()[1]
    with app.extensions["credence"].sessions() as s:
        stored = [k.key_hash for k in s.query(ApiKey)]
    assert all(secret not in h and secret.split("_", 2)[2] not in h for h in stored)


def test_revoked_key_stops_at_once_even_when_cached(app: Any, client: Any, keys: Any) -> None:
    made = client.post("/v1/admin/keys", json={"name": "tmp", "role": "reader"}, headers=keys["admin"])
    assert made.status_code == 201
    headers = {"Authorization": f"Bearer {made.json['key']}"}
    assert client.get("/v1/outlets", headers=headers).status_code == 200  # now cached
    listed = client.get("/v1/admin/keys", headers=keys["admin"]).json["items"]
    assert all("key" not in k and "key_hash" not in k for k in listed)
    assert client.delete(f"/v1/admin/keys/{made.json['id']}", headers=keys["admin"]).status_code == 204
    assert client.get("/v1/outlets", headers=headers).status_code == 401


def test_malformed_json_is_400(client: Any, keys: Any) -> None:
    r = client.post("/v1/claims", data="{not json", content_type="application/json", headers=keys["editor"])
    assert r.status_code == 400
    assert r.json["type"].endswith("bad-request") and r.json["detail"]


def test_oversized_body_is_413(app: Any, client: Any, keys: Any) -> None:
    limit = app.extensions["credence"].settings.max_body_bytes
    body = '{"text": "' + "x" * (limit + 10) + '"}'
    r = client.post("/v1/claims", data=body, content_type="application/json", headers=keys["editor"])
    assert r.status_code == 413
    assert r.content_type == "application/problem+json"


def test_405_and_unknown_route_are_problems(client: Any, keys: Any) -> None:
    r = client.delete("/v1/outlets/x", headers=keys["admin"])
    assert r.status_code == 405 and r.json["status"] == 405 and "Allow" in r.headers
    r = client.get("/v1/nothing-here", headers=keys["admin"])
    assert r.status_code == 404 and r.content_type == "application/problem+json"


def test_500_hides_internals(app: Any, client: Any, keys: Any) -> None:
    @app.route("/boom")
    def boom() -> None:
        raise RuntimeError("secret internals: password=hunter2")

    r = client.get("/boom")
    assert r.status_code == 500
    assert "hunter2" not in r.get_data(as_text=True)
    assert r.json["title"] == "Internal Server Error"


def test_cli_prints_only_the_key_on_stdout(app: Any) -> None:
    from click.testing import CliRunner

    from service.cli import keys_create

    runner = CliRunner()
    with app.app_context():
        result = runner.invoke(keys_create, ["--role", "admin", "--name", "ops"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().startswith("crd_") and len(result.stdout.strip().split()) == 1
    assert "shown only now" in result.stderr
    with transaction(app.extensions["credence"].sessions) as s:
        assert s.query(ApiKey).filter_by(name="ops", role="admin").count() == 1


def test_rate_limit_is_per_key_and_429(env: dict[str, str], monkeypatch: Any) -> None:
    from service import create_app

    monkeypatch.setenv("CREDENCE_RATE_LIMIT_PER_MINUTE", "3")
    app = create_app()
    app.extensions["credence"].redis.flushdb()
    from service.records.keys import new_key

    with transaction(app.extensions["credence"].sessions) as session:
        _, a = new_key(session, "a", "reader")
        _, b = new_key(session, "b", "reader")
    client = app.test_client()
    codes = [client.get("/healthz").status_code for _ in range(5)]
    assert codes == [200] * 5  # unauthenticated endpoints are not counted
    got = [client.get("/v1/outlets", headers={"Authorization": f"Bearer {a}"}).status_code for _ in range(4)]
    assert got == [200, 200, 200, 429]
    r = client.get("/v1/outlets", headers={"Authorization": f"Bearer {a}"})
    assert r.status_code == 429 and r.content_type == "application/problem+json"
    assert 1 <= int(r.headers["Retry-After"]) <= 60
    # Another key has its own allowance; a wrong secret for key a does not spend it.
    assert client.get("/v1/outlets", headers={"Authorization": f"Bearer {b}"}).status_code == 200
    app.extensions["credence"].redis.flushdb()
    app.extensions["credence"].engine.dispose()
