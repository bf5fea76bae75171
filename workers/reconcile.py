"""The reconciler: the database says what work is owed (stale revisions, missing scores,
pending articles, owed notifications); this re-enqueues it, so a Redis flush or a killed
worker delays work but never loses it. Safe to run any time: job ids are deterministic,
so work already queued is not queued twice."""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select

from service.db import transaction
from service.models import Article, Claim, Outlet
from service.models_notify import NotificationOutbox
from service.queue import (
    dispatch_inbox,
    drain_inbox,
    enqueue_articles,
    enqueue_claim_batches,
    enqueue_effects,
)
from service.records.effects import Effects
from workers import notify
from workers.context import context

log = logging.getLogger(__name__)


@dataclass
class Reconciled:
    outlets: list[str] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    notifications: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"re-enqueued {len(self.outlets)} outlets, {len(self.claims)} claims, "
            f"{len(self.articles)} articles, {len(self.notifications)} notifications"
        )


def reconcile_once() -> Reconciled:
    ctx = context()
    found = Reconciled()
    # An inbox nobody dispatches (no ``credence worker`` running) must not grow forever.
    drain_inbox(ctx.redis, ctx.settings)
    with ctx.sessions() as session:
        found.outlets = list(
            session.execute(select(Outlet.id).where(Outlet.revision > Outlet.scored_revision)).scalars()
        )
        found.claims = list(
            session.execute(select(Claim.id).where(Claim.revision > Claim.scored_revision)).scalars()
        )
        found.articles = list(
            session.execute(
                select(Article.id).where(Article.status == "pending").order_by(Article.created_at, Article.id)
            ).scalars()
        )
        found.notifications = [
            (sub_id, event_id)
            for sub_id, event_id in session.execute(
                select(NotificationOutbox.subscription_id, NotificationOutbox.event_id)
                .where(NotificationOutbox.state == "pending")
                .order_by(NotificationOutbox.created_at)
            )
        ]
    enqueue_effects(ctx.redis, ctx.settings, Effects(outlets=set(found.outlets), cause="reconciler"))
    # Oldest first, in batches: an article that is still waiting in an inbox batch job is
    # queued again, and its second run is one UPDATE that finds it processed.
    enqueue_articles(ctx.redis, ctx.settings, found.articles)
    if found.claims:
        enqueue_claim_batches(ctx.redis, ctx.settings, found.claims, "reconciler")
    notify.send(found.notifications)
    _prune_outbox(ctx.settings.notification_retention_days)
    if found.outlets or found.claims or found.articles or found.notifications:
        log.info(
            "reconciled",
            extra={
                "outlets": len(found.outlets),
                "claims": len(found.claims),
                "articles": len(found.articles),
                "notifications": len(found.notifications),
            },
        )
    return found


def _prune_outbox(days: int) -> None:
    cutoff = datetime.now(UTC) - timedelta(days=days)
    with transaction(context().sessions) as session:
        session.execute(
            delete(NotificationOutbox).where(
                NotificationOutbox.state != "pending", NotificationOutbox.finished_at < cutoff
            )
        )


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
