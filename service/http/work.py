"""The shapes every resource's work takes: a write (one transaction, then — never before
the commit — the cache keys dropped and the jobs enqueued), a cached read (Redis, else
the database, refilling Redis), and a request answered by a worker (an interactive job,
waited for a bounded time, else 202 with where to poll)."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import redis
from flask import Response
from rq.exceptions import NoSuchJobError
from rq.job import Job as RQJob
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from service.http import auth
from service.http.problems import Problem
from service.http.responses import json_response
from service.http.services import services
from service.jobs.effects import Effects
from service.jobs.enqueue import enqueue_effects, enqueue_request
from service.jobs.table import Job
from service.store import cache
from service.store.db import transaction

T = TypeVar("T")
log = logging.getLogger(__name__)


# PostgreSQL's "deadlock detected" and "could not serialize": the transaction was rolled
# back whole, and running it again is what PostgreSQL asks of the client.
RETRYABLE = frozenset({"40P01", "40001"})
ATTEMPTS = 3


def _retryable(exc: OperationalError) -> bool:
    return getattr(exc.orig, "sqlstate", None) in RETRYABLE


def write(fn: Callable[[Session], tuple[T, Effects]]) -> tuple[T, dict[str, str]]:
    """Run ``fn`` in one transaction; after the commit (never before) drop cache keys and
    enqueue the scoring it made necessary. Any error rolls everything back.

    A worker scoring a batch of claims and a request changing some of them can lock the
    same rows in different orders; PostgreSQL then rolls one back as the deadlock's
    victim. When that is this request, ``fn`` runs again, in a new transaction (it has
    no effect outside its session until the commit)."""
    svc = services()
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with transaction(svc.sessions) as session:
                result, effects = fn(session)
            break
        except IntegrityError as exc:
            # Raced with another writer past our own checks: the database constraint decides.
            raise Problem(409, "The change conflicts with existing records.", type_="conflict") from exc
        except OperationalError as exc:
            if attempt == ATTEMPTS or not _retryable(exc):
                raise
            log.info("write rolled back by the database (%s); running it again", type(exc.orig).__name__)
    jobs = enqueue_effects(svc.redis, svc.settings, effects)
    return result, jobs


L = TypeVar("L")


def read_through(key: str, load: Callable[[Session], bytes | L]) -> bytes | L:
    """A cached JSON body: prefetched with the API key, else from Redis, else built by
    ``load`` from the database and cached. ``load`` returns something other than bytes
    (None, False) to say there is nothing to cache."""
    svc = services()
    hit = auth.prefetched(key) or cache.get_raw(svc.redis, key)
    if hit is not None:
        return hit
    with svc.sessions() as session:
        data = load(session)
    if isinstance(data, bytes):
        cache.put(svc.redis, key, data, svc.settings.cache_ttl_seconds)
    return data


# Waiting polls (no blocking read: the clients' socket timeout, and the breaker behind it,
# are shorter than a wait), first every few milliseconds, then less often.
FIRST_POLL, LAST_POLL = 0.003, 0.05


def job_result(job: RQJob, wait: float) -> tuple[bool, Any]:
    """``(True, its return value)`` once the job is done (waiting up to ``wait`` seconds
    for it), else ``(False, None)``; a job that failed is a 500 problem."""
    deadline = time.monotonic() + wait
    pause = FIRST_POLL
    while True:
        result = job.latest_result()
        if result is not None:
            if result.type == result.Type.SUCCESSFUL:
                return True, result.return_value
            raise Problem(500, "The worker failed to answer this request.")
        left = deadline - time.monotonic()
        if left <= 0:
            return False, None
        time.sleep(min(pause, left))
        pause = min(pause * 2, LAST_POLL)


def answer_when_done(job: RQJob, wait: float, location: str) -> Response:
    """The job's result once it is done (waiting up to ``wait`` seconds for it), else
    ``202`` naming ``location`` to poll."""
    done, value = job_result(job, wait)
    if done:
        return json_response(value)
    return json_response({"status": "queued", "job": job.id}, 202, {"Location": location, "Retry-After": "1"})


def queue_request(job: Job, args: Sequence[Any], key: Any) -> RQJob:
    """Queue ``job`` on the interactive queue — the same ``key`` asked twice, by the API or
    the desk, is one job — or 503 when the queue cannot be reached."""
    svc = services()
    digest = hashlib.sha256(json.dumps(key, sort_keys=True, default=str).encode()).hexdigest()[:32]
    try:
        return enqueue_request(svc.redis, svc.settings, job, args, job.id(digest))
    except redis.RedisError as exc:
        raise Problem(503, "The workers' queue is not reachable; try again shortly.") from exc


def ask_worker(job: Job, args: Sequence[Any], key: Any, location: str, wait: float) -> Response:
    """Queue ``job`` (``queue_request``) and answer with ``answer_when_done``; 503 when the
    queue cannot be reached."""
    rq_job = queue_request(job, args, key)
    try:
        return answer_when_done(rq_job, wait, location.format(job=rq_job.id))
    except redis.RedisError as exc:
        raise Problem(503, "The workers' queue is not reachable; try again shortly.") from exc


def fetch_request(job: Job, job_id: str) -> RQJob:
    """A queued request by its id (``queue_request``'s job), or 404."""
    if not job_id.startswith(f"{job.prefix}--"):
        raise Problem(404, f"No such request {job_id!r}.")
    try:
        return RQJob.fetch(job_id, connection=services().redis)
    except (NoSuchJobError, ValueError) as exc:
        raise Problem(404, f"No such request {job_id!r} (results expire after ten minutes).") from exc


def poll_worker(job: Job, job_id: str, location: str) -> Response:
    """A result polled at ``location`` (``GET …/{job}``): 200, 202 while running, 404."""
    return answer_when_done(fetch_request(job, job_id), 0, location)


def dry_run(fn: Callable[[Session], T]) -> T:
    """Run ``fn`` on a session that is always rolled back: a preview computes with the
    same record operations as a write and saves nothing."""
    session = services().sessions()
    try:
        return fn(session)
    finally:
        session.rollback()
        session.close()
