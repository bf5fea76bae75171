"""The reconciler: the database says what work is owed (stale revisions, missing scores,
pending articles, owed notifications); this re-enqueues it, so a Redis flush or a killed
worker delays work but never loses it. Safe to run any time: job ids are deterministic,
so work already queued is not queued twice."""

from __future__ import annotations

import logging
import os
import time
from datetime import UTC, datetime, timedelta

from redis import Redis

from service.jobs.effects import Effects
from service.jobs.enqueue import enqueue_articles, enqueue_claim_batches, enqueue_deliveries, enqueue_effects
from service.records.notifications import prune_outbox
from service.records.owed import Owed, owed_work
from service.store.cache import PREFIX
from service.store.db import transaction
from service.store.redis_conn import COOLDOWN
from service.store.settings import Settings
from workers.context import context
from workers.dispatch import dispatch_inbox, drain_inbox

log = logging.getLogger(__name__)


def reconcile_once() -> Owed:
    ctx = context()
    # An inbox nobody dispatches (no ``credence worker`` running) must not grow forever.
    drain_inbox(ctx.redis, ctx.settings)
    with ctx.sessions() as session:
        found = owed_work(session, max_article_attempts=1 + len(ctx.settings.job_retry_intervals))
    owed = Effects(outlets=set(found.outlets), match=set(found.unmatched), cause="reconciler")
    enqueue_effects(ctx.redis, ctx.settings, owed)
    # Oldest first, in batches: an article that is still waiting in an inbox batch job is
    # queued again, and its second run is one UPDATE that finds it processed.
    enqueue_articles(ctx.redis, ctx.settings, found.articles)
    if found.claims:
        enqueue_claim_batches(ctx.redis, ctx.settings, found.claims, "reconciler")
    enqueue_deliveries(ctx.redis, ctx.settings, found.notifications)
    cutoff = datetime.now(UTC) - timedelta(days=ctx.settings.notification_retention_days)
    with transaction(ctx.sessions) as session:
        prune_outbox(session, cutoff)
    if found.outlets or found.claims or found.articles or found.notifications or found.unmatched:
        log.info(
            "reconciled",
            extra={
                "outlets": len(found.outlets),
                "claims": len(found.claims),
                "articles": len(found.articles),
                "notifications": len(found.notifications),
                "unmatched": len(found.unmatched),
            },
        )
    return found


def reconcile_forever(every: float) -> None:
    while True:
        try:
            reconcile_once()
        except Exception:
            # Redis or the database may be briefly down; the next round tries again.
            log.exception("reconcile round failed")
        time.sleep(every)


# Seconds after an outage ends to reconcile once more: past every client's breaker
# cooldown (service.store.redis_conn.COOLDOWN), so its stragglers are caught too.
AFTER_OUTAGE = 2 * COOLDOWN


def _marker(settings: Settings) -> str:
    return f"{PREFIX}{settings.queue_name}:reconciled"


def redis_was_emptied(conn: Redis, settings: Settings) -> bool:
    """Whether Redis lost its data (restarted empty, flushed) since the last reconcile
    round marked it: everything queued then is gone, and owed work must be queued again."""
    return not conn.exists(_marker(settings))


def housekeep_forever(reconcile_every: float | None) -> None:
    """Beside each worker: dispatch the ingest inbox as entries arrive (blocking pop, so
    an accepted article is queued within milliseconds) and, unless ``reconcile_every``
    is None, reconcile on that period — and at once when Redis comes back empty, so an
    outage delays work by the outage, not by the period too. A failing round (Redis or
    the database down) is retried every second; this loop never exits on its own."""
    ctx = context()
    parent = os.getppid()
    due = time.monotonic()
    checked = 0.0
    failing = False
    while os.getppid() == parent:  # the worker beside it is gone: so is its dispatcher
        try:
            now = time.monotonic()
            if reconcile_every is not None and now - checked >= 1.0:
                checked = now
                if redis_was_emptied(ctx.redis, ctx.settings):
                    due = now
            if reconcile_every is not None and now >= due:
                due = now + reconcile_every
                reconcile_once()
                ctx.redis.set(_marker(ctx.settings), int(time.time()))
            wait = 1.0 if reconcile_every is None else max(0.05, min(1.0, due - time.monotonic()))
            dispatch_inbox(ctx.redis, ctx.settings, wait=wait)
            if failing:
                log.info("dispatcher: redis and the database answer again")
                # This round caught up with what the outage left owed; writes that other
                # processes made while their breakers were still open (up to a cooldown
                # after Redis returned) are caught by one more round shortly after.
                due = min(due, time.monotonic() + AFTER_OUTAGE)
            failing = False
        except Exception as exc:
            # Logged once per outage, not once a second for as long as it lasts.
            if not failing:
                log.warning("dispatch/reconcile round failed: %s: %s", type(exc).__name__, exc)
            failing = True
            due = min(due, time.monotonic() + 1.0)  # when it answers again, catch up at once
            time.sleep(1.0)
