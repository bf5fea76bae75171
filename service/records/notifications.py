"""What subscribers are owed, and what became of each attempt.

``stage`` writes one outbox row per (enabled subscription, event) inside the transaction
that stores the score change, which is what makes notifications lossless; the rows are
queued for delivery after the commit (``service.jobs.enqueue.enqueue_deliveries``) and
re-queued by the reconciler while ``pending``. ``take`` reads what one delivery attempt
needs, ``record_attempt`` logs it and finishes the row: ``delivered``, ``failed`` once
the attempts run out, ``skipped`` when the subscription is disabled — which happens
after ``max_failures`` consecutive failures.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from service.models import NotificationDelivery, NotificationOutbox, Subscription, utcnow
from service.records import audit
from service.util.ids import new_id
from service.util.timefmt import rfc3339
from workers.scoring import change_events


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
    subscription, event). Returns the (subscription, event) pairs to queue after the
    commit."""
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


def adopt(session: Session, subscription_id: str, event: Mapping[str, Any]) -> str:
    """A delivery job queued by a release before the outbox carried the event itself:
    write it to the outbox (once), so it is delivered and retried like any other."""
    known = session.get(NotificationOutbox, (subscription_id, str(event["id"])))
    if known is None and session.get(Subscription, subscription_id) is not None:
        session.add(_owed(subscription_id, event))
    return str(event["id"])


@dataclass(frozen=True)
class Attempt:
    """What one delivery attempt sends, and its number (1 for the first)."""

    url: str
    secret: str
    event: dict[str, Any]
    number: int


def take(session: Session, subscription_id: str, event_id: str) -> Attempt | str:
    """The attempt an owed row is due, or the row's state when nothing is owed: a
    finished (or deleted) row is left alone, so a job queued twice sends once; a row
    whose subscription was disabled since it was queued is finished as ``skipped``."""
    row = session.get(NotificationOutbox, (subscription_id, event_id))
    if row is None or row.state != "pending":
        return row.state if row else "gone"
    sub = session.get(Subscription, subscription_id)
    if sub is None or sub.disabled_at is not None:
        row.state, row.finished_at = "skipped", utcnow()
        return "skipped"
    sent = session.execute(
        select(func.count())
        .select_from(NotificationDelivery)
        .where(
            NotificationDelivery.subscription_id == subscription_id,
            NotificationDelivery.event_id == event_id,
        )
    ).scalar_one()
    return Attempt(sub.url, sub.secret, dict(row.payload), 1 + int(sent))


def record_attempt(
    session: Session,
    subscription_id: str,
    attempt: Attempt,
    status: int | None,
    error: str | None,
    ms: float,
    *,
    max_attempts: int,
    max_failures: int,
) -> bool:
    """Log the attempt and finish its row when it succeeded or was the last; count a
    failure against the subscription, disabling it at ``max_failures``. Returns whether
    the subscription was just disabled."""
    event = attempt.event
    sub = session.get(Subscription, subscription_id, with_for_update=True)
    if sub is None:
        return False  # deleted while we were sending; its log went with it
    session.add(
        NotificationDelivery(
            subscription_id=subscription_id,
            event_type=str(event["type"]),
            event_id=str(event["id"]),
            payload=dict(event),
            attempt=attempt.number,
            status_code=status,
            error=error,
            at=utcnow(),
            duration_ms=round(ms, 1),
        )
    )
    row = session.get(NotificationOutbox, (subscription_id, str(event["id"])), with_for_update=True)
    if error is None:
        sub.failures = 0
        _finish(row, "delivered")
        return False
    if attempt.number >= max_attempts:
        _finish(row, "failed")
    sub.failures += 1
    if sub.disabled_at is not None or sub.failures < max_failures:
        return False
    sub.disabled_at = utcnow()
    sub.disabled_reason = f"{sub.failures} consecutive failed deliveries; last: {error}"[:2000]
    audit.record(
        session,
        "system",
        "disable",
        "subscription",
        subscription_id,
        {"disabled_at": None},
        {"disabled_at": rfc3339(sub.disabled_at), "reason": sub.disabled_reason},
    )
    # What it is still owed is dropped with it; its queued jobs find nothing to do.
    session.execute(
        update(NotificationOutbox)
        .where(NotificationOutbox.subscription_id == subscription_id, NotificationOutbox.state == "pending")
        .values(state="skipped", finished_at=sub.disabled_at)
    )
    return True


def _finish(row: NotificationOutbox | None, state: str) -> None:
    if row is not None and row.state == "pending":
        row.state, row.finished_at = state, utcnow()


def owed_deliveries(session: Session) -> list[tuple[str, str]]:
    """Every (subscription, event) still ``pending``, oldest first (for the reconciler)."""
    rows = session.execute(
        select(NotificationOutbox.subscription_id, NotificationOutbox.event_id)
        .where(NotificationOutbox.state == "pending")
        .order_by(NotificationOutbox.created_at)
    )
    return [(sub_id, event_id) for sub_id, event_id in rows]


def prune_outbox(session: Session, before: datetime) -> None:
    """Drop finished rows older than ``before``; pending ones are never pruned."""
    session.execute(
        delete(NotificationOutbox).where(
            NotificationOutbox.state != "pending", NotificationOutbox.finished_at < before
        )
    )
