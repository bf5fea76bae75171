"""Enqueueing, only ever after the database commit.

Job ids are deterministic (``score-claim--<id>``) so a burst of changes to one claim
coalesces: while a job with that id is still queued, a new request is a no-op. If Redis is
down the work is not lost — the rows are already marked stale in the database and the
reconciler enqueues them later.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from typing import Any

from redis import Redis
from rq import Queue, Retry
from rq.registry import ScheduledJobRegistry, StartedJobRegistry

from service.cache import drop
from service.records.effects import Effects
from service.settings import Settings

log = logging.getLogger(__name__)
CLAIM_BATCH = 500
OUTLET_BATCH = 200
# Up to this many claims get a job each (their ids coalesce); more go in batches.
SINGLE_CLAIM_JOBS = 20
ARTICLE_BATCH = 200
# With this many jobs already waiting, the dispatcher pauses instead of adding more.
BACKLOG = 4
BACKLOG_PAUSE = 0.1


def make_queue(conn: Redis, settings: Settings) -> Queue:
    return Queue(settings.queue_name, connection=conn, default_timeout=600)


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
    func: str,
    args: Sequence[Any],
    job_id: str,
    settings: Settings,
    description: str | None = None,
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
        func,
        args=tuple(args),
        job_id=job_id,
        description=description or job_id,
        retry=Retry(max=len(settings.job_retry_intervals), interval=list(settings.job_retry_intervals)),
        result_ttl=3600,
        failure_ttl=7 * 86400,
        pipeline=pipe,
    )
    pipe.execute()
    return job_id


def inbox_key(settings: Settings) -> str:
    return f"credence:v1:{settings.queue_name}:ingest-inbox"


def dispatch_inbox(conn: Redis, settings: Settings, *, wait: float = 0, limit: int = ARTICLE_BATCH) -> int:
    """Turn up to ``limit`` inbox entries into processing jobs; with ``wait`` > 0, block
    that long for the first one. Returns how many entries were taken.

    A lone article gets its own ``process-article--<id>`` job (coalesced like every other
    job); several at once — a busy ingest stream — go in one ``process-articles`` batch,
    whose rescoring is queued once for all of them. While ``BACKLOG`` jobs already wait, a
    waiting dispatcher pauses instead, so a stream the workers cannot keep up with becomes
    batches of up to ``limit`` rather than a job per article. An entry popped and then
    lost (this process killed before its enqueue) is not lost work: its article is still
    ``pending`` in the database, which the reconciler reads.
    """
    key = inbox_key(settings)
    queue = make_queue(conn, settings)
    if wait > 0 and conn.llen(queue.key) >= BACKLOG:
        # The workers are behind: let the inbox fill so the next pop makes one big batch
        # (one job, and one rescoring, for many articles) rather than a job per article.
        time.sleep(min(wait, BACKLOG_PAUSE))
        return 0
    if wait > 0:
        first = conn.blpop([key], timeout=wait)
        if first is None:
            return 0
        raw = [first[1], *(conn.lpop(key, limit - 1) or [])]
    else:
        raw = list(conn.lpop(key, limit) or [])
    # A burst of re-deliveries of one article: one run.
    enqueue_articles(conn, settings, [r.decode() if isinstance(r, bytes) else str(r) for r in raw])
    return len(raw)


def enqueue_articles(conn: Redis, settings: Settings, article_ids: Iterable[str]) -> list[str]:
    """A lone article gets ``process-article--<id>``; more go in ``process-articles``
    batches of ``ARTICLE_BATCH``, whose ids are deterministic for the same ids in the same
    order, so a batch still waiting is not queued twice. Returns the job ids."""
    ids = list(dict.fromkeys(article_ids))
    queue = make_queue(conn, settings)
    if len(ids) == 1:
        return [
            enqueue_unique(queue, "workers.ingest.process_article", ids, article_job_id(ids[0]), settings)
        ]
    jobs = []
    for start in range(0, len(ids), ARTICLE_BATCH):
        chunk = ids[start : start + ARTICLE_BATCH]
        job_id = f"process-articles--{chunk[0]}--{chunk[-1]}--{len(chunk)}"
        jobs.append(enqueue_unique(queue, "workers.ingest.process_articles", [chunk], job_id, settings))
    return jobs


def drain_inbox(conn: Redis, settings: Settings) -> int:
    """Queue everything in the ingest inbox now (burst workers, the reconciler, tests)."""
    total = 0
    while taken := dispatch_inbox(conn, settings):
        total += taken
    return total


def outlet_job_id(outlet_id: str) -> str:
    return f"score-outlet--{outlet_id}"


def claim_job_id(claim_id: str) -> str:
    return f"score-claim--{claim_id}"


def article_job_id(article_id: str) -> str:
    return f"process-article--{article_id}"


def enqueue_effects(conn: Redis, settings: Settings, effects: Effects) -> dict[str, str]:
    """Drop stale cache entries and enqueue the owed scoring. Returns entity → job id.

    Called after commit; a Redis failure here is logged, not raised: the write is
    committed and the reconciler will pick the stale rows up.
    """
    drop(conn, effects.drop_keys)
    jobs: dict[str, str] = {}
    try:
        queue = make_queue(conn, settings)
        if len(effects.outlets) > SINGLE_CLAIM_JOBS:
            ids = sorted(effects.outlets)
            for i in range(0, len(ids), OUTLET_BATCH):
                chunk = ids[i : i + OUTLET_BATCH]
                job_id = f"score-outlets--{chunk[0]}--{chunk[-1]}--{len(chunk)}"
                jobs[job_id] = enqueue_unique(
                    queue, "workers.rescore.score_outlets", [chunk, effects.cause], job_id, settings
                )
        for outlet_id in sorted(effects.outlets) if len(effects.outlets) <= SINGLE_CLAIM_JOBS else []:
            jobs[outlet_id] = enqueue_unique(
                queue,
                "workers.jobs.score_outlet",
                [outlet_id, effects.cause],
                outlet_job_id(outlet_id),
                settings,
            )
        if effects.rescore_all:
            jobs["*"] = enqueue_unique(
                queue, "workers.rescore.rescore_all", [effects.cause], "rescore-all", settings
            )
        if len(effects.claims) > SINGLE_CLAIM_JOBS:
            for job_id in enqueue_claim_batches(conn, settings, effects.claims, effects.cause):
                jobs[job_id] = job_id
            return jobs
        for claim_id in sorted(effects.claims):
            jobs[claim_id] = enqueue_unique(
                queue,
                "workers.jobs.score_claim",
                [claim_id, effects.cause],
                claim_job_id(claim_id),
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
        job_id = f"score-claims--{chunk[0]}--{chunk[-1]}--{len(chunk)}"
        out.append(enqueue_unique(queue, "workers.jobs.score_claims", [chunk, cause], job_id, settings))
    return out
