"""A failing article job records why, counts the attempt and re-raises so RQ retries."""

from __future__ import annotations

from typing import Any

import pytest
from redis import Redis
from rq import Queue
from rq.registry import FailedJobRegistry
from sqlalchemy import func, select

import service.records.processing as records
from service.models import Article, Claim
from tests.support.signing import article, post
from workers.dispatch import dispatch_inbox
from workers.jobs import articles as ingest
from workers.reconcile import reconcile_once


@pytest.fixture
def env(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    # Immediate retries, so a burst worker runs every attempt without sleeping.
    monkeypatch.setenv("CREDENCE_JOB_RETRY_INTERVALS", "0,0")
    return env | {"CREDENCE_JOB_RETRY_INTERVALS": "0,0"}


def test_failure_is_recorded_retried_and_recoverable(
    app: Any, client: Any, keys: Any, redis: Any, run_jobs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    real = records.resolve_ref

    def broken(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        raise RuntimeError("outlet directory unavailable")

    monkeypatch.setattr(records, "resolve_ref", broken)
    art = post(client, article(1)).json["article"]
    run_jobs()
    assert len(calls) == 3  # the first run and two retries
    body = client.get(f"/v1/articles/{art}", headers=keys["reader"]).json
    assert body["status"] == "failed" and body["attempts"] == 3
    assert body["error"] == "RuntimeError: outlet directory unavailable"
    svc = app.extensions["credence"]
    assert f"process-article--{art}" in FailedJobRegistry(svc.settings.queue_name, connection=redis)
    # Once the cause is fixed, a re-delivery of the article processes it.
    monkeypatch.setattr(records, "resolve_ref", real)
    assert post(client, article(1)).status_code == 202
    run_jobs()
    body = client.get(f"/v1/articles/{art}", headers=keys["reader"]).json
    assert body["status"] == "processed" and body["error"] is None and all(c["claim"] for c in body["claims"])


def test_a_batch_processes_every_article_and_one_bad_one_fails_alone(
    app: Any, client: Any, redis: Redis, run_jobs: Any, monkeypatch: Any
) -> None:
    arts = [post(client, article(i)).json["article"] for i in range(6)]
    bad = arts[2]
    real = records.process

    def flaky(session: Any, article_id: str, *args: Any, **kwargs: Any) -> Any:
        if article_id == bad:
            raise RuntimeError("outlet directory unavailable")
        return real(session, article_id, *args, **kwargs)

    monkeypatch.setattr(ingest, "process", flaky)
    svc = app.extensions["credence"]
    assert svc.flush_inbox()
    assert dispatch_inbox(redis, svc.settings) == 6
    (job,) = Queue(svc.settings.queue_name, connection=redis).jobs
    assert job.func_name == "workers.jobs.articles.process_articles"
    run_jobs()  # the batch and its retries: the bad article fails each time, alone
    with svc.sessions() as s:
        status = dict(s.execute(select(Article.id, Article.status)).all())
    assert status == {a: ("failed" if a == bad else "processed") for a in arts}
    monkeypatch.setattr(ingest, "process", real)
    assert reconcile_once().articles == []  # failed is not pending: re-delivery or retry owns it
    FailedJobRegistry(svc.settings.queue_name, connection=redis).requeue(job.id)
    run_jobs()
    with svc.sessions() as s:
        assert s.execute(select(Article.status).where(Article.id == bad)).scalar_one() == "processed"
        # Every claim the batch touched was scored once its articles were processed.
        assert s.execute(select(func.count()).where(Claim.revision > Claim.scored_revision)).scalar_one() == 0


def test_a_failed_article_whose_retry_redis_lost_is_reconciled(
    app: Any, client: Any, redis: Redis, run_jobs: Any
) -> None:
    # A run failed (a database connection terminated, say) and RQ scheduled its retry in
    # Redis; Redis then restarted empty. The article is owed until its attempts run out
    # (1 + two retry intervals here): found by the fault suite, where such articles stayed
    # failed for good.
    from sqlalchemy import update

    from service.store.db import transaction

    arts = [post(client, article(i)).json["article"] for i in range(2)]
    svc = app.extensions["credence"]
    svc.flush_inbox()
    with transaction(svc.sessions) as s:
        s.execute(update(Article).where(Article.id == arts[0]).values(status="failed", attempts=1))
        s.execute(update(Article).where(Article.id == arts[1]).values(status="failed", attempts=3))
    redis.flushdb()
    assert reconcile_once().articles == [arts[0]]  # the other has had every attempt
    run_jobs()
    with svc.sessions() as s:
        status = dict(s.execute(select(Article.id, Article.status)).all())
    assert status == {arts[0]: "processed", arts[1]: "failed"}
