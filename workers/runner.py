"""``credence worker``: an RQ worker with its scheduler (retries with back-off need it),
plus, in a child process of its own, the ingest-inbox dispatcher and the periodic
reconciler.

The worker runs jobs in its own process (RQ's ``SimpleWorker``) rather than forking a
work horse per job: jobs are short and frequent, and a fork per job, with its database
engine and Redis connection rebuilt each time, cost more than the jobs themselves. A job
that crashes the process is not lost: RQ marks it abandoned and the reconciler re-enqueues
whatever the database still says is owed.

Redis going away is not a reason to exit. RQ's work loop returns when a Redis call fails
under it (the heartbeat after a job, say); this process then waits, with back-off, until
Redis answers and starts a fresh RQ worker. The dispatcher beside it survives the outage
on its own and, when it finds Redis emptied, reconciles at once (``workers.reconcile``),
so what the outage cost is queued again without waiting for the next period. If the
dispatcher process itself dies, a thread here starts another.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import threading
import time
from multiprocessing.process import BaseProcess
from types import FrameType

import redis
from rq import SimpleWorker

from service.jobs.enqueue import worker_queues
from service.store import redis_conn
from service.store.settings import var_dir
from workers.context import context

log = logging.getLogger(__name__)
# RQ blocks on its queue for WORKER_TTL - 15 s and sets its connection's socket timeout
# 10 s past that: a Redis that hangs (rather than refusing) stalls the dequeue at most
# that long. Jobs use their own client, with short timeouts (``workers.context``).
WORKER_TTL = 45
# RQ's scheduler (which re-queues retries after their back-off) runs in one worker at a
# time, under a lock that outlives a SIGKILLed holder by a minute; the others look for a
# free lock at each maintenance round: every 30 s, not RQ's default 10 minutes.
MAINTENANCE = 30
# Seconds between attempts to reach Redis again, growing to the last.
BACKOFF = (0.5, 1.0, 2.0, 4.0, 5.0)
# An RQ loop that ran this long before ending was healthy: the back-off starts again.
STABLE = 30.0


class _Worker(SimpleWorker):
    """RQ's worker, remembering whether a stop was asked for: its work loop also returns
    when Redis fails under it, and only a requested stop ends this process."""

    stop_requested = False

    def request_stop(self, signum: int, frame: FrameType | None) -> None:
        self.stop_requested = True
        super().request_stop(signum, frame)


def _housekeeper(reconcile_every: float | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from workers.reconcile import housekeep_forever

    housekeep_forever(reconcile_every)


class Housekeeper:
    """The dispatcher/reconciler process beside this worker, restarted if it dies."""

    def __init__(self, reconcile_every: float | None) -> None:
        self._every = reconcile_every
        self._stop = threading.Event()
        self._proc: BaseProcess | None = None
        self._thread = threading.Thread(target=self._keep, name="housekeeper", daemon=True)

    def start(self) -> None:
        self._spawn()
        self._thread.start()

    def _spawn(self) -> None:
        proc = multiprocessing.get_context("spawn").Process(
            target=_housekeeper, args=(self._every,), daemon=True
        )
        proc.start()
        self._proc = proc

    def _keep(self) -> None:
        failures = 0
        while not self._stop.wait(1.0):
            if self._proc is None or self._proc.is_alive():
                continue
            delay = BACKOFF[min(failures, len(BACKOFF) - 1)]
            log.warning("dispatcher exited with %s; starting another in %gs", self._proc.exitcode, delay)
            failures += 1
            if self._stop.wait(delay):
                return
            self._spawn()

    def stop(self) -> None:
        self._stop.set()
        if self._proc is not None and self._proc.is_alive():
            self._proc.terminate()
            self._proc.join(5)


def _await_redis(conn: redis.Redis, stopping: threading.Event) -> None:
    """Return once ``conn`` answers a PING, or a stop was asked for."""
    attempt = 0
    while not stopping.is_set():
        try:
            conn.ping()
            return
        except redis.RedisError:
            delay = BACKOFF[min(attempt, len(BACKOFF) - 1)]
            attempt += 1
            log.warning("redis unreachable; trying again in %gs", delay)
            stopping.wait(delay)


def run_worker(*, burst: bool = False, reconciler: bool = True, interactive_only: bool = False) -> None:
    import workers.jobs.scores  # noqa: F401  - imported once, before the first job

    ctx = context()
    # RQ raises its connection's socket timeout to its blocking dequeue's: it gets a
    # client of its own, so the jobs' client keeps its short timeouts.
    rq_conn = redis_conn.connect_blocking(redis_conn.resolve_url(ctx.settings.redis_url, var_dir()))
    queues = worker_queues(rq_conn, ctx.settings)
    if interactive_only:
        queues = [q for q in queues if q.name.endswith("-interactive")]
    if burst:
        from workers.dispatch import drain_inbox

        drain_inbox(ctx.redis, ctx.settings)
        _Worker(queues, connection=rq_conn).work(
            burst=True, with_scheduler=True, logging_level=ctx.settings.log_level
        )
        return
    housekeeper = Housekeeper(ctx.settings.reconcile_interval_seconds if reconciler else None)
    housekeeper.start()
    stopping = threading.Event()
    quick_ends = 0
    try:
        while not stopping.is_set():
            worker: _Worker | None = None
            started = time.monotonic()
            try:
                # Even constructing one talks to Redis (it names its connection).
                worker = _Worker(
                    queues, connection=rq_conn, worker_ttl=WORKER_TTL, maintenance_interval=MAINTENANCE
                )
                worker.work(with_scheduler=True, logging_level=ctx.settings.log_level)
            except Exception as exc:
                # RQ's own start-up and teardown (registering birth or death) raise.
                log.warning("RQ worker stopped: %s: %s", type(exc).__name__, exc)
            if worker is not None and worker.stop_requested:
                break
            # RQ left its signal handlers on a worker that is gone: ours, while we wait.
            for sig in (signal.SIGINT, signal.SIGTERM):
                signal.signal(sig, lambda _s, _f: stopping.set())
            ran = time.monotonic() - started
            quick_ends = quick_ends + 1 if ran < STABLE else 0
            delay = BACKOFF[min(quick_ends, len(BACKOFF) - 1)]
            log.warning("RQ worker loop ended after %.0fs; a new one in %gs, once redis answers", ran, delay)
            stopping.wait(delay)
            _await_redis(rq_conn, stopping)
    finally:
        housekeeper.stop()
