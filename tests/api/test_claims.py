from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from service.models import Appearance, Claim, Outlet


def counts(app: Any) -> tuple[int, int, int]:
    with app.extensions["credence"].sessions() as s:
        return tuple(  # type: ignore[return-value]
            int(s.execute(select(func.count()).select_from(t)).scalar_one())
            for t in (Claim, Appearance, Outlet)
        )


CLAIM = {
    "text": "US forces trained ISIS fighters at al-Tanf.",
    "topics": ["syria"],
    "appearances": [
        {
            "outlet": "tlav-example.org",
            "url": "https://tlav-example.org/a",
            "stance": "supports",
            "origin": {"name": "SVR", "kind": "government", "network": "russian-state"},
            "hedged": True,
            "published_at": "2023-02-16T00:00:00Z",
        },
    ],
}


def test_create_claim_with_unknown_origin_creates_outlets(app: Any, client: Any, keys: Any) -> None:
    r = client.post("/v1/claims", json=CLAIM, headers=keys["editor"])
    assert r.status_code == 201, r.json
    body = r.json
    assert body["id"].startswith("c_") and body["stale"] is True and body["corroboration"] is None
    (app_,) = body["appearances"]
    assert app_["origin"] == "svr" and app_["outlet"] == "tlav-example-org"
    svr = client.get("/v1/outlets/svr", headers=keys["reader"]).json
    assert svr["kind"] == "government" and svr["network"] == "russian-state"
    publisher = client.get("/v1/outlets/tlav-example-org", headers=keys["reader"]).json
    assert publisher["kind"] == "unknown" and publisher["domains"] == ["tlav-example.org"]
    # The same origin named again resolves to the same outlet.
    r = client.post(
        f"/v1/claims/{body['id']}/appearances",
        json={
            "outlet": "https://www.other-example.org/x",
            "url": "https://other-example.org/x",
            "origin": {"name": "svr"},
        },
        headers=keys["editor"],
    )
    assert r.status_code == 201 and r.json["origin"] == "svr"


def test_duplicate_appearance_is_409_and_nothing_written(app: Any, client: Any, keys: Any) -> None:
    cid = client.post("/v1/claims", json=CLAIM, headers=keys["editor"]).json["id"]
    before = counts(app)
    dup = dict(CLAIM["appearances"][0])
    r = client.post(f"/v1/claims/{cid}/appearances", json=dup, headers=keys["editor"])
    assert r.status_code == 409 and r.content_type == "application/problem+json"
    assert counts(app) == before
    # First-hand duplicates (NULL origin) are caught too.
    first = {"outlet": "a-example.org", "url": "https://a-example.org/1"}
    assert client.post(f"/v1/claims/{cid}/appearances", json=first, headers=keys["editor"]).status_code == 201
    assert client.post(f"/v1/claims/{cid}/appearances", json=first, headers=keys["editor"]).status_code == 409


def test_failed_claim_post_writes_nothing(app: Any, client: Any, keys: Any) -> None:
    bad = CLAIM | {"appearances": CLAIM["appearances"] * 2}  # duplicate inside one request
    r = client.post("/v1/claims", json=bad, headers=keys["editor"])
    assert r.status_code == 409
    assert counts(app) == (0, 0, 0)
    r = client.post(
        "/v1/claims",
        json=CLAIM | {"appearances": [{"outlet": "x", "url": "ftp://x"}]},
        headers=keys["editor"],
    )
    assert r.status_code == 422 and "appearances.0.url" in r.json["errors"]
    assert counts(app) == (0, 0, 0)


