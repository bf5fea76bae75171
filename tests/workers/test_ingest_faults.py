"""Lossless ingest: the article row is the outbox. A Redis flush right after a burst of
accepted deliveries, or a worker killed mid-job, delays processing but every article is
processed exactly once (real Redis, real worker processes, nothing mocked)."""

from __future__ import annotations

from typing import Any

from rq import Queue
from sqlalchemy import func, select

from service.models import Appearance, Article, Claim
from tests.support.processes import kill_worker_mid_job
from tests.support.signing import article, post
from workers.reconcile import reconcile_once

SHARED = "US forces trained ISIS fighters at al-Tanf."


def _burst(client: Any, n: int, per: int) -> list[str]:
    ids = []
    for i in range(n):
        claims = [{"text": SHARED, "origin": {"name": "SVR", "network": "russian-state"}, "hedged": True}]
        claims += [{"text": f"Claim {j} of article {i}."} for j in range(per - 1)]
        r = post(client, article(i, claims=claims))
        assert r.status_code == 202, r.json
        ids.append(r.json["article"])
    # Accepted means committed and handed over: the batched inbox push has happened.
    assert client.application.extensions["credence"].inbox().flush()
    return ids


def _assert_processed_exactly_once(app: Any, ids: list[str], per: int) -> None:
    with app.extensions["credence"].sessions() as s:
        statuses = dict(s.execute(select(Article.id, Article.status)).all())
        assert statuses == {a: "processed" for a in ids}
        per_article = dict(
            s.execute(select(Appearance.article_id, func.count()).group_by(Appearance.article_id)).all()
        )
        assert per_article == {a: per for a in ids}
        shared = s.execute(select(func.count()).select_from(Claim).where(Claim.text == SHARED)).scalar_one()
        assert shared == 1  # one claim, however many articles carry it
        total = s.execute(select(func.count()).select_from(Claim)).scalar_one()
        texts = sorted(s.execute(select(Claim.text)).scalars())
        want = {f"Claim {j} of article {i}." for i in range(len(ids)) for j in range(per - 1)}
        assert total == 1 + len(ids) * (per - 1), want - set(texts)


def test_redis_flush_after_burst_loses_nothing(app: Any, client: Any, redis: Any, run_jobs: Any) -> None:
    ids = _burst(client, 25, 3)
    redis.flushdb()  # every queued process-article job is gone
    assert run_jobs() == 0
    with app.extensions["credence"].sessions() as s:
        assert s.execute(select(func.count()).where(Article.status == "pending")).scalar_one() == 25
    assert sorted(reconcile_once().articles) == sorted(ids)
    run_jobs()
    run_jobs()
    _assert_processed_exactly_once(app, ids, 3)
    # Running everything again (a reconciler racing the queue) changes nothing.
    svc = app.extensions["credence"]
    queue = Queue(svc.settings.queue_name, connection=redis)
    for a in ids:
        queue.enqueue_call("workers.jobs.articles.process_article", args=(a,))
    run_jobs()
    _assert_processed_exactly_once(app, ids, 3)
    assert reconcile_once().articles == []


def test_killed_worker_mid_processing_loses_nothing(
    app: Any, client: Any, env: dict[str, str], redis: Any, run_jobs: Any
) -> None:
    svc = app.extensions["credence"]
    ids = _burst(client, 120, 3)
    kill_worker_mid_job(env, redis, svc.settings.queue_name, "process-article")
    with svc.sessions() as s:
        pending = s.execute(select(func.count()).where(Article.status == "pending")).scalar_one()
    assert pending > 0  # the kill really interrupted work
    # Whatever RQ itself would recover, the reconciler alone must be enough.
    Queue(svc.settings.queue_name, connection=redis).empty()
    found = reconcile_once()
    assert len(found.articles) == pending
    run_jobs()
    run_jobs()
    _assert_processed_exactly_once(app, ids, 3)
