"""Retries go through RQ's scheduler with back-off: a failed delivery waits in the
scheduled registry until due, then runs again under the same webhook-id."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import pytest
from rq import Queue
from rq.job import Job
from rq.registry import ScheduledJobRegistry

from tests.support.notifications import deliveries, make_claim, subscribe, verified
from tests.support.receiver import Receiver


@pytest.fixture
def env(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setenv("CREDENCE_JOB_RETRY_INTERVALS", "1,1")
    return env | {"CREDENCE_JOB_RETRY_INTERVALS": "1,1"}


def _enqueue_due(queue: Queue) -> int:
    """What the RQ scheduler does each tick: move due jobs to the queue."""
    registry = ScheduledJobRegistry(queue=queue)
    due = registry.get_jobs_to_schedule(int(time.time()))
    for job_id in due:
        queue.enqueue_job(Job.fetch(job_id, connection=queue.connection))
        registry.remove(job_id)
    return len(due)


def test_failed_delivery_is_scheduled_then_retried(
    app: Any, client: Any, keys: Any, run_jobs: Any, receiver: Receiver
) -> None:
    svc = app.extensions["credence"]
    queue = Queue(svc.settings.queue_name, connection=svc.redis)
    sub = subscribe(client, keys, receiver.url, ["claim.score_changed"])
    receiver.statuses = [503]
    make_claim(client, keys)
    run_jobs()
    assert len(receiver.received) == 1
    registry = ScheduledJobRegistry(queue=queue)
    (job_id,) = [j for j in registry.get_job_ids() if j.startswith("notify--")]
    # Back-off, not a hot loop: the retry waits (RQ keeps whole seconds) instead of
    # going straight back to the queue.
    assert job_id not in queue.job_ids
    failed_at = datetime.fromisoformat(deliveries(client, keys, sub["id"])[0]["at"])
    due_at = registry.get_scheduled_time(job_id)
    assert 0 < (due_at - failed_at).total_seconds() <= 3
    time.sleep(max(0.0, (due_at - datetime.now(UTC)).total_seconds()) + 0.2)
    assert _enqueue_due(queue) >= 1
    run_jobs()
    events = verified(receiver, sub["secret"])
    assert len(events) == 2 and events[0]["id"] == events[1]["id"]
    log = deliveries(client, keys, sub["id"])
    assert [(d["attempt"], d["status_code"]) for d in log] == [(1, 503), (2, 200)]
