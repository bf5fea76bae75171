"""The reconciler: the database says what work is owed (stale revisions, missing scores,
pending articles, owed notifications); this re-enqueues it, so a Redis flush or a killed
worker delays work but never loses it. Safe to run any time: job ids are deterministic,
so work already queued is not queued twice."""

from __future__ import annotations

import logging
import os
import time
from datetime import UTC, datetime, timedelta

from service.jobs.effects import Effects
from service.jobs.enqueue import enqueue_articles, enqueue_claim_batches, enqueue_deliveries, enqueue_effects
from service.records.notifications import prune_outbox
from service.records.owed import Owed, owed_work
from service.store.db import transaction
from workers.context import context
from workers.dispatch import dispatch_inbox, drain_inbox

log = logging.getLogger(__name__)


def reconcile_once() -> Owed:
    ctx = context()
    # An inbox nobody dispatches (no ``credence worker`` running) must not grow forever.
    drain_inbox(ctx.redis, ctx.settings)
    with ctx.sessions() as session:
        found = owed_work(session)
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


def housekeep_forever(reconcile_every: float | None) -> None:
    """Beside each worker: dispatch the ingest inbox as entries arrive (blocking pop, so
    an accepted article is queued within milliseconds) and, unless ``reconcile_every``
    is None, reconcile on that period."""
    ctx = context()
    parent = os.getppid()
    due = time.monotonic()
    while os.getppid() == parent:  # the worker beside it is gone: so is its dispatcher
        try:
            if reconcile_every is not None and time.monotonic() >= due:
                due = time.monotonic() + reconcile_every
                reconcile_once()
            wait = 1.0 if reconcile_every is None else max(0.05, min(1.0, due - time.monotonic()))
            dispatch_inbox(ctx.redis, ctx.settings, wait=wait)
        except Exception:
            log.exception("dispatch/reconcile round failed")
            time.sleep(1.0)
