from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from service.models import Base

FULL = {
    "no_false_content": 1,
    "responsible_gathering": 1,
    "corrects_errors": 1,
    "separates_news_opinion": 1,
    "no_deceptive_headlines": 1,
    "discloses_ownership": 1,
    "labels_advertising": 1,
    "reveals_management": 1,
    "names_content_creators": 1,
}


def snapshot(app: Any) -> tuple[dict[str, list[tuple[Any, ...]]], dict[bytes, Any]]:
    svc = app.extensions["credence"]
    with svc.engine.connect() as conn:
        tables = {
            t.name: sorted(map(tuple, conn.execute(select(t)).all()), key=repr)
            for t in Base.metadata.sorted_tables
        }
    r = svc.redis
    keys = {k: r.dump(k) for k in r.scan_iter("credence:*")}
    return tables, keys


@pytest.fixture
def world(client: Any, keys: Any, apply_config_files: Any, run_jobs: Any) -> dict[str, Any]:
    apply_config_files()
    a = client.put("/v1/admin/profiles/acme", json={"criteria": FULL}, headers=keys["admin"])
    assert a.status_code == 201
    client.put(
        "/v1/outlets/acme",
        json={"name": "Acme", "kind": "news", "profile": "acme", "domains": ["acme.com"]},
        headers=keys["editor"],
    )
    client.put(
        "/v1/outlets/other",
        json={"name": "Other", "kind": "blog", "domains": ["other.com"]},
        headers=keys["editor"],
    )
    claim = client.post(
        "/v1/claims",
        json={
            "text": "A thing happened",
            "appearances": [
                {"outlet": "acme", "url": "https://acme.com/1"},
                {"outlet": "other", "url": "https://other.com/1"},
            ],
        },
        headers=keys["editor"],
    ).json
    run_jobs()
    run_jobs()
    return {"claim": claim["id"], "etag": a.headers["ETag"]}


def test_concurrent_edits_second_gets_412_and_nothing_lost(client: Any, keys: Any, world: Any) -> None:
    first = client.get("/v1/admin/profiles/acme", headers=keys["admin"])
    etag = first.headers["ETag"]
    alice = client.put(
        "/v1/admin/profiles/acme",
        json={"criteria": FULL | {"corrects_errors": 0}},
        headers=keys["admin"] | {"If-Match": etag},
    )
    assert alice.status_code == 200 and alice.json["version"] == 2
    bob = client.put(
        "/v1/admin/profiles/acme",
        json={"criteria": FULL | {"labels_advertising": 0}},
        headers=keys["admin"] | {"If-Match": etag},
    )
    assert bob.status_code == 412 and bob.content_type == "application/problem+json"
    assert bob.json["current_version"] == 2
    now = client.get("/v1/admin/profiles/acme", headers=keys["admin"]).json
    assert now["criteria"]["corrects_errors"] == 0 and now["criteria"]["labels_advertising"] == 1
    hist = client.get("/v1/admin/profiles/acme/history", headers=keys["admin"]).json["items"]
    assert [h["version"] for h in hist] == [1, 2]
    assert hist[1]["diff"] == {"corrects_errors": {"old": 1, "new": 0}}
    assert hist[1]["updated_by"] == "test-admin"


def test_profile_validation(client: Any, keys: Any, world: Any) -> None:
    for body, field in (
        ({"criteria": {"made_up": 1}}, "criteria.made_up"),
        ({"criteria": {"corrects_errors": 1.5}}, "criteria"),
        ({"criteria": {}, "prior_strength": 0}, "prior_strength"),
        ({"criteria": {}, "prior_strength": -3}, "prior_strength"),
    ):
        r = client.put("/v1/admin/profiles/x", json=body, headers=keys["admin"])
        assert r.status_code == 422, body
        assert any(k.startswith(field) for k in r.json["errors"]), r.json
    assert client.get("/v1/admin/profiles/x", headers=keys["admin"]).status_code == 404


def test_restore_returns_scores_exactly(client: Any, keys: Any, world: Any, run_jobs: Any) -> None:
    before_outlet = client.get("/v1/outlets/acme/score", headers=keys["reader"]).json
    before_claim = client.get(f"/v1/claims/{world['claim']}", headers=keys["reader"]).json["corroboration"]
    r = client.put(
        "/v1/admin/profiles/acme", json={"criteria": {"no_false_content": 0}}, headers=keys["admin"]
    )
    assert r.json["jobs"] == {"acme": "score-outlet--acme"}
    run_jobs()
    run_jobs()
    changed = client.get("/v1/outlets/acme/score", headers=keys["reader"]).json
    assert changed["reliability"] < before_outlet["reliability"]
    r = client.post("/v1/admin/profiles/acme/restore", json={"version": 1}, headers=keys["admin"])
    assert r.status_code == 200 and r.json["version"] == 3 and r.json["criteria"] == FULL
    run_jobs()
    run_jobs()
    after_outlet = client.get("/v1/outlets/acme/score", headers=keys["reader"]).json
    after_claim = client.get(f"/v1/claims/{world['claim']}", headers=keys["reader"]).json["corroboration"]
    assert after_outlet["reliability"] == before_outlet["reliability"]
    assert after_outlet["score"] == before_outlet["score"]
    assert after_claim["probability"] == before_claim["probability"]
    assert (
        client.post("/v1/admin/profiles/acme/restore", json={"version": 9}, headers=keys["admin"]).status_code
        == 404
    )


