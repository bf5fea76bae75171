"""Ingested articles (the outbox of their processing), the webhook deliveries seen, and
the claims Credence extracted from each article's text."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from service.models.base import ARTICLE_STATUSES, RESOLUTIONS, STANCES, TEXT_FORMATS, Base, enum_check, utcnow


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
    # "text" or "html": how the pipeline says ``text`` is written.
    text_format: Mapped[str] = mapped_column(String(8), nullable=False, default="text")
    # What the last extraction found: the language, the extractor's version, and why it
    # extracted nothing when it did not run (not English, no text).
    language: Mapped[str | None] = mapped_column(String(16))
    extractor: Mapped[str | None] = mapped_column(String(64))
    skipped_reason: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (
        enum_check("status", ARTICLE_STATUSES, "ck_articles_status"),
        enum_check("text_format", TEXT_FORMATS, "ck_articles_text_format"),
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


class ExtractedClaim(Base):
    """One claim the extractor found in an article: the statement without its reporting
    frame, the exact quote and where it is, who it is attributed to as written (``source``)
    and as resolved (``origin``; ``resolution`` says whether it resolved, was ambiguous
    between ``candidates`` or matched nothing), the relay chain, hedging, stance, and the
    claim it became. Replaced as a whole when the article is processed again."""

    __tablename__ = "extracted_claims"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    article_id: Mapped[str] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    quote: Mapped[str] = mapped_column(Text, nullable=False)
    start_offset: Mapped[int] = mapped_column(Integer, nullable=False)
    end_offset: Mapped[int] = mapped_column(Integer, nullable=False)
    source: Mapped[str | None] = mapped_column(Text)
    origin_id: Mapped[str | None] = mapped_column(ForeignKey("outlets.id", ondelete="SET NULL"))
    resolution: Mapped[str] = mapped_column(String(16), nullable=False)
    candidates: Mapped[list[Any]] = mapped_column(nullable=False, default=list)
    via: Mapped[list[Any]] = mapped_column(nullable=False, default=list)
    hedged: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    stance: Mapped[str] = mapped_column(String(16), nullable=False)
    confidence: Mapped[float] = mapped_column(Float, nullable=False)
    extractor: Mapped[str] = mapped_column(String(64), nullable=False)
    claim_id: Mapped[str | None] = mapped_column(ForeignKey("claims.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(nullable=False, default=utcnow)
    __table_args__ = (
        enum_check("stance", STANCES, "ck_extracted_claims_stance"),
        enum_check("resolution", RESOLUTIONS, "ck_extracted_claims_resolution"),
    )
