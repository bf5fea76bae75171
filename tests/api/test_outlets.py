from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from service.models import Outlet

NEWS = {"name": "Example News", "kind": "news", "domains": ["www.Example.com"], "country": "GB"}


def count_outlets(app: Any) -> int:
    with app.extensions["credence"].sessions() as s:
        return int(s.execute(select(func.count()).select_from(Outlet)).scalar_one())


def test_put_creates_then_replaces(client: Any, keys: Any) -> None:
    r = client.put("/v1/outlets/example-news", json=NEWS, headers=keys["editor"])
    assert r.status_code == 201
    assert r.headers["Location"] == "/v1/outlets/example-news"
    assert r.json["domains"] == ["example.com"]
    assert r.json["created_at"].endswith("Z")
    r = client.put(
        "/v1/outlets/example-news", json=NEWS | {"network": "acme", "domains": []}, headers=keys["editor"]
    )
    assert r.status_code == 200
    assert r.json["network"] == "acme" and r.json["domains"] == []
    got = client.get("/v1/outlets/example-news", headers=keys["reader"])
    assert got.status_code == 200 and got.json["network"] == "acme"


def test_get_is_served_from_cache_and_invalidated_on_put(client: Any, keys: Any, redis: Any) -> None:
    client.put("/v1/outlets/example-news", json=NEWS, headers=keys["editor"])
    assert client.get("/v1/outlets/example-news", headers=keys["reader"]).json["name"] == "Example News"
    assert redis.get("credence:v1:outlet:example-news") is not None
    client.put("/v1/outlets/example-news", json=NEWS | {"name": "Renamed"}, headers=keys["editor"])
    assert client.get("/v1/outlets/example-news", headers=keys["reader"]).json["name"] == "Renamed"


def test_duplicate_domain_is_409_and_writes_nothing(app: Any, client: Any, keys: Any) -> None:
    client.put("/v1/outlets/a", json=NEWS, headers=keys["editor"])
    r = client.put("/v1/outlets/b", json=NEWS | {"domains": ["example.com"]}, headers=keys["editor"])
    assert r.status_code == 409
    assert r.content_type == "application/problem+json"
    assert r.json["status"] == 409 and "example.com" in r.json["detail"]
    assert count_outlets(app) == 1


def test_invalid_fields_are_422_with_field_messages(app: Any, client: Any, keys: Any) -> None:
    r = client.put(
        "/v1/outlets/x",
        json={"name": "", "kind": "tabloid", "country": "gbr", "domains": ["not a domain"]},
        headers=keys["editor"],
    )
    assert r.status_code == 422
    assert set(r.json["errors"]) >= {"name", "kind", "country"}
    r = client.put("/v1/outlets/x", json=NEWS | {"domains": ["localhost"]}, headers=keys["editor"])
    assert r.status_code == 422 and "domains" in r.json["errors"]
    r = client.put("/v1/outlets/Bad_Slug", json=NEWS, headers=keys["editor"])
    assert r.status_code == 422 and "id" in r.json["errors"]
    # The slug message is str.format()ted by marshmallow: its braces once made this a 500.
    r = client.put("/v1/outlets/x", json=NEWS | {"network": "Bad Slug"}, headers=keys["editor"])
    assert r.status_code == 422
    assert r.json["errors"]["network"] == ["Must be a slug: [a-z0-9][a-z0-9-]{0,63}."]
    r = client.get("/v1/claims", query_string={"question": "Bad Slug"}, headers=keys["reader"])
    assert r.status_code == 422 and "question" in r.json["errors"]
    r = client.put("/v1/outlets/x", json=NEWS | {"profile": "missing"}, headers=keys["editor"])
    assert r.status_code == 422 and "profile" in r.json["errors"]
    r = client.put("/v1/outlets/x", json=NEWS | {"surprise": 1}, headers=keys["editor"])
    assert r.status_code == 422 and "surprise" in r.json["errors"]
    assert count_outlets(app) == 0


