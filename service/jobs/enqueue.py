"""Enqueueing, only ever after the database commit.

Job ids are deterministic (``service.jobs.table``) so a burst of changes to one claim
coalesces: while a job with that id is still queued, a new request is a no-op. If Redis is
down the work is not lost — the rows are already marked stale in the database and the
reconciler enqueues them later.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from redis import Redis
from rq import Queue, Retry
from rq.job import Job as RQJob
from rq.registry import ScheduledJobRegistry, StartedJobRegistry

from service.jobs import table
from service.jobs.effects import Effects
from service.store.cache import drop
from service.store.settings import Settings

log = logging.getLogger(__name__)
CLAIM_BATCH = 500
OUTLET_BATCH = 200
# Up to this many claims get a job each (their ids coalesce); more go in batches.
SINGLE_CLAIM_JOBS = 20
ARTICLE_BATCH = 200


def make_queue(conn: Redis, settings: Settings, kind: str = "default") -> Queue:
    """The queue of ``kind`` (``service.jobs.table.QUEUES``); the default one is named
    ``settings.queue_name``, the others get a suffix."""
    name = settings.queue_name if kind == "default" else f"{settings.queue_name}-{kind}"
    return Queue(name, connection=conn, default_timeout=600)


def worker_queues(conn: Redis, settings: Settings) -> list[Queue]:
    """Every queue, in the order a worker takes jobs from them."""
    return [make_queue(conn, settings, kind) for kind in table.QUEUES]


def _where(queue: Queue, job_id: str) -> tuple[bool, bool]:
    """(waiting, running) for a job id, asked of the queue and registries themselves in
    one round trip — not of the job hash: a job whose worker was killed keeps whatever
    status it had, and must not swallow new requests."""
    pipe = queue.connection.pipeline(transaction=False)
    pipe.execute_command("LPOS", queue.key, job_id)
    pipe.zscore(ScheduledJobRegistry(queue=queue).key, job_id)
    pipe.zscore(StartedJobRegistry(queue=queue).key, job_id)
    queued, scheduled, started = pipe.execute()
    return queued is not None or scheduled is not None, started is not None


def enqueue_unique(
    queue: Queue,
    job: table.Job,
    args: Sequence[Any],
    job_id: str,
    settings: Settings,
) -> str:
    """Enqueue unless the same work is already waiting (queued, or scheduled for a retry);
    returns the id to watch.

    While a run is in progress a follow-up run gets the id ``<id>--next`` (it must run
    after the current one, which may have read the data before the latest change).
    """
    waiting, running = _where(queue, job_id)
    if waiting:
        return job_id
    if running:
        job_id = f"{job_id}--next"
        if _where(queue, job_id)[0]:
            return job_id
    pipe = queue.connection.pipeline()
    queue.enqueue_call(
        job.path,
        args=tuple(args),
        job_id=job_id,
        description=job_id,
        retry=Retry(max=len(settings.job_retry_intervals), interval=list(settings.job_retry_intervals)),
        result_ttl=3600,
        failure_ttl=7 * 86400,
        pipeline=pipe,
    )
    pipe.execute()
    return job_id


def enqueue_articles(conn: Redis, settings: Settings, article_ids: Iterable[str]) -> list[str]:
    """A lone article gets ``process-article--<id>``; more go in ``process-articles``
    batches of ``ARTICLE_BATCH``, whose ids are deterministic for the same ids in the same
    order, so a batch still waiting is not queued twice. Returns the job ids."""
    ids = list(dict.fromkeys(article_ids))
    queue = make_queue(conn, settings)
    if len(ids) == 1:
        return [enqueue_unique(queue, table.PROCESS_ARTICLE, ids, table.PROCESS_ARTICLE.id(ids[0]), settings)]
    jobs = []
    for start in range(0, len(ids), ARTICLE_BATCH):
        chunk = ids[start : start + ARTICLE_BATCH]
        batch = table.PROCESS_ARTICLES
        jobs.append(enqueue_unique(queue, batch, [chunk], batch.batch_id(chunk), settings))
    return jobs


def enqueue_effects(conn: Redis, settings: Settings, effects: Effects) -> dict[str, str]:
    """Drop stale cache entries and enqueue the owed scoring. Returns entity → job id.

    Called after commit; a Redis failure here is logged, not raised: the write is
    committed and the reconciler will pick the stale rows up.
    """
    drop(conn, effects.drop_keys)
    jobs: dict[str, str] = {}
    try:
        queue = make_queue(conn, settings)
        for claim_id in sorted(effects.match):
            # Matching first: a claim that turns out to be a known one is merged before
            # its own scoring job runs (which then finds it merged, and skips it).
            match_id = table.MATCH_CLAIM.id(claim_id)
            jobs[match_id] = enqueue_unique(queue, table.MATCH_CLAIM, [claim_id], match_id, settings)
        outlets = sorted(effects.outlets)
        if len(outlets) > SINGLE_CLAIM_JOBS:
            for i in range(0, len(outlets), OUTLET_BATCH):
                chunk = outlets[i : i + OUTLET_BATCH]
                job_id = table.SCORE_OUTLETS.batch_id(chunk)
                jobs[job_id] = enqueue_unique(
                    queue, table.SCORE_OUTLETS, [chunk, effects.cause], job_id, settings
                )
        else:
            for outlet_id in outlets:
                jobs[outlet_id] = enqueue_unique(
                    queue,
                    table.SCORE_OUTLET,
                    [outlet_id, effects.cause],
                    table.SCORE_OUTLET.id(outlet_id),
                    settings,
                )
        if effects.rescore_all:
            jobs["*"] = enqueue_unique(
                queue, table.RESCORE_ALL, [effects.cause], table.RESCORE_ALL.id(), settings
            )
        if len(effects.claims) > SINGLE_CLAIM_JOBS:
            for job_id in enqueue_claim_batches(conn, settings, effects.claims, effects.cause):
                jobs[job_id] = job_id
            return jobs
        for claim_id in sorted(effects.claims):
            jobs[claim_id] = enqueue_unique(
                queue,
                table.SCORE_CLAIM,
                [claim_id, effects.cause],
                table.SCORE_CLAIM.id(claim_id),
                settings,
            )
    except Exception:
        # The write is committed and its rows are marked stale: the reconciler owns it now.
        log.warning(
            "could not enqueue; %d claims and %d outlets left to the reconciler",
            len(effects.claims),
            len(effects.outlets),
            exc_info=True,
        )
    return jobs


def enqueue_claim_batches(conn: Redis, settings: Settings, claim_ids: Iterable[str], cause: str) -> list[str]:
    """Many claims at once (propagation, reconciliation) go in batches: one job per
    ``CLAIM_BATCH`` claims amortises the job overhead and the DB round trips."""
    ids = sorted(set(claim_ids))
    queue = make_queue(conn, settings)
    out = []
    for i in range(0, len(ids), CLAIM_BATCH):
        chunk = ids[i : i + CLAIM_BATCH]
        batch = table.SCORE_CLAIMS
        out.append(enqueue_unique(queue, batch, [chunk, cause], batch.batch_id(chunk), settings))
    return out


def enqueue_deliveries(conn: Redis, settings: Settings, owed: Iterable[tuple[str, str]]) -> list[str]:
    """A ``deliver`` job per owed (subscription, event) outbox row, after the commit. Never
    raises: what could not be queued stays ``pending`` in the outbox, and the reconciler
    queues it later.

    Delivery is at least once: a row whose job is running gets a follow-up run (its
    worker may have died), which sends again only if the running one did not finish."""
    owed = list(owed)
    if not owed:
        return []
    jobs: list[str] = []
    try:
        queue = make_queue(conn, settings)
        for sub_id, event_id in owed:
            job_id = table.DELIVER.id(sub_id, event_id)
            jobs.append(enqueue_unique(queue, table.DELIVER, [sub_id, event_id], job_id, settings))
    except Exception:
        log.warning("could not queue %d notifications; the reconciler will", len(owed), exc_info=True)
    return jobs


def enqueue_job(conn: Redis, settings: Settings, job: table.Job, args: Sequence[Any], *parts: object) -> str:
    """Any other job of the table, under ``job.id(*parts)``."""
    return enqueue_unique(make_queue(conn, settings), job, args, job.id(*parts), settings)


def enqueue_request(
    conn: Redis, settings: Settings, job: table.Job, args: Sequence[Any], job_id: str
) -> RQJob:
    """A job a request waits for (``interactive``): queued under ``job_id`` unless that
    id is already waiting or running, kept only briefly, never retried (the caller asks
    again). Returns the RQ job to wait on."""
    queue = make_queue(conn, settings, job.queue)
    waiting, running = _where(queue, job_id)
    if waiting or running:
        return RQJob.fetch(job_id, connection=conn)
    return queue.enqueue_call(
        job.path, args=tuple(args), job_id=job_id, description=job_id, result_ttl=600, failure_ttl=600
    )
