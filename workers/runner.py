"""``credence worker``: an RQ worker with its scheduler (retries with back-off need it),
plus, in a child process of its own, the ingest-inbox dispatcher and the periodic
reconciler.

The worker runs jobs in its own process (RQ's ``SimpleWorker``) rather than forking a
work horse per job: jobs are short and frequent, and a fork per job, with its database
engine and Redis connection rebuilt each time, cost more than the jobs themselves. A job
that crashes the process is not lost: RQ marks it abandoned and the reconciler re-enqueues
whatever the database still says is owed."""

from __future__ import annotations

import multiprocessing
import signal

from rq import SimpleWorker

from service.jobs.enqueue import worker_queues
from workers.context import context


def _housekeeper(reconcile_every: float | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from workers.reconcile import housekeep_forever

    housekeep_forever(reconcile_every)


def run_worker(*, burst: bool = False, reconciler: bool = True) -> None:
    import workers.jobs.scores  # noqa: F401  - imported once, before the first job

    ctx = context()
    child = None
    if burst:
        from workers.dispatch import drain_inbox

        drain_inbox(ctx.redis, ctx.settings)
    else:
        every = ctx.settings.reconcile_interval_seconds if reconciler else None
        child = multiprocessing.get_context("spawn").Process(target=_housekeeper, args=(every,), daemon=True)
        child.start()
    try:
        worker = SimpleWorker(worker_queues(ctx.redis, ctx.settings), connection=ctx.redis)
        worker.work(burst=burst, with_scheduler=True, logging_level=ctx.settings.log_level)
    finally:
        if child is not None and child.is_alive():
            child.terminate()
            child.join(5)
