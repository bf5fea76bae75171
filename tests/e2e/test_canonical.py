"""The canonical example end to end: config files, the seeds' claims, real RQ and Redis."""

from __future__ import annotations

from typing import Any

from service.jobs.enqueue import enqueue_effects
from tests.support.canonical import load_demo, table


def test_al_tanf_is_one_unit_and_scores_below_independent_claim(
    app: Any, client: Any, keys: Any, apply_config_files: Any, run_jobs: Any
) -> None:
    svc = app.extensions["credence"]
    apply_config_files()
    ids, effects = load_demo(svc.sessions)
    enqueue_effects(svc.redis, svc.settings, effects)
    run_jobs()
    rows = {r["claim"]: r for r in table(svc.sessions, ids)}
    tanf = rows["al-tanf-isis-training"]
    assert tanf["appearances"] == 3 and tanf["publishers"] >= 2
    assert tanf["units"] == 1 and tanf["unit_keys"] == "network:russian-state"
    contrast = rows["us-base-at-al-tanf"]
    assert contrast["units"] >= 3
    assert contrast["score"] > tanf["score"] + 30
    body = client.get(f"/v1/claims/{ids['al-tanf-isis-training']}", headers=keys["reader"]).json
    (unit,) = [u for u in body["corroboration"]["units"] if u["stance"] == "supports"]
    assert len(unit["appearances"]) == 3 and "russian-state" in unit["why"]
    assert body["stale"] is False and body["corroboration"]["label"] == "uncorroborated"
    # Loading again changes nothing (idempotent).
    again, effects = load_demo(svc.sessions)
    assert again == ids and not effects.claims


def test_profile_scores_follow_newsguard_points(
    app: Any, client: Any, keys: Any, apply_config_files: Any, run_jobs: Any
) -> None:
    apply_config_files()
    run_jobs()
    criteria = {
        "no_false_content": 1,
        "responsible_gathering": 0,
        "corrects_errors": 1,
        "separates_news_opinion": 0,
        "no_deceptive_headlines": 1,
        "discloses_ownership": 1,
        "labels_advertising": 0,
        "reveals_management": 1,
        "names_content_creators": 1,
    }
    r = client.put("/v1/admin/profiles/points", json={"criteria": criteria}, headers=keys["admin"])
    assert r.status_code == 201
    client.put(
        "/v1/outlets/points", json={"name": "P", "kind": "news", "profile": "points"}, headers=keys["editor"]
    )
    first = client.get("/v1/outlets/points/score", headers=keys["reader"])
    assert first.status_code == 202 and first.headers["Location"] == "/v1/jobs/score-outlet--points"
    assert first.headers["Retry-After"]
    run_jobs()
    job = client.get(first.headers["Location"], headers=keys["reader"]).json
    assert job["status"] == "finished"
    score = client.get("/v1/outlets/points/score", headers=keys["reader"]).json
    assert score["score"] == 100 - 18 - 12.5 - 7.5  # 62: failed criteria's weights removed
    assert score["label"] == "generally_reliable" and score["profile_version"] == 1
    # A profile change rescores the outlet (incrementally) and is recorded in history.
    r = client.put(
        "/v1/admin/profiles/points",
        json={"criteria": criteria | {"responsible_gathering": 1}},
        headers=keys["admin"] | {"If-Match": r.headers["ETag"]},
    )
    assert r.status_code == 200 and r.json["jobs"] == {"points": "score-outlet--points"}
    run_jobs()
    assert client.get("/v1/outlets/points/score", headers=keys["reader"]).json["score"] == 80
    hist = client.get("/v1/outlets/points/score/history", headers=keys["reader"]).json["items"]
    assert [(h["old_score"], h["new_score"]) for h in hist] == [(None, 62), (62, 80)]
    assert "profile points" in hist[1]["cause"]
