"""One claim, many wordings: the matcher joins a paraphrase to its claim, links likely
duplicates for review, never merges competing answers; editors merge and undo exactly;
search answers "has this been checked?" — all through real Redis and a real worker."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from service.models import Claim, ClaimMatch, ClaimScore, OutletScore
from tests.support.processes import kill_worker_mid_job
from workers.reconcile import reconcile_once

TANF = "US forces trained ISIS fighters at the al-Tanf base in Syria"
PARAPHRASE = "U.S. troops trained Islamic State militants at al-Tanf."


def _claim(client: Any, keys: Any, text: str, *apps: tuple[str, str | None], **extra: Any) -> str:
    body = {
        "text": text,
        "appearances": [
            {"outlet": outlet, "url": f"https://{outlet}/{abs(hash(text)) % 10**8}", "origin": origin}
            for outlet, origin in apps
        ],
    } | extra
    r = client.post("/v1/claims", json=body, headers=keys["editor"])
    assert r.status_code == 201, r.json
    return str(r.json["id"])


def _timeless(body: dict[str, Any]) -> dict[str, Any]:
    """A score body without what only says when it was computed (a verdict's age)."""
    explanation = dict(body.get("explanation") or {})
    explanation["track_record"] = [
        {k: v for k, v in item.items() if k != "age_days"} for item in explanation.get("track_record") or []
    ]
    return {k: v for k, v in body.items() if k != "computed_at"} | {"explanation": explanation}


def _scores(app: Any) -> dict[str, Any]:
    """Every stored score, without when it was computed."""
    with app.extensions["credence"].sessions() as session:
        claims = {
            r.claim_id: (r.score, r.label, r.body) for r in session.execute(select(ClaimScore)).scalars()
        }
        outlets = {
            r.outlet_id: (r.score, _timeless(r.body))
            for r in session.execute(select(OutletScore)).scalars()
        }
    return {"claims": claims, "outlets": outlets}


def test_a_paraphrase_posted_later_joins_its_claim(app: Any, client: Any, keys: Any, run_jobs: Any) -> None:
    first = _claim(client, keys, TANF, ("paper-a.example.org", "svr.example.org"))
    run_jobs()
    second = _claim(client, keys, PARAPHRASE, ("paper-b.example.org", "kremlin.example.org"))
    run_jobs()
    body = client.get(f"/v1/claims/{second}", headers=keys["reader"]).json
    assert body["id"] == first and body["merged_from"] == second
    assert body["corroboration"]["appearances"] == 2
    listed = client.get("/v1/claims", headers=keys["reader"]).json["items"]
    assert [c["id"] for c in listed] == [first]  # a merged claim answers by its id only
    # Different numbers are different claims, however alike the words: an editor decides.
    third = _claim(
        client,
        keys,
        "The storm destroyed 300 homes in the river valley in 2017",
        ("paper-c.example.org", None),
    )
    fourth = _claim(
        client,
        keys,
        "The storm destroyed 30 homes in the river valley in 2017",
        ("paper-d.example.org", None),
    )
    run_jobs()
    assert client.get(f"/v1/claims/{fourth}", headers=keys["reader"]).json["id"] == fourth
    queue = client.get("/v1/review/matches", headers=keys["editor"]).json["items"]
    assert any({m["claim"]["id"], m["candidate"]["id"]} == {third, fourth} for m in queue)


def test_competing_answers_are_never_merged(app: Any, client: Any, keys: Any, run_jobs: Any) -> None:
    a = _claim(
        client, keys, "The strike killed 12 people.", ("paper-a.example.org", None), question="strike-toll"
    )
    run_jobs()
    b = _claim(
        client, keys, "The strike killed 21 people.", ("paper-b.example.org", None), question="strike-toll"
    )
    run_jobs()
    assert client.get(f"/v1/claims/{b}", headers=keys["reader"]).json["id"] == b
    r = client.post(f"/v1/claims/{b}/merge", json={"into": a}, headers=keys["editor"])
    assert r.status_code == 409 and r.json["type"].endswith("competing-answers")


def test_merge_then_undo_leaves_every_score_exactly_as_before(
    app: Any, client: Any, keys: Any, run_jobs: Any
) -> None:
    a = _claim(
        client,
        keys,
        "The dam was breached by an explosion.",
        ("paper-a.example.org", None),
        verdicts=[
            {
                "reviewer": "checker.example.org",
                "rating": "mostly_true",
                "url": "https://checker.example.org/1",
            }
        ],
    )
    b = _claim(
        client,
        keys,
        "The reservoir level fell after the rains stopped.",
        ("paper-b.example.org", "ministry.example.org"),
        verdicts=[
            {"reviewer": "other-checker.example.org", "rating": "false", "url": "https://o.example.org/2"}
        ],
    )
    run_jobs()
    assert client.get(f"/v1/claims/{b}", headers=keys["reader"]).json["id"] == b  # not auto-merged
    before = _scores(app)
    assert client.post(f"/v1/claims/{b}/merge", json={"into": a}, headers=keys["reader"]).status_code == 403
    merged = client.post(f"/v1/claims/{b}/merge", json={"into": a}, headers=keys["editor"])
    assert merged.status_code == 200 and merged.json["into"] == a and merged.json["verdicts"]
    run_jobs()
    mid = client.get(f"/v1/claims/{a}", headers=keys["reader"]).json
    assert len(mid["appearances"]) == 2 and len(mid["verdicts"]) == 2
    assert _scores(app) != before  # the merge moved scores: the survivor and the vouching outlets
    again = client.post(f"/v1/claims/{b}/merge", json={"into": a}, headers=keys["editor"])
    assert again.status_code == 409
    undone = client.post(f"/v1/claims/{b}/unmerge", headers=keys["editor"])
    assert undone.status_code == 200 and undone.json["undone_by"] == "test-editor"
    run_jobs()
    assert _scores(app) == before
    audit = client.get("/v1/admin/audit?entity_type=claim", headers=keys["admin"]).json["items"]
    assert [e["action"] for e in audit if e["entity_id"] == b][-2:] == ["merge", "unmerge"]
    assert client.post(f"/v1/claims/{b}/unmerge", headers=keys["editor"]).status_code == 409


def test_review_queue_merge_and_reject(app: Any, client: Any, keys: Any, run_jobs: Any) -> None:
    a = _claim(
        client, keys, "The 2019 budget cut school funding by 5 percent.", ("paper-a.example.org", None)
    )
    run_jobs()
    b = _claim(
        client, keys, "The 2019 budget cut school funding by 7 percent.", ("paper-b.example.org", None)
    )
    run_jobs()
    (match,) = client.get("/v1/review/matches", headers=keys["editor"]).json["items"]
    assert {match["claim"]["id"], match["candidate"]["id"]} == {a, b} and match["status"] == "pending"
    assert client.get("/v1/review/matches", headers=keys["reader"]).status_code == 403
    r = client.post(f"/v1/review/matches/{match['id']}/reject", headers=keys["editor"])
    assert r.status_code == 200 and r.json["status"] == "rejected"
    assert client.get("/v1/review/matches", headers=keys["editor"]).json["items"] == []
    rejected = client.get("/v1/review/matches?status=rejected", headers=keys["editor"]).json["items"]
    assert [m["id"] for m in rejected] == [match["id"]]
    assert client.post(f"/v1/review/matches/{match['id']}/reject", headers=keys["editor"]).status_code == 409


def test_search_and_similar_answer_from_the_worker_index(
    app: Any, client: Any, keys: Any, run_jobs: Any
) -> None:
    a = _claim(
        client,
        keys,
        TANF,
        ("paper-a.example.org", "svr.example.org"),
        verdicts=[
            {"reviewer": "checker.example.org", "rating": "false", "url": "https://checker.example.org/t"}
        ],
    )
    _claim(client, keys, "The river flooded the valley last spring.", ("paper-b.example.org", None))
    run_jobs()
    svc = app.extensions["credence"]
    svc.settings = svc.settings.__class__(**{**svc.settings.__dict__, "search_wait_seconds": 0})
    r = client.post("/v1/claims/search", json={"text": PARAPHRASE, "limit": 5}, headers=keys["reader"])
    assert r.status_code == 202
    run_jobs()
    found = client.get(r.headers["Location"], headers=keys["reader"]).json
    assert found["mode"] == "hybrid" and found["model"].startswith("sentence-transformers/all-MiniLM-L6-v2")
    top = found["items"][0]
    assert top["claim"]["id"] == a and top["probability"] > 0.8 and top["similarity"] > 0.5
    assert top["claim"]["verdicts"][0]["rating"] == "false" and top["why"]
    r = client.get(f"/v1/claims/{a}/similar?limit=3", headers=keys["reader"])
    run_jobs()
    similar = client.get(r.headers["Location"], headers=keys["reader"]).json
    assert [i["claim"]["id"] for i in similar["items"]] != [] and a not in [
        i["claim"]["id"] for i in similar["items"]
    ]
    assert client.get("/v1/claims/nope/similar", headers=keys["reader"]).status_code == 404
    assert client.post("/v1/claims/search", json={"text": " "}, headers=keys["reader"]).status_code == 422


def test_a_redis_flush_during_matching_loses_nothing(
    app: Any, client: Any, keys: Any, redis: Any, run_jobs: Any
) -> None:
    first = _claim(client, keys, TANF, ("paper-a.example.org", "svr.example.org"))
    run_jobs()
    second = _claim(client, keys, PARAPHRASE, ("paper-b.example.org", "kremlin.example.org"))
    redis.flushdb()  # the match job is gone with the queue
    run_jobs()
    assert client.get(f"/v1/claims/{second}", headers=keys["reader"]).json["id"] == second
    assert second in reconcile_once().unmatched  # claims.matched_at is the outbox
    run_jobs()
    assert client.get(f"/v1/claims/{second}", headers=keys["reader"]).json["id"] == first
    assert reconcile_once().unmatched == []


def test_a_worker_killed_mid_match_leaves_no_half_merged_claim(
    app: Any, client: Any, keys: Any, env: dict[str, str], redis: Any, run_jobs: Any
) -> None:
    first = _claim(client, keys, TANF, ("paper-a.example.org", "svr.example.org"))
    run_jobs()
    second = _claim(client, keys, PARAPHRASE, ("paper-b.example.org", "kremlin.example.org"))
    kill_worker_mid_job(env, redis, app.extensions["credence"].settings.queue_name, "match-claim--")
    with app.extensions["credence"].sessions() as session:
        claim = session.get(Claim, second)
        # Either untouched or merged with its record: the merge is one transaction.
        assert claim is not None and (claim.merged_into is None) == (claim.matched_at is None)
        assert session.execute(select(ClaimMatch)).first() is None
    reconcile_once()
    run_jobs()
    assert client.get(f"/v1/claims/{second}", headers=keys["reader"]).json["id"] == first


def test_rejecting_a_match_id_past_bigint_is_404(client: Any, keys: Any) -> None:
    r = client.post(f"/v1/review/matches/{2**64}/reject", headers=keys["editor"])
    assert r.status_code == 404 and r.content_type == "application/problem+json"
