"""learn_reliability end to end: truth discovery over stored claims, fed back into scores."""

from __future__ import annotations

import random
from typing import Any

from service.jobs.effects import Effects
from service.jobs.enqueue import enqueue_effects
from service.models.learned import LearnedDependence, LearnedReliability, LearnedRun
from service.records.claims import create_claim
from service.records.learned import unit_keys
from service.store.db import transaction
from workers.jobs.learn import learn_reliability

HONEST = [f"honest-{i}" for i in range(6)]
COPIERS = ["copy-1", "copy-2", "copy-3", "copy-4"]  # copy-1 answers; the others copy it


def _world(app: Any, questions: int = 40) -> dict[str, list[str]]:
    """Six independent outlets, right 80 % of the time with independent mistakes, and
    a ring of four that repeats one unreliable outlet's answers, mistakes included —
    the signature of copying that majority vote cannot see."""
    rng = random.Random(7)
    answers: dict[tuple[int, int], list[str]] = {}
    for q in range(questions):
        for h in HONEST:
            value = 0 if rng.random() < 0.8 else rng.choice([1, 2, 3])
            answers.setdefault((q, value), []).append(h)
        copied = 0 if rng.random() < 0.4 else rng.choice([1, 2, 3])
        answers.setdefault((q, copied), []).extend(COPIERS)
    effects = Effects()
    ids: dict[str, list[str]] = {"true": [], "false": []}
    with transaction(app.extensions["credence"].sessions) as session:
        for (q, value), who in sorted(answers.items()):
            apps = [{"outlet": {"name": o}, "url": f"https://{o}.example/{q}/{value}"} for o in who]
            claim, eff = create_claim(
                session, {"text": f"q{q} answer {value}", "question": f"q{q}", "appearances": apps}
            )
            effects.merge(eff)
            if set(COPIERS) <= set(who) and value != 0:
                ids["false"].append(claim.id)
    enqueue_effects(app.extensions["credence"].redis, app.extensions["credence"].settings, effects)
    return ids


def test_copiers_detected_merged_and_scored(
    app: Any, client: Any, keys: Any, apply_config_files: Any, run_jobs: Any
) -> None:
    apply_config_files()
    ids = _world(app)
    run_jobs()
    before = client.get(f"/v1/claims/{ids['false'][0]}", headers=keys["reader"]).json["corroboration"]
    assert before["independent_units"] == 4  # four "independent" outlets before learning
    result = learn_reliability()
    assert result["jobs"] == 1
    run_jobs()
    run_jobs()
    svc = app.extensions["credence"]
    with svc.sessions() as session:
        learned = {r.outlet_id: r for r in session.query(LearnedReliability)}
        pairs = {(d.outlet_a, d.outlet_b) for d in session.query(LearnedDependence)}
    assert set(learned) == set(HONEST + COPIERS)
    assert all(learned[h].accuracy > learned[c].accuracy for h in HONEST for c in COPIERS)
    assert {learned[c].unit_key for c in COPIERS} == {"copies-copy-1"}
    assert all(learned[h].unit_key is None for h in HONEST)
    assert ("copy-1", "copy-2") in pairs
    after = client.get(f"/v1/claims/{ids['false'][0]}", headers=keys["reader"]).json["corroboration"]
    supports = [u for u in after["units"] if u["stance"] == "supports"]
    assert after["independent_units"] == 1 and supports[0]["key"] == "group:copies-copy-1"
    assert after["score"] < before["score"]
    score = client.get("/v1/outlets/copy-1/score", headers=keys["reader"]).json
    assert score["explanation"]["learned"]["accuracy"] < 0.5
    evidence = score["explanation"]["learned"]["evidence"]
    assert evidence["contested"] > 0 and evidence["items"] >= evidence["shared"] >= evidence["contested"]
    assert score["explanation"]["learned"]["observations"] == evidence["contested"]
    with svc.sessions() as session:
        assert [r.applied for r in session.query(LearnedRun)] == [True]
    # A second run learns the same thing and owes no rescoring.
    learn_reliability()
    run_jobs()
    with svc.sessions() as session:
        assert {r.outlet_id: r.unit_key for r in session.query(LearnedReliability)} == {
            k: v.unit_key for k, v in learned.items()
        }


def test_unit_keys_close_over_networks() -> None:
    keys = unit_keys([("a", "b", 0.9)], {"b": "net", "c": "net", "d": "other"})
    assert keys == {"a": "copies-a", "b": "copies-a", "c": "copies-a"}
    assert unit_keys([], {"b": "net"}) == {}
    # Copying inside one network adds nothing to what the network already says.
    assert unit_keys([("b", "c", 0.9)], {"b": "net", "c": "net"}) == {}


def test_a_run_worse_than_vote_on_held_out_answers_is_recorded_not_applied(
    app: Any, client: Any, keys: Any, apply_config_files: Any, run_jobs: Any
) -> None:
    """Nine equally good outlets and one bad one whose profile insists it is near-perfect:
    the model follows the profile and predicts unseen answers worse than a vote does, so
    the run is recorded with its check and nothing it learned is stored."""
    apply_config_files()
    criteria = client.get("/v1/admin/config", headers=keys["admin"]).json["config"]["criteria"]
    r = client.put(
        "/v1/admin/profiles/blind-faith",
        json={"criteria": dict.fromkeys(criteria, 1.0), "prior_strength": 100000},
        headers=keys["admin"],
    )
    assert r.status_code == 201
    rng = random.Random(0)
    answers: dict[tuple[int, str], list[str]] = {}
    for q in range(200):
        for s in range(9):
            value = "t" if rng.random() < 0.8 else f"f{rng.randrange(3)}"
            answers.setdefault((q, value), []).append(f"good-{s}")
        answers.setdefault((q, "t" if rng.random() < 0.2 else f"f{rng.randrange(3)}"), []).append("liar")
    with transaction(app.extensions["credence"].sessions) as session:
        for (q, value), who in sorted(answers.items()):
            apps = [{"outlet": {"name": o}, "url": f"https://{o}.example/{q}/{value}"} for o in who]
            create_claim(session, {"text": f"q{q} is {value}", "question": f"q{q}", "appearances": apps})
    liar = {"name": "liar", "kind": "news", "profile": "blind-faith"}
    assert client.put("/v1/outlets/liar", json=liar, headers=keys["editor"]).status_code == 200
    run_jobs()
    result = learn_reliability()
    run_jobs()
    svc = app.extensions["credence"]
    with svc.sessions() as session:
        (run,) = session.query(LearnedRun).all()
        assert run.run_id == result["run"] and not run.applied
        assert run.check["model_accuracy"] < run.check["vote_accuracy"] and not run.check["passed"]
        assert session.query(LearnedReliability).count() == 0