def test_list_filters_and_cursor(client: Any, keys: Any) -> None:
    for i in range(7):
        kind = "wire" if i % 2 else "news"
        client.put(
            f"/v1/outlets/o{i}",
            json={
                "name": f"O{i}",
                "kind": kind,
                "domains": [f"o{i}.org"],
                "network": "net" if i < 3 else None,
            },
            headers=keys["editor"],
        )
    seen: list[str] = []
    cursor = None
    while True:
        url = "/v1/outlets?limit=3" + (f"&cursor={cursor}" if cursor else "")
        body = client.get(url, headers=keys["reader"]).json
        seen += [o["id"] for o in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
        # A row added mid-pagination does not shift the pages already handed out.
        client.put("/v1/outlets/a-first", json={"name": "A", "kind": "blog"}, headers=keys["editor"])
    assert seen == [f"o{i}" for i in range(7)]
    kinds = client.get("/v1/outlets?kind=wire", headers=keys["reader"]).json["items"]
    assert [o["id"] for o in kinds] == ["o1", "o3", "o5"]
    net = client.get("/v1/outlets?network=net", headers=keys["reader"]).json["items"]
    assert [o["id"] for o in net] == ["o0", "o1", "o2"]
    dom = client.get("/v1/outlets?domain=https://www.o4.org/x", headers=keys["reader"]).json["items"]
    assert [o["id"] for o in dom] == ["o4"]
    bad = client.get("/v1/outlets?cursor=!!!", headers=keys["reader"])
    assert bad.status_code == 422
    assert client.get("/v1/outlets?limit=501", headers=keys["reader"]).status_code == 422


def test_list_by_name_country_and_label(client: Any, keys: Any, run_jobs: Any) -> None:
    client.put(
        "/v1/outlets/gazette",
        json={"name": "The Gazette", "kind": "news", "country": "GB"},
        headers=keys["editor"],
    )
    client.put(
        "/v1/outlets/herald",
        json={"name": "Herald_100%", "kind": "news", "country": "US"},
        headers=keys["editor"],
    )
    run_jobs()

    def ids(query: str) -> list[str]:
        return [o["id"] for o in client.get(f"/v1/outlets?{query}", headers=keys["reader"]).json["items"]]

    assert ids("q=GAZ") == ["gazette"]
    assert ids("q=_100%25") == ["herald"]  # LIKE wildcards are taken literally
    assert ids("q=%25") == ["herald"]
    assert ids("country=GB") == ["gazette"]
    assert ids("label=unrated") == ["gazette", "herald"]
    assert ids("label=high") == []
    assert client.get("/v1/outlets?country=gb", headers=keys["reader"]).status_code == 422


def test_unknown_outlet_is_404_problem(client: Any, keys: Any) -> None:
    r = client.get("/v1/outlets/nope", headers=keys["reader"])
    assert r.status_code == 404 and r.json["title"] == "Not Found"


def test_aliases_are_kept_in_order_and_unique_across_outlets_after_folding(client: Any, keys: Any) -> None:
    body = {"name": "Foreign Intelligence Service", "kind": "government",
            "aliases": ["SVR", "the SVR", "Sergei Naryshkin"]}
    r = client.put("/v1/outlets/svr", json=body, headers=keys["editor"])
    assert r.status_code == 201, r.json
    assert r.json["aliases"] == ["SVR", "Sergei Naryshkin"]  # "the SVR" folds to "SVR"
    clash = client.put(
        "/v1/outlets/other",
        json={"name": "Other", "kind": "news", "aliases": ["Sérgei NARYSHKIN's"]},
        headers=keys["editor"],
    )
    assert clash.status_code == 409 and clash.json["type"].endswith("duplicate-alias")
    assert "svr" in clash.json["detail"]
    empty = client.put(
        "/v1/outlets/other", json={"name": "Other", "kind": "news", "aliases": ["The"]},
        headers=keys["editor"],
    )
    assert empty.status_code == 422 and "aliases" in empty.json["errors"]
    moved = client.put("/v1/outlets/svr", json=body | {"aliases": ["SVR RF"]}, headers=keys["editor"])
    assert moved.json["aliases"] == ["SVR RF"]
    freed = client.put(
        "/v1/outlets/other", json={"name": "Other", "kind": "news", "aliases": ["Naryshkin's office"]},
        headers=keys["editor"],
    )
    assert freed.status_code == 201
    assert client.get("/v1/outlets/svr", headers=keys["reader"]).json["aliases"] == ["SVR RF"]
