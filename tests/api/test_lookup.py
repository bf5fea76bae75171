from __future__ import annotations

from typing import Any


def _outlet(client: Any, keys: Any, oid: str, domains: list[str], **extra: Any) -> None:
    r = client.put(
        f"/v1/outlets/{oid}",
        json={"name": oid.title(), "kind": "news", "domains": domains, **extra},
        headers=keys["editor"],
    )
    assert r.status_code in (200, 201), r.json


def test_lookup_folds_www_and_subdomains(client: Any, keys: Any) -> None:
    _outlet(client, keys, "bbc", ["bbc.co.uk"])
    for url in (
        "https://www.bbc.co.uk/news/x",
        "http://news.bbc.co.uk",
        "bbc.co.uk",
        "https://WWW.BBC.CO.UK./a?b=c",
    ):
        body = client.get("/v1/lookup", query_string={"url": url}, headers=keys["reader"]).json
        assert body["outlet"]["id"] == "bbc", url
        assert body["domain"] == "bbc.co.uk"


def test_most_specific_registered_host_wins(client: Any, keys: Any) -> None:
    _outlet(client, keys, "example", ["example.com"])
    _outlet(client, keys, "example-local", ["local.example.com"])

    def get(u):
        return client.get("/v1/lookup", query_string={"url": u}, headers=keys["reader"]).json

    assert get("https://a.local.example.com/x")["outlet"]["id"] == "example-local"
    assert get("https://www.example.com/x")["outlet"]["id"] == "example"


def test_unknown_domain_is_unrated_not_an_error(client: Any, keys: Any) -> None:
    body = client.get("/v1/lookup?url=https://nobody-knows.example.org/x", headers=keys["reader"]).json
    assert body["outlet"] is None and body["label"] == "unrated" and body["score"] is None
    # The negative answer is cached; registering the domain afterwards must still be seen.
    _outlet(client, keys, "nk", ["example.org"])
    body = client.get("/v1/lookup?url=https://nobody-knows.example.org/x", headers=keys["reader"]).json
    assert body["outlet"]["id"] == "nk"


def test_lookup_reports_score_once_computed(client: Any, keys: Any, run_jobs: Any) -> None:
    _outlet(
        client,
        keys,
        "wire",
        ["wire-example.org"],
    )
    run_jobs()
    body = client.get("/v1/lookup?url=wire-example.org", headers=keys["reader"]).json
    assert body["score"] == 70 and body["label"] == "unrated"  # kind prior only


def test_batch_lookup_keeps_order_and_limits(client: Any, keys: Any) -> None:
    _outlet(client, keys, "a", ["a.com"])
    urls = ["https://b.com/1", "https://www.a.com/2", "not a url at all", "https://a.com/3"]
    items = client.post("/v1/lookup", json={"urls": urls}, headers=keys["reader"]).json["items"]
    assert [i["url"] for i in items] == urls
    assert [i["outlet"]["id"] if i["outlet"] else None for i in items] == [None, "a", None, "a"]
    assert "error" in items[2]
    r = client.post("/v1/lookup", json={"urls": ["https://a.com"] * 1001}, headers=keys["reader"])
    assert r.status_code == 422
    # One string that names no domain is answered as in a batch (the document allows any).
    one = client.get("/v1/lookup?url=%20", headers=keys["reader"])
    assert one.status_code == 200 and one.json["domain"] is None and "error" in one.json
    assert client.get("/v1/lookup", headers=keys["reader"]).status_code == 422


def test_lookup_survives_redis_flush(client: Any, keys: Any, redis: Any) -> None:
    _outlet(client, keys, "a", ["a.com"])
    client.get("/v1/lookup?url=a.com", headers=keys["reader"])
    redis.flushdb()
    assert client.get("/v1/lookup?url=a.com", headers=keys["reader"]).json["outlet"]["id"] == "a"


def test_cached_lookup_follows_score_and_outlet_changes(
    client: Any, keys: Any, run_jobs: Any, apply_config_files: Any
) -> None:
    apply_config_files()
    run_jobs()
    client.put("/v1/admin/profiles/p", json={"criteria": {"no_false_content": 1}}, headers=keys["admin"])
    _outlet(client, keys, "sub", ["sub.example.net"], profile="p")
    run_jobs()
    get = lambda u: client.get("/v1/lookup", query_string={"url": u}, headers=keys["reader"]).json  # noqa: E731
    assert get("https://a.sub.example.net/x")["score"] == 100  # cached now, under both host names
    client.put("/v1/admin/profiles/p", json={"criteria": {"no_false_content": 0}}, headers=keys["admin"])
    run_jobs()
    assert get("https://a.sub.example.net/x")["score"] == 0
    _outlet(client, keys, "parent", ["example.net"])
    assert get("https://other.example.net/")["outlet"]["id"] == "parent"
    assert get("https://a.sub.example.net/x")["outlet"]["id"] == "sub"
