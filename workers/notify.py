"""Outbound notifications. ``stage`` writes what each subscriber is owed into the outbox
in the scoring transaction; ``send`` queues one ``deliver`` job per outbox row after the
commit (deterministic id); ``deliver`` POSTs it signed with Standard Webhooks, records
every attempt and finishes the row. The reconciler re-queues rows left ``pending``.

A failed attempt raises so RQ retries it with back-off; the same event keeps its
``webhook-id`` across retries so receivers can de-duplicate. After
``subscription_max_failures`` consecutive failures the subscription is disabled.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import requests
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from standardwebhooks.webhooks import Webhook

from service.db import transaction
from service.ids import new_id
from service.models import utcnow
from service.models_notify import NotificationDelivery, NotificationOutbox, Subscription
from service.netguard import RefusedURL, check_url
from service.queue import enqueue_unique, make_queue
from service.records import audit
from service.settings import Settings
from service.timefmt import rfc3339
from workers.context import context
from workers.scoring import change_events

log = logging.getLogger(__name__)
USER_AGENT = "Credence-Webhooks/1"


class DeliveryFailed(Exception):
    """A non-2xx answer, a refused URL or a network error (the message says which)."""


def make_event(event_type: str, data: Mapping[str, Any]) -> dict[str, Any]:
    # Standard Webhooks payload shape: type, timestamp, data.
    return {"id": new_id("evt"), "type": event_type, "timestamp": rfc3339(utcnow()), "data": dict(data)}


def change_notifications(
    entity: str,
    entity_id: str,
    old: Mapping[str, Any] | None,
    new: Mapping[str, Any],
    cause: str,
) -> list[dict[str, Any]]:
    """The events a rescore of ``entity`` (``outlet``/``claim``) causes: none unless the
    integer score or the label moved (sub-point drift would only spam subscribers)."""
    data = {entity: entity_id, "old": dict(old) if old else None, "new": dict(new), "cause": cause}
    return [make_event(name, data) for name in change_events(entity, old, new)]


def stage(session: Session, events: Iterable[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """Inside the transaction that stores the scores: one outbox row per (enabled
    subscription, event). Returns the (subscription, event) pairs to ``send`` after the
    commit. Being in the same transaction is what makes notifications lossless."""
    events = list(events)
    if not events:
        return []
    subs = session.execute(
        select(Subscription.id, Subscription.events).where(Subscription.disabled_at.is_(None))
    ).all()
    owed: list[tuple[str, str]] = []
    for event in events:
        for sub_id, wanted in subs:
            if event["type"] in wanted:
                session.add(_owed(sub_id, event))
                owed.append((sub_id, str(event["id"])))
    return owed


def _owed(subscription_id: str, event: Mapping[str, Any]) -> NotificationOutbox:
    return NotificationOutbox(
        subscription_id=subscription_id,
        event_id=str(event["id"]),
        event_type=str(event["type"]),
        payload=dict(event),
        state="pending",
        created_at=utcnow(),
    )


def send(owed: Iterable[tuple[str, str]]) -> list[str]:
    """Queue a ``deliver`` job per outbox row, after the commit. Never raises: what could
    not be queued stays ``pending`` in the outbox, and the reconciler queues it later.

    Delivery is at least once: a row whose job is running gets a follow-up run (its
    worker may have died), which sends again only if the running one did not finish."""
    owed = list(owed)
    if not owed:
        return []
    ctx = context()
    jobs: list[str] = []
    try:
        queue = make_queue(ctx.redis, ctx.settings)
        for sub_id, event_id in owed:
            jobs.append(
                enqueue_unique(
                    queue,
                    "workers.notify.deliver",
                    [sub_id, event_id],
                    delivery_job_id(sub_id, event_id),
                    ctx.settings,
                )
            )
    except Exception:
        log.warning("could not queue %d notifications; the reconciler will", len(owed), exc_info=True)
    return jobs


def delivery_job_id(subscription_id: str, event_id: str) -> str:
    return f"notify--{subscription_id}--{event_id}"


def _send(url: str, secret: str, event: Mapping[str, Any], timeout: float) -> int:
    body = json.dumps(event, separators=(",", ":"))
    sent_at = datetime.now(UTC)
    headers = {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "webhook-id": str(event["id"]),
        "webhook-timestamp": str(int(sent_at.timestamp())),
        "webhook-signature": Webhook(secret).sign(str(event["id"]), sent_at, body),
    }
    # Redirects are not followed: a public endpoint could otherwise bounce us inward.
    resp = requests.post(
        url, data=body.encode(), headers=headers, timeout=(timeout, timeout), allow_redirects=False
    )
    return resp.status_code


def deliver(subscription_id: str, event_id: str | Mapping[str, Any]) -> dict[str, object]:
    """One attempt at an owed delivery; idempotent: a finished (or deleted) outbox row
    is left alone, so a job queued twice sends once."""
    ctx = context()
    if isinstance(event_id, Mapping):
        event_id = _adopt(subscription_id, event_id)
    with transaction(ctx.sessions) as session:
        row = session.get(NotificationOutbox, (subscription_id, event_id))
        if row is None or row.state != "pending":
            state = row.state if row else "gone"
            return {"subscription": subscription_id, "event": event_id, "status": state}
        sub = session.get(Subscription, subscription_id)
        if sub is None or sub.disabled_at is not None:
            # Disabled since it was queued: stop here, without a retry.
            row.state, row.finished_at = "skipped", utcnow()
            return {"subscription": subscription_id, "event": event_id, "status": "skipped"}
        url, secret, event = sub.url, sub.secret, dict(row.payload)
        attempt = 1 + int(
            session.execute(
                select(func.count())
                .select_from(NotificationDelivery)
                .where(
                    NotificationDelivery.subscription_id == subscription_id,
                    NotificationDelivery.event_id == event_id,
                )
            ).scalar_one()
        )
    started = time.monotonic()
    status: int | None = None
    error: str | None = None
    try:
        # Re-checked at send time: the name may resolve somewhere else by now.
        check_url(url, ctx.settings.callback_allow_hosts)
        status = _send(url, secret, event, ctx.settings.callback_timeout_seconds)
        if not 200 <= status < 300:
            error = f"HTTP {status}"
    except RefusedURL as exc:
        error = f"refused: {exc}"
    except requests.RequestException as exc:
        # The exception text can carry the URL but never the secret (it is not in it).
        error = f"{type(exc).__name__}: {exc}"[:1000]
    duration = (time.monotonic() - started) * 1000
    _record(subscription_id, event, attempt, status, error, duration)
    if error is not None:
        raise DeliveryFailed(f"subscription {subscription_id} event {event_id}: {error}")
    return {"subscription": subscription_id, "event": event_id, "status": status, "attempt": attempt}


def _adopt(subscription_id: str, event: Mapping[str, Any]) -> str:
    """A job queued by a release before the outbox carried the event itself: write it to
    the outbox first (once), so it is delivered and retried like any other."""
    with transaction(context().sessions) as session:
        known = session.get(NotificationOutbox, (subscription_id, str(event["id"])))
        if known is None and session.get(Subscription, subscription_id) is not None:
            session.add(_owed(subscription_id, event))
    return str(event["id"])


def max_attempts(settings: Settings) -> int:
    return 1 + len(settings.job_retry_intervals)


def _record(
    sub_id: str, event: Mapping[str, Any], attempt: int, status: int | None, error: str | None, ms: float
) -> None:
    ctx = context()
    with transaction(ctx.sessions) as session:
        sub = session.get(Subscription, sub_id, with_for_update=True)
        if sub is None:
            return  # deleted while we were sending; its log went with it
        session.add(
            NotificationDelivery(
                subscription_id=sub_id,
                event_type=str(event["type"]),
                event_id=str(event["id"]),
                payload=dict(event),
                attempt=attempt,
                status_code=status,
                error=error,
                at=utcnow(),
                duration_ms=round(ms, 1),
            )
        )
        row = session.get(NotificationOutbox, (sub_id, str(event["id"])), with_for_update=True)
        if error is None:
            sub.failures = 0
            _finish(row, "delivered")
            return
        if attempt >= max_attempts(ctx.settings):
            _finish(row, "failed")
        sub.failures += 1
        if sub.disabled_at is None and sub.failures >= ctx.settings.subscription_max_failures:
            sub.disabled_at = utcnow()
            sub.disabled_reason = f"{sub.failures} consecutive failed deliveries; last: {error}"[:2000]
            audit.record(
                session,
                "system",
                "disable",
                "subscription",
                sub_id,
                {"disabled_at": None},
                {"disabled_at": rfc3339(sub.disabled_at), "reason": sub.disabled_reason},
            )
            # What it is still owed is dropped with it; its queued jobs find nothing to do.
            session.execute(
                update(NotificationOutbox)
                .where(NotificationOutbox.subscription_id == sub_id, NotificationOutbox.state == "pending")
                .values(state="skipped", finished_at=sub.disabled_at)
            )
            log.warning("subscription %s disabled after %d failures", sub_id, sub.failures)


def _finish(row: NotificationOutbox | None, state: str) -> None:
    if row is not None and row.state == "pending":
        row.state, row.finished_at = state, utcnow()