def test_verdicts_and_unknown_claim(client: Any, keys: Any) -> None:
    cid = client.post("/v1/claims", json=CLAIM, headers=keys["editor"]).json["id"]
    r = client.post(
        f"/v1/claims/{cid}/verdicts",
        json={
            "reviewer": {"name": "Snopes", "kind": "fact_checker"},
            "rating": "false",
            "url": "https://snopes.com/1",
            "reviewed_at": "2023-03-01T00:00:00Z",
        },
        headers=keys["editor"],
    )
    assert r.status_code == 201 and r.json["reviewer"] == "snopes"
    assert (
        client.post(
            f"/v1/claims/{cid}/verdicts",
            json={"reviewer": "snopes", "rating": "bogus"},
            headers=keys["editor"],
        ).status_code
        == 422
    )
    assert (
        client.post(
            "/v1/claims/c_missing/verdicts",
            json={"reviewer": "snopes", "rating": "true"},
            headers=keys["editor"],
        ).status_code
        == 404
    )
    assert client.get("/v1/claims/c_missing", headers=keys["reader"]).status_code == 404
    full = client.get(f"/v1/claims/{cid}", headers=keys["reader"]).json
    assert [v["rating"] for v in full["verdicts"]] == ["false"]


def test_search_by_text_and_question(client: Any, keys: Any) -> None:
    ids = []
    for text, q in (
        ("Casualties were 100", "toll"),
        ("Casualties were 250", "toll"),
        ("The bridge 50%_off collapsed", None),
    ):
        ids.append(
            client.post("/v1/claims", json={"text": text, "question": q}, headers=keys["editor"]).json["id"]
        )
    got = client.get("/v1/claims?q=casualties", headers=keys["reader"]).json["items"]
    assert [c["id"] for c in got] == ids[:2]
    got = client.get("/v1/claims?question=toll&limit=1", headers=keys["reader"]).json
    assert [c["id"] for c in got["items"]] == ids[:1] and got["next_cursor"]
    got = client.get("/v1/claims?q=50%25_off", headers=keys["reader"]).json["items"]
    assert [c["id"] for c in got] == ids[2:]
    assert client.get("/v1/claims?q=50%25xoff", headers=keys["reader"]).json["items"] == []


def test_list_filters_by_label_and_outlet(client: Any, keys: Any, run_jobs: Any) -> None:
    for outlet in ("alpha", "beta"):
        client.put(f"/v1/outlets/{outlet}", json={"name": outlet, "kind": "news"}, headers=keys["editor"])
    one = client.post(
        "/v1/claims",
        json={"text": "First", "appearances": [{"outlet": "alpha", "url": "https://a.example/1"}]},
        headers=keys["editor"],
    ).json
    two = client.post(
        "/v1/claims",
        json={
            "text": "Second",
            "appearances": [{"outlet": "beta", "url": "https://b.example/1", "origin": "alpha"}],
        },
        headers=keys["editor"],
    ).json
    run_jobs()
    run_jobs()

    def ids(query: str) -> list[str]:
        return [c["id"] for c in client.get(f"/v1/claims?{query}", headers=keys["reader"]).json["items"]]

    assert ids("outlet=alpha") == [one["id"], two["id"]]  # publisher, and origin
    assert ids("outlet=beta") == [two["id"]]
    label = client.get(f"/v1/claims/{one['id']}", headers=keys["reader"]).json["corroboration"]["label"]
    assert one["id"] in ids(f"label={label}")
    assert client.get("/v1/claims?label=nonsense", headers=keys["reader"]).status_code == 422


def test_text_search_is_a_literal_substring_from_the_index(client: Any, keys: Any) -> None:
    texts = [
        'The "Ministry" said 50% of the 2_000 figures were wrong.',
        "Troops trained fighters at al-Tanf.",
        "TROOPS TRAINED NOBODY.",
        "Über 5 Prozent.",
    ]
    ids = [client.post("/v1/claims", json={"text": t}, headers=keys["editor"]).json["id"] for t in texts]

    def found(q: str) -> list[str]:
        items = client.get("/v1/claims", query_string={"q": q}, headers=keys["reader"]).json["items"]
        return [c["id"] for c in items]

    assert found("troops trained") == [ids[1], ids[2]]  # case-insensitive
    assert found('"Ministry" said') == [ids[0]]  # quotes are text, not query syntax
    assert found("50%") == [ids[0]] and found("2_0") == [ids[0]] and found("5_%") == []
    assert found("al") == [ids[1]] and found("z") == [ids[3]]  # shorter than a trigram
    assert found("ber 5 pro") == [ids[3]]
    assert found("trained fighters at al-tanf!") == []
