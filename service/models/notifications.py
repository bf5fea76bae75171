"""Outbound notifications: admin-managed subscriptions, what each is owed (the outbox) and
the log of every delivery attempt."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from service.models.base import Base, utcnow

EVENT_TYPES = ("outlet.score_changed", "claim.score_changed", "claim.label_changed")


class Subscription(Base):
    __tablename__ = "subscriptions"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), nullable=False)
    events: Mapped[list[Any]] = mapped_column(JSON, nullable=False)
    # Stored in clear because every delivery is signed with it (HMAC needs the key);
    # it leaves the service only once, in the creation response, and is never logged.
    secret: Mapped[str] = mapped_column(String(128), nullable=False)
    created_at: Mapped[datetime] = mapped_column(nullable=False, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(128), nullable=False)
    disabled_at: Mapped[datetime | None] = mapped_column()
    disabled_reason: Mapped[str | None] = mapped_column(Text)
    # Consecutive failed attempts; any success resets it.
    failures: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # Deleting keeps the row (disabled, secret wiped) so its delivery log stays readable.
    deleted_at: Mapped[datetime | None] = mapped_column()


class NotificationDelivery(Base):
    __tablename__ = "notification_deliveries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subscription_id: Mapped[str] = mapped_column(
        ForeignKey("subscriptions.id", ondelete="CASCADE"), nullable=False
    )
    event_type: Mapped[str] = mapped_column(String(64), nullable=False)
    event_id: Mapped[str] = mapped_column(String(64), nullable=False)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    attempt: Mapped[int] = mapped_column(Integer, nullable=False)
    status_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(nullable=False, default=utcnow)
    duration_ms: Mapped[float | None] = mapped_column(Float)
    __table_args__ = (
        Index("ix_notification_deliveries_subscription", "subscription_id", "id"),
        Index("ix_notification_deliveries_event", "subscription_id", "event_id"),
    )


class NotificationOutbox(Base):
    """One owed delivery (one subscription, one event), written in the same transaction as the
    score change it reports, so a Redis flush or a killed worker between that commit and
    the send cannot lose it: the reconciler re-enqueues every row still ``pending``.
    ``delivered``, ``failed`` (retries exhausted) and ``skipped`` (subscription disabled)
    rows are finished and pruned after a retention period."""

    __tablename__ = "notification_outbox"
    subscription_id: Mapped[str] = mapped_column(
        ForeignKey("subscriptions.id", ondelete="CASCADE"), primary_key=True
    )
    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    event_type: Mapped[str] = mapped_column(String(64), nullable=False)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    state: Mapped[str] = mapped_column(String(16), nullable=False, default="pending")
    created_at: Mapped[datetime] = mapped_column(nullable=False, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()
    __table_args__ = (Index("ix_notification_outbox_state", "state", "created_at"),)
