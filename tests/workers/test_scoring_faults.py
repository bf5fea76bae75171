"""Redis loss and killed workers delay scoring but never lose it (real Redis, real
worker processes, nothing mocked)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from rq import Queue
from sqlalchemy import select

from service.jobs.effects import Effects
from service.jobs.enqueue import enqueue_effects
from service.models import Claim, ClaimScore, Outlet, OutletScore
from service.records.claims import create_claim
from service.records.inputs import claim_inputs, outlet_infos
from service.records.scoring_config import scoring_config
from service.store.db import transaction
from tests.support.processes import kill_worker_mid_job
from workers.reconcile import reconcile_once
from workers.scoring import score_claim


def _make_claims(app: Any, n: int, per: int = 4) -> Effects:
    """Claims owed a score only: their match is taken as done, because a reconciler round
    enqueues matching first and a backlog of it would keep the worker from scoring."""
    effects = Effects()
    with transaction(app.extensions["credence"].sessions) as session:
        for i in range(n):
            apps = [
                {
                    "outlet": f"pub{(i + j) % 13}.com",
                    "url": f"https://pub{(i + j) % 13}.com/{i}/{j}",
                    "origin": {"name": f"Origin {(i * j) % 7}", "network": "net" if j % 3 == 0 else None},
                    "stance": "refutes" if j == per - 1 and i % 5 == 0 else "supports",
                    "hedged": j % 2 == 1,
                }
                for j in range(per)
            ]
            claim, owed = create_claim(session, {"text": f"claim number {i}", "appearances": apps})
            claim.matched_at = datetime.now(UTC)
            owed.match.discard(claim.id)
            effects.merge(owed)
    return effects


def _assert_all_scored_correctly(app: Any) -> None:
    svc = app.extensions["credence"]
    with svc.sessions() as session:
        claims = session.execute(select(Claim)).scalars().all()
        assert claims and all(c.scored_revision == c.revision for c in claims)
        outlets = session.execute(select(Outlet)).scalars().all()
        assert all(o.scored_revision == o.revision for o in outlets)
        assert session.query(OutletScore).count() == len(outlets)
        config = scoring_config(session)
        inputs, competitors, _ = claim_inputs(session, [c.id for c in claims])
        infos = outlet_infos(session, list(inputs.values()), config, datetime.now(UTC))
        for cid, claim_in in inputs.items():
            stored = session.get(ClaimScore, cid)
            assert stored is not None, cid
            expected = score_claim(claim_in, infos, config, competitors[cid])
            assert stored.probability == expected.probability and stored.label == expected.label


def test_redis_flush_after_accepting_writes_loses_nothing(
    app: Any, client: Any, keys: Any, redis: Any, run_jobs: Any
) -> None:
    made = [
        client.post(
            "/v1/claims",
            json={
                "text": f"claim {i}",
                "appearances": [{"outlet": f"site{i % 3}.com", "url": f"https://site{i % 3}.com/{i}"}],
            },
            headers=keys["editor"],
        ).json["id"]
        for i in range(12)
    ]
    redis.flushdb()  # the queue and every cached value are gone
    assert run_jobs() == 0
    found = reconcile_once()
    assert set(made) <= set(found.claims) and len(found.outlets) == 3
    run_jobs()
    run_jobs()  # outlet jobs may enqueue claim batches
    _assert_all_scored_correctly(app)
    body = client.get(f"/v1/claims/{made[0]}", headers=keys["reader"]).json
    assert body["stale"] is False and body["corroboration"]["score"] is not None
    assert reconcile_once().summary() == (
        "re-enqueued 0 outlets, 0 claims, 0 articles, 0 notifications, 0 claims to match"
    )


def test_killed_worker_mid_job_loses_nothing(
    app: Any, env: dict[str, str], redis: Any, run_jobs: Any
) -> None:
    svc = app.extensions["credence"]
    _make_claims(app, 1500)
    reconcile_once()  # enqueues outlets and claim batches of 500
    kill_worker_mid_job(env, redis, svc.settings.queue_name, "score-claims--")
    with svc.sessions() as session:
        unscored = session.query(Claim).filter(Claim.scored_revision < Claim.revision).count()
    assert unscored > 0  # the kill really interrupted work
    # Whatever RQ itself recovers, the reconciler finds every stale row and a new worker
    # finishes it.
    Queue(svc.settings.queue_name, connection=redis).empty()
    reconcile_once()
    run_jobs()
    run_jobs()
    _assert_all_scored_correctly(app)


def test_effects_enqueued_after_commit_only(app: Any, redis: Any) -> None:
    svc = app.extensions["credence"]
    try:
        with transaction(svc.sessions) as session:
            create_claim(session, {"text": "never committed", "appearances": []})
            raise RuntimeError("abort")
    except RuntimeError:
        pass
    assert Queue(svc.settings.queue_name, connection=redis).count == 0
    with svc.sessions() as session:
        assert session.query(Claim).count() == 0
    enqueue_effects(redis, svc.settings, Effects())



def test_a_score_row_written_meanwhile_is_replaced_not_a_failure(app: Any) -> None:
    """Two jobs can score one claim at once (a per-claim job and a propagation batch):
    each read "no score yet"; the second insert must replace the first one's row."""
    from service.models import ClaimScore as Row
    from service.records.scores import _insert_score

    _make_claims(app, 1)
    svc = app.extensions["credence"]
    with svc.sessions() as session:
        (cid,) = session.execute(select(Claim.id)).scalars().all()
    for score in (10, 20):
        values = {
            "claim_id": cid,
            "score": score,
            "probability": score / 100,
            "label": "unverified",
            "body": {"score": score},
            "computed_at": datetime.now(UTC),
        }
        with transaction(svc.sessions) as session:
            _insert_score(session, Row.__table__, "claim_id", values)
    with svc.sessions() as session:
        row = session.get(Row, cid)
        assert row is not None and row.score == 20 and row.body == {"score": 20}


def test_a_job_that_read_an_older_revision_does_not_overwrite_a_newer_score(
    app: Any, run_jobs: Any
) -> None:
    from workers.jobs import scores as jobs

    effects = _make_claims(app, 1)
    svc = app.extensions["credence"]
    enqueue_effects(svc.redis, svc.settings, effects)
    run_jobs()
    with svc.sessions() as session:
        (claim,) = session.execute(select(Claim)).scalars().all()
        stored = session.get(ClaimScore, claim.id)
        assert stored is not None and claim.scored_revision == claim.revision
        before = (stored.score, stored.computed_at)
    real = jobs.claim_inputs

    def read_long_ago(session: Any, ids: Any) -> Any:
        inputs, competitors, revisions = real(session, ids)
        return inputs, competitors, {cid: rev - 1 for cid, rev in revisions.items()}

    jobs.claim_inputs = read_long_ago  # type: ignore[assignment]
    try:
        assert jobs.score_claims([claim.id], "stale reader")["changed"] == 0
    finally:
        jobs.claim_inputs = real  # type: ignore[assignment]
    with svc.sessions() as session:
        stored = session.get(ClaimScore, claim.id)
        assert stored is not None and (stored.score, stored.computed_at) == before
        assert session.get(Claim, claim.id).scored_revision == claim.revision  # type: ignore[union-attr]
