"""Ingested articles (the outbox of their processing) and the webhook deliveries seen."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from service.models.base import ARTICLE_STATUSES, Base, enum_check, utcnow


class Article(Base):
    __tablename__ = "articles"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), nullable=False, unique=True)
    outlet_ref: Mapped[str] = mapped_column(String(253), nullable=False)
    outlet_id: Mapped[str | None] = mapped_column(ForeignKey("outlets.id"))
    title: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column()
    authors: Mapped[list[Any]] = mapped_column(nullable=False, default=list)
    text: Mapped[str | None] = mapped_column(Text)
    claims: Mapped[list[Any]] = mapped_column(nullable=False, default=list)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="pending")
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    created_at: Mapped[datetime] = mapped_column(nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(nullable=False, default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column()
    __table_args__ = (
        enum_check("status", ARTICLE_STATUSES, "ck_articles_status"),
        Index("ix_articles_status", "status"),
        # The ingest list filters by outlet: the resolved one, or the reference sent (pending).
        Index("ix_articles_outlet", "outlet_id"),
        Index("ix_articles_outlet_ref", "outlet_ref"),
    )


class WebhookDelivery(Base):
    __tablename__ = "webhook_deliveries"
    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), nullable=False)
    received_at: Mapped[datetime] = mapped_column(nullable=False, default=utcnow)
