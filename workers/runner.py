"""``credence worker``: a default (forking) RQ worker with its scheduler, which retries
with back-off need, plus the periodic reconciler in a child process of its own."""

from __future__ import annotations

import multiprocessing
import signal

from rq import Worker

from service.queue import make_queue
from workers.context import context


def _reconciler(every: float) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from workers.reconcile import reconcile_forever

    reconcile_forever(every)


def run_worker(*, burst: bool = False, reconciler: bool = True) -> None:
    import workers.jobs  # noqa: F401  - imported once here so each forked horse starts warm

    ctx = context()
    child = None
    if reconciler and not burst:
        child = multiprocessing.get_context("spawn").Process(
            target=_reconciler, args=(ctx.settings.reconcile_interval_seconds,), daemon=True
        )
        child.start()
    try:
        worker = Worker([make_queue(ctx.redis, ctx.settings)], connection=ctx.redis)
        worker.work(burst=burst, with_scheduler=True, logging_level=ctx.settings.log_level)
    finally:
        if child is not None and child.is_alive():
            child.terminate()
            child.join(5)
