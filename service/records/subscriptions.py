"""Outbound notification subscriptions and their delivery log."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from service.models import utcnow
from service.models.notifications import NotificationDelivery, NotificationOutbox, Subscription
from service.records import audit
from service.records.errors import Invalid
from service.util.ids import new_id
from service.util.netguard import RefusedURL, check_url
from service.util.timefmt import rfc3339


def new_secret() -> str:
    # Standard Webhooks secrets: "whsec_" + base64 of the key (24 random bytes = 192 bits).
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def subscription_body(s: Subscription, pending: int = 0) -> dict[str, Any]:
    """The public view. Never the secret: it is shown once, at creation."""
    return {
        "id": s.id,
        "url": s.url,
        "events": list(s.events),
        "created_at": rfc3339(s.created_at),
        "created_by": s.created_by,
        "disabled_at": rfc3339(s.disabled_at),
        "disabled_reason": s.disabled_reason,
        "failures": s.failures,
        "pending": pending,
    }


def pending_counts(session: Session, sub_ids: Sequence[str]) -> dict[str, int]:
    """Outbox rows still owed, per subscription."""
    if not sub_ids:
        return {}
    rows = session.execute(
        select(NotificationOutbox.subscription_id, func.count())
        .where(NotificationOutbox.subscription_id.in_(sub_ids), NotificationOutbox.state == "pending")
        .group_by(NotificationOutbox.subscription_id)
    )
    return {sub_id: int(n) for sub_id, n in rows}


def delivery_body(d: NotificationDelivery) -> dict[str, Any]:
    return {
        "id": d.id,
        "subscription": d.subscription_id,
        "event_type": d.event_type,
        "event_id": d.event_id,
        "payload": d.payload,
        "attempt": d.attempt,
        "status_code": d.status_code,
        "error": d.error,
        "at": rfc3339(d.at),
        "duration_ms": d.duration_ms,
    }


def check_target(url: str, allow_hosts: Sequence[str]) -> None:
    """Refuse a URL notifications may not go to (private, loopback, link-local unless
    allowed). Call it before the transaction: resolving the host can be slow."""
    try:
        check_url(url, allow_hosts)
    except RefusedURL as exc:
        raise Invalid({"url": [str(exc)]}) from None


def create(session: Session, actor: str, data: Mapping[str, Any]) -> tuple[Subscription, str]:
    secret = new_secret()
    row = Subscription(
        id=new_id("sub"),
        url=data["url"],
        events=sorted(set(data["events"])),
        secret=secret,
        created_at=utcnow(),
        created_by=actor,
        failures=0,
    )
    session.add(row)
    session.flush()
    audit.record(session, actor, "create", "subscription", row.id, None, subscription_body(row))
    return row, secret


def remove(session: Session, actor: str, row: Subscription) -> None:
    """Delete a subscription: it is no longer listed, read or sent to, and what it was
    still owed is dropped (``skipped``); the row stays, disabled and without its secret,
    so the log of the attempts made to it stays readable (``…/deliveries``)."""
    audit.record(session, actor, "delete", "subscription", row.id, subscription_body(row), None)
    now = utcnow()
    row.deleted_at = now
    row.secret = ""
    if row.disabled_at is None:
        row.disabled_at, row.disabled_reason = now, "deleted"
    session.execute(
        update(NotificationOutbox)
        .where(NotificationOutbox.subscription_id == row.id, NotificationOutbox.state == "pending")
        .values(state="skipped", finished_at=now)
    )