def test_previews_change_nothing(app: Any, client: Any, keys: Any, world: Any) -> None:
    before = snapshot(app)
    r = client.post(
        "/v1/admin/profiles/acme/preview", json={"criteria": {"no_false_content": 0}}, headers=keys["admin"]
    )
    assert r.status_code == 200
    (outlet,) = r.json["outlets"]
    assert outlet["outlet"] == "acme" and outlet["new"]["score"] == 0 and outlet["old"]["score"] == 100
    assert r.json["claims"]["claims_affected"] == 1 and r.json["claims"]["score_changes"] == 1
    cfg = client.get("/v1/admin/config", headers=keys["admin"]).json["config"]
    r = client.post(
        "/v1/admin/config/preview",
        json={"config": cfg | {"hedge_factor": 0.1, "kind_priors": cfg["kind_priors"] | {"blog": 0.9}}},
        headers=keys["admin"],
    )
    assert r.status_code == 200
    assert r.json["outlets"]["score_changes"] >= 1 and r.json["claims"]["claims_considered"] == 1
    assert snapshot(app) == before


def test_config_versions_history_restore(client: Any, keys: Any, world: Any, run_jobs: Any) -> None:
    got = client.get("/v1/admin/config", headers=keys["admin"])
    cfg, etag = got.json["config"], got.headers["ETag"]
    bad = client.put("/v1/admin/config", json={"config": cfg | {"hedge_factor": 7}}, headers=keys["admin"])
    assert bad.status_code == 422 and "hedge_factor" in bad.json["errors"]
    new = cfg | {"kind_priors": cfg["kind_priors"] | {"blog": 0.2}}
    r = client.put("/v1/admin/config", json={"config": new}, headers=keys["admin"] | {"If-Match": etag})
    assert r.status_code == 200 and r.json["jobs"] == {"*": "rescore-all"}
    stale = client.put("/v1/admin/config", json={"config": cfg}, headers=keys["admin"] | {"If-Match": etag})
    assert stale.status_code == 412
    run_jobs()
    run_jobs()
    assert client.get("/v1/outlets/other/score", headers=keys["reader"]).json["score"] == 20
    hist = client.get("/v1/admin/config/history", headers=keys["admin"]).json["items"]
    assert hist[-1]["diff"] == {"kind_priors.blog": {"old": 0.45, "new": 0.2}}
    r = client.post("/v1/admin/config/restore", json={"version": hist[-2]["version"]}, headers=keys["admin"])
    assert r.status_code == 200
    run_jobs()
    run_jobs()
    assert client.get("/v1/outlets/other/score", headers=keys["reader"]).json["score"] == 45


def test_audit_records_admin_writes(client: Any, keys: Any, world: Any) -> None:
    client.put(
        "/v1/admin/profiles/acme", json={"criteria": FULL | {"corrects_errors": 0}}, headers=keys["admin"]
    )
    items = client.get("/v1/admin/audit?entity_type=profile&entity_id=acme", headers=keys["admin"]).json[
        "items"
    ]
    assert [i["action"] for i in items] == ["create", "update"]
    assert items[1]["actor"] == "test-admin"
    assert (
        items[1]["old"]["criteria"]["corrects_errors"] == 1
        and items[1]["new"]["criteria"]["corrects_errors"] == 0
    )
    assert client.get("/v1/admin/audit?actor=nobody", headers=keys["admin"]).json["items"] == []
    future = client.get("/v1/admin/audit?since=2999-01-01T00:00:00Z", headers=keys["admin"]).json
    assert future["items"] == []


def test_every_admin_endpoint_refuses_non_admin_keys(client: Any, keys: Any) -> None:
    """Driven by the OpenAPI document, so a new admin endpoint cannot be forgotten."""
    spec = client.get("/openapi.json").json
    checked = 0
    for path, item in spec["paths"].items():
        if not path.startswith("/v1/admin"):
            continue
        url = re.sub(r"\{[^}]+\}", "x", path)
        for method in item:
            if method == "parameters":
                continue
            for role in ("reader", "editor"):
                r = client.open(url, method=method.upper(), json={}, headers=keys[role])
                assert r.status_code == 403, (method, path, role, r.status_code)
            r = client.open(url, method=method.upper(), json={})
            assert r.status_code == 401, (method, path)
            checked += 1
    assert checked >= 14


def test_profile_list_with_outlet_counts_and_cursor(client: Any, keys: Any, world: Any) -> None:
    client.put("/v1/admin/profiles/zeta", json={"criteria": {}}, headers=keys["admin"])
    first = client.get("/v1/admin/profiles?limit=1", headers=keys["admin"]).json
    seen = [p["id"] for p in first["items"]]
    cursor = first["next_cursor"]
    while cursor:
        nxt = client.get(f"/v1/admin/profiles?limit=1&cursor={cursor}", headers=keys["admin"]).json
        seen += [p["id"] for p in nxt["items"]]
        cursor = nxt["next_cursor"]
    assert seen == sorted(seen) and {"acme", "zeta"} <= set(seen)
    acme = client.get("/v1/admin/profiles?q=acm", headers=keys["admin"]).json["items"]
    assert [(p["id"], p["version"], p["outlets"]) for p in acme] == [("acme", 1, 1)]
    assert client.get("/v1/admin/profiles", headers=keys["editor"]).status_code == 403
