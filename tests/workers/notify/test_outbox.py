"""Lossless notifications: what a score change owes each subscriber is written to the
outbox in the scoring transaction, so a Redis flush (before the first attempt or during
a retry's back-off) or a worker killed mid-send delays a notification but never loses
it. Real Redis, a real worker process, a real HTTP receiver."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from rq import Queue
from sqlalchemy import select

from service.models.notifications import NotificationOutbox
from service.store.db import transaction
from tests.support.notifications import ALL, deliveries, make_claim, subscribe, verified
from tests.support.processes import kill_worker_mid_job
from tests.support.receiver import Receiver
from workers.context import reset
from workers.reconcile import reconcile_once


def outbox(app: Any) -> list[tuple[str, str, str]]:
    with app.extensions["credence"].sessions() as s:
        rows = s.execute(select(NotificationOutbox).order_by(NotificationOutbox.created_at)).scalars()
        return [(r.event_id, r.event_type, r.state) for r in rows]


def score_without_delivering(app: Any) -> None:
    """Run every queued scoring job in-process, leaving the deliveries they queue."""
    svc = app.extensions["credence"]
    queue = Queue(svc.settings.queue_name, connection=svc.redis)
    while jobs := [j for j in queue.get_jobs() if not j.id.startswith("notify--")]:
        for job in jobs:
            queue.remove(job)
            job.perform()


def assert_each_delivered_once(app: Any, rec: Receiver, secret: str) -> None:
    owed = outbox(app)
    assert owed and all(state == "delivered" for _, _, state in owed)
    sent = Counter(e["id"] for e in verified(rec, secret))
    assert set(sent) == {event_id for event_id, _, _ in owed}


def test_redis_flush_before_delivery_loses_nothing(
    app: Any, client: Any, keys: Any, redis: Any, run_jobs: Any, receiver: Receiver
) -> None:
    sub = subscribe(client, keys, receiver.url, ALL)
    make_claim(client, keys)
    score_without_delivering(app)
    owed = outbox(app)
    assert {t for _, t, _ in owed} == {"outlet.score_changed", "claim.score_changed"}
    assert all(state == "pending" for _, _, state in owed)
    assert client.get(f"/v1/admin/subscriptions/{sub['id']}", headers=keys["admin"]).json["pending"] == 2
    redis.flushdb()  # the queued deliveries are gone; the outbox is not
    assert run_jobs() == 0 and receiver.received == []
    assert sorted(e for _, e in reconcile_once().notifications) == sorted(e for e, _, _ in owed)
    run_jobs()
    assert_each_delivered_once(app, receiver, sub["secret"])
    assert Counter(e["id"] for e in verified(receiver, sub["secret"])) == Counter({e: 1 for e, _, _ in owed})
    assert client.get(f"/v1/admin/subscriptions/{sub['id']}", headers=keys["admin"]).json["pending"] == 0
    assert reconcile_once().notifications == []  # nothing owed: nothing re-sent
    run_jobs()
    assert len(receiver.received) == len(owed)


def test_redis_flush_during_backoff_loses_nothing(
    app: Any,
    client: Any,
    keys: Any,
    redis: Any,
    run_jobs: Any,
    receiver: Receiver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CREDENCE_JOB_RETRY_INTERVALS", "3600")  # the retry waits in Redis
    reset()
    sub = subscribe(client, keys, receiver.url, ["claim.score_changed"])
    receiver.statuses = [500]
    make_claim(client, keys)
    run_jobs()
    assert [d["status_code"] for d in deliveries(client, keys, sub["id"])] == [500]
    redis.flushdb()  # the scheduled retry is gone
    (found,) = reconcile_once().notifications
    assert found[0] == sub["id"]
    run_jobs()
    log = deliveries(client, keys, sub["id"])
    assert [(d["attempt"], d["status_code"]) for d in log] == [(1, 500), (2, 200)]
    assert_each_delivered_once(app, receiver, sub["secret"])


def test_retries_exhausted_finish_the_row(
    app: Any, client: Any, keys: Any, run_jobs: Any, receiver: Receiver
) -> None:
    sub = subscribe(client, keys, receiver.url, ["claim.score_changed"])
    receiver.always = 500
    make_claim(client, keys)
    run_jobs()  # 1 attempt + 3 immediate retries (tests' CREDENCE_JOB_RETRY_INTERVALS)
    assert len(deliveries(client, keys, sub["id"])) == 4
    assert [state for _, _, state in outbox(app)] == ["failed"]
    assert reconcile_once().notifications == []  # a failed row is not retried forever


def test_killed_worker_mid_send_loses_nothing(
    app: Any, client: Any, keys: Any, env: dict[str, str], redis: Any, run_jobs: Any, receiver: Receiver
) -> None:
    svc = app.extensions["credence"]
    sub = subscribe(client, keys, receiver.url, ALL)
    make_claim(client, keys)
    receiver.delay = 30.0  # the worker is still waiting for the answer when it is killed
    kill_worker_mid_job(env, redis, svc.settings.queue_name, "notify--")
    assert any(state == "pending" for _, _, state in outbox(app))
    receiver.delay = 0.0
    Queue(svc.settings.queue_name, connection=redis).empty()  # the reconciler alone must be enough
    assert reconcile_once().notifications
    run_jobs()
    # At least once: the send the kill interrupted may have reached the receiver, so an
    # event can arrive twice, under one webhook-id for the receiver to de-duplicate.
    assert_each_delivered_once(app, receiver, sub["secret"])
    assert reconcile_once().notifications == []


def test_deleted_subscription_drops_what_it_was_owed(
    app: Any, client: Any, keys: Any, run_jobs: Any, receiver: Receiver
) -> None:
    sub = subscribe(client, keys, receiver.url, ALL)
    make_claim(client, keys)
    score_without_delivering(app)
    assert outbox(app)
    assert client.delete(f"/v1/admin/subscriptions/{sub['id']}", headers=keys["admin"]).status_code == 204
    # Dropped: nothing is pending any more (the rows stay, finished, until pruned).
    assert {state for *_, state in outbox(app)} == {"skipped"}
    run_jobs()
    assert receiver.received == []


def test_finished_rows_pruned_after_retention(
    app: Any, client: Any, keys: Any, run_jobs: Any, receiver: Receiver
) -> None:
    subscribe(client, keys, receiver.url, ALL)
    make_claim(client, keys)
    run_jobs()
    old = datetime.now(UTC) - timedelta(days=31)  # the default retention is 30 days
    with transaction(app.extensions["credence"].sessions) as s:
        rows = list(s.execute(select(NotificationOutbox)).scalars())
        assert len(rows) == 2 and all(r.state == "delivered" for r in rows)
        rows[0].finished_at = old
        rows[1].finished_at, rows[1].state = None, "pending"
        rows[1].created_at = old  # owed for a long time is still owed
    reconcile_once()
    assert [(e, s) for e, _, s in outbox(app)] == [(rows[1].event_id, "pending")]


def test_job_queued_before_the_outbox_is_adopted(
    app: Any, client: Any, keys: Any, redis: Any, run_jobs: Any, receiver: Receiver
) -> None:
    # A rolling upgrade: a delivery job queued by the previous release carries the event.
    sub = subscribe(client, keys, receiver.url, ALL)
    event = {"id": "evt_old", "type": "claim.score_changed", "timestamp": "2026-11-22T00:00:00Z", "data": {}}
    svc = app.extensions["credence"]
    queue = Queue(svc.settings.queue_name, connection=redis)
    job_id = f"notify--{sub['id']}--evt_old"
    queue.enqueue_call("workers.jobs.notify.deliver", args=(sub["id"], event), job_id=job_id)
    run_jobs()
    assert verified(receiver, sub["secret"]) == [event]
    assert outbox(app) == [("evt_old", "claim.score_changed", "delivered")]
