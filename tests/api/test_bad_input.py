"""Input that once answered 500: each is now a 4xx problem document, and nothing is written.

Found by running schemathesis against the OpenAPI document and by targeted probes; every
case here failed before its fix, on SQLite or PostgreSQL.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from sqlalchemy import func, select

from service.api import lookup
from service.models import Article, Claim, Outlet
from tests.support.signing import article, post

JSON = {"content-type": "application/json"}


def count(app: Any, model: Any) -> int:
    with app.extensions["credence"].sessions() as s:
        return int(s.execute(select(func.count()).select_from(model)).scalar_one())


def problem(r: Any, status: int) -> dict[str, Any]:
    assert r.status_code == status, (r.status_code, r.get_data(as_text=True)[:300])
    assert r.content_type == "application/problem+json"
    body: dict[str, Any] = r.json
    return body


@pytest.mark.parametrize("path", ["/v1/admin/config/restore", "/v1/admin/profiles/acme/restore"])
def test_a_version_too_large_for_the_database_is_422(client: Any, keys: Any, path: str) -> None:
    r = client.post(path, json={"version": 1675744049436173969391616}, headers=keys["admin"])
    assert "version" in problem(r, 422)["errors"]


def test_a_cursor_holding_a_huge_key_is_422(client: Any, keys: Any) -> None:
    cursor = base64.urlsafe_b64encode(b"k1:" + b"9" * 30).decode().rstrip("=")
    r = client.get("/v1/admin/audit", query_string={"cursor": cursor}, headers=keys["admin"])
    assert "cursor" in problem(r, 422)["errors"]


def test_a_job_id_rq_could_not_have_made_is_404(client: Any, keys: Any) -> None:
    problem(client.get("/v1/jobs/a.b", headers=keys["reader"]), 404)


EDGE_OF_TIME = ["0001-01-01T00:00:00+05:00", "9999-12-31T23:00:00-05:00"]


@pytest.mark.parametrize("moment", EDGE_OF_TIME)
def test_a_date_time_with_no_utc_equivalent_is_422(app: Any, client: Any, keys: Any, moment: str) -> None:
    claim = {
        "text": "t",
        "appearances": [{"outlet": "example.com", "url": "http://example.com/a", "published_at": moment}],
    }
    r = client.post("/v1/claims", json=claim, headers=keys["editor"])
    assert "appearances.0.published_at" in problem(r, 422)["errors"]
    r = client.post(
        "/v1/claims", json={"text": "t", "verdicts": [{"reviewer": "snopes", "rating": "false",
                                                      "reviewed_at": moment}]},
        headers=keys["editor"],
    )
    assert "verdicts.0.reviewed_at" in problem(r, 422)["errors"]
    r = client.get("/v1/admin/audit", query_string={"since": moment}, headers=keys["admin"])
    assert "since" in problem(r, 422)["errors"]
    body = article(1)
    body["article"]["published_at"] = moment
    assert "article.published_at" in problem(post(client, body), 422)["errors"]
    assert count(app, Claim) == 0 and count(app, Article) == 0


@pytest.mark.parametrize("bad", ["\ud800", "\udfff", "\x00"])
def test_unstorable_text_is_422_naming_the_field(app: Any, client: Any, keys: Any, bad: str) -> None:
    # json.dumps escapes them (\ud800, \u0000): valid JSON, but not storable text.
    def send(method: str, path: str, body: Any, key: str) -> Any:
        return client.open(path, method=method, data=json.dumps(body), headers=JSON | keys[key])

    assert "text" in problem(send("POST", "/v1/claims", {"text": f"x{bad}"}, "editor"), 422)["errors"]
    r = send("PUT", "/v1/outlets/x", {"name": f"x{bad}", "kind": "blog"}, "editor")
    assert "name" in problem(r, 422)["errors"]
    r = send("POST", "/v1/lookup", {"urls": [f"http://x{bad}.com/"]}, "reader")
    assert "urls.0" in problem(r, 422)["errors"]
    body = article(1)
    body["article"]["outlet"] = f"news{bad}.example.com"
    assert "article.outlet" in problem(post(client, body), 422)["errors"]
    assert count(app, Claim) == 0 and count(app, Outlet) == 0 and count(app, Article) == 0


def test_an_escaped_surrogate_pair_is_ordinary_text(app: Any, client: Any, keys: Any) -> None:
    body = json.dumps({"text": "Convoy \U0001f69a crossed"})  # sent as \ud83d\ude9a
    assert "\\ud83d\\ude9a" in body
    r = client.post("/v1/claims", data=body, headers=JSON | keys["editor"])
    assert r.status_code == 201 and r.json["text"] == "Convoy \U0001f69a crossed"


def test_nul_in_the_url_is_400(client: Any, keys: Any) -> None:
    problem(client.get("/v1/claims/cl%00x", headers=keys["reader"]), 400)
    problem(client.get("/v1/claims", query_string="q=a%00b", headers=keys["reader"]), 400)


def test_a_config_number_the_engine_cannot_use_is_422(client: Any, keys: Any) -> None:
    before = client.get("/v1/admin/config", headers=keys["admin"]).json
    cfg = before["config"]
    huge = {"config": cfg | {"criteria": {name: 1e308 for name in cfg["criteria"]}}}
    r = client.post("/v1/admin/config/preview", json=huge, headers=keys["admin"])
    assert any(k.startswith("criteria.") for k in problem(r, 422)["errors"])
    r = client.put("/v1/admin/config", json=huge, headers=keys["admin"])
    problem(r, 422)
    assert client.get("/v1/admin/config", headers=keys["admin"]).json["version"] == before["version"]


def test_a_host_longer_than_dns_allows_is_not_a_domain(client: Any, keys: Any) -> None:
    long_label = "http://" + "a" * 64 + ".example.com/"
    deep = "http://" + "a." * 130 + "example.com/"  # 264 characters of host
    r = client.post("/v1/lookup", json={"urls": [long_label, deep]}, headers=keys["reader"])
    assert r.status_code == 200
    assert [item["domain"] for item in r.json["items"]] == [None, None]


def test_lookup_asks_for_candidate_names_in_chunks(client: Any, keys: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(lookup, "IN_CHUNK", 2)
    for i in range(3):
        outlet = {"name": f"O{i}", "kind": "news", "domains": [f"o{i}.example.com"]}
        client.put(f"/v1/outlets/o{i}", json=outlet, headers=keys["editor"])
    urls = [f"https://news.o{i}.example.com/a" for i in range(3)] + ["https://unknown.example.org/"]
    r = client.post("/v1/lookup", json={"urls": urls}, headers=keys["reader"])
    assert r.status_code == 200
    assert [(item["outlet"] or {}).get("id") for item in r.json["items"]] == ["o0", "o1", "o2", None]
