from __future__ import annotations

import re
from typing import Any

from openapi_spec_validator import validate

DESIGN_ENDPOINTS = {
    ("put", "/v1/outlets/{outlet_id}"),
    ("get", "/v1/outlets/{outlet_id}"),
    ("get", "/v1/outlets"),
    ("get", "/v1/outlets/{outlet_id}/score"),
    ("get", "/v1/outlets/{outlet_id}/score/history"),
    ("get", "/v1/lookup"),
    ("post", "/v1/lookup"),
    ("post", "/v1/claims"),
    ("get", "/v1/claims"),
    ("get", "/v1/claims/{claim_id}"),
    ("post", "/v1/claims/{claim_id}/appearances"),
    ("post", "/v1/claims/{claim_id}/verdicts"),
    ("get", "/v1/jobs/{job_id}"),
    ("put", "/v1/admin/profiles/{profile_id}"),
    ("get", "/v1/admin/profiles/{profile_id}"),
    ("get", "/v1/admin/profiles/{profile_id}/history"),
    ("post", "/v1/admin/profiles/{profile_id}/restore"),
    ("get", "/v1/admin/keys"),
    ("post", "/v1/admin/keys"),
    ("delete", "/v1/admin/keys/{key_id}"),
    ("get", "/v1/articles"),
    ("get", "/v1/articles/{article_id}"),
    ("post", "/v1/analyze"),
    ("post", "/v1/claims/search"),
    ("get", "/v1/claims/{claim_id}/similar"),
    ("get", "/v1/review/matches"),
    ("post", "/v1/claims/{claim_id}/merge"),
    ("post", "/v1/claims/{claim_id}/unmerge"),
    ("get", "/healthz"),
    ("get", "/readyz"),
    ("get", "/metrics"),
    ("get", "/openapi.json"),
    ("get", "/docs"),
}


def test_openapi_is_valid_and_complete(app: Any, client: Any) -> None:
    spec = client.get("/openapi.json").json
    validate(spec)
    documented = {(m, p) for p, item in spec["paths"].items() for m in item if m != "parameters"}
    assert documented >= DESIGN_ENDPOINTS
    # Every route the app serves is documented (nothing undocumented slips in).
    served = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint in {"static", "docs_assets.static"}:
            continue  # files (the app's, and Swagger UI's for /docs), not API operations
        if rule.endpoint.startswith("desk."):
            # The desk's HTML pages are not the API; they never live under its prefix.
            assert not rule.rule.startswith("/v1"), rule.rule
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            served.add((method.lower(), path))
    assert served <= documented, served - documented


def test_health_ready_metrics_docs(client: Any, keys: Any) -> None:
    assert client.get("/healthz").json == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json["checks"] == {"database": "ok", "redis": "ok"}
    client.get("/v1/outlets", headers=keys["reader"])
    metrics = client.get("/metrics").get_data(as_text=True)
    assert 'credence_http_requests_total{endpoint="/v1/outlets",method="GET",status="200"}' in metrics
    assert "credence_http_request_seconds_bucket" in metrics
    docs = client.get("/docs")
    assert docs.status_code == 200 and b"/openapi.json" in docs.data
    # Scripts from this server only (tests/api/test_docs.py checks each one is served).
    assert b"cdn" not in docs.data.lower() and b'src="http' not in docs.data and b"src=\"//" not in docs.data


def test_readyz_is_503_when_redis_is_down(app: Any, client: Any) -> None:
    from service.store.redis_conn import connect

    svc = app.extensions["credence"]
    real = svc.redis
    svc.redis = connect("redis://127.0.0.1:1/0")
    try:
        r = client.get("/readyz")
    finally:
        svc.redis = real
    assert r.status_code == 503 and r.content_type == "application/problem+json"
    assert r.json["checks"]["redis"].startswith("down") and r.json["checks"]["database"] == "ok"


def test_reads_fall_back_to_database_when_redis_is_down(app: Any, client: Any, keys: Any) -> None:
    from service.store.redis_conn import connect

    client.put("/v1/outlets/a", json={"name": "A", "kind": "news"}, headers=keys["editor"])
    svc = app.extensions["credence"]
    real = svc.redis
    svc.redis = connect("redis://127.0.0.1:1/0")
    try:
        r = client.get("/v1/outlets/a", headers=keys["reader"])
        w = client.put("/v1/outlets/b", json={"name": "B", "kind": "news"}, headers=keys["editor"])
    finally:
        svc.redis = real
    assert r.status_code == 200 and r.json["id"] == "a"
    assert w.status_code == 201  # committed; its scoring is left to the reconciler
