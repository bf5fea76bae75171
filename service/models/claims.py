"""Claims, where they appeared, and the fact-check verdicts on them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from service.models.base import PROVENANCES, RATINGS, STANCES, Base, enum_check, utcnow


class Claim(Base):
    __tablename__ = "claims"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    normalized_text: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    question: Mapped[str | None] = mapped_column(String(128), index=True)
    topics: Mapped[list[Any]] = mapped_column(nullable=False, default=list)
    revision: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    scored_revision: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    created_at: Mapped[datetime] = mapped_column(nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(nullable=False, default=utcnow)
    # Set when an editor (or the matcher) merged this claim into another: its id keeps
    # answering, pointing to the survivor; it is neither scored nor matched any more.
    merged_into: Mapped[str | None] = mapped_column(ForeignKey("claims.id"), index=True)
    # When the matcher decided what this claim is; NULL means a decision is owed (a claim
    # posted through the API): the outbox the reconciler reads if the match job is lost.
    matched_at: Mapped[datetime | None] = mapped_column()
    __table_args__ = (
        Index("ix_claims_stale", "revision", "scored_revision"),
        # The matcher's index follows the claims table by this (adds, edits, merges).
        Index("ix_claims_updated_at", "updated_at"),
        Index("ix_claims_unmatched", "matched_at"),
    )


# Substring search of claim texts (service.records.queries.ClaimTextContains): a trigram
# GIN index on PostgreSQL. SQLite's counterpart, an FTS5 trigram table kept by triggers, is
# made by the migration (0007) and is no SQLAlchemy table.
Index(
    "ix_claims_text_trgm",
    func.lower(Claim.text).label("text_lower"),
    postgresql_using="gin",
    postgresql_ops={"text_lower": "gin_trgm_ops"},
).ddl_if(dialect="postgresql")


class Appearance(Base):
    __tablename__ = "appearances"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    claim_id: Mapped[str] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), nullable=False, index=True
    )
    outlet_id: Mapped[str] = mapped_column(ForeignKey("outlets.id"), nullable=False, index=True)
    url: Mapped[str] = mapped_column(String(2048), nullable=False)
    published_at: Mapped[datetime | None] = mapped_column()
    stance: Mapped[str] = mapped_column(String(16), nullable=False)
    origin_id: Mapped[str | None] = mapped_column(ForeignKey("outlets.id"), index=True)
    # NULL origins are distinct in SQL unique constraints; this non-null copy makes
    # (claim, url, origin) unique for first-hand appearances too.
    origin_key: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    hedged: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    excerpt: Mapped[str | None] = mapped_column(Text)
    article_id: Mapped[str | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"), index=True)
    provenance: Mapped[str | None] = mapped_column(String(16))
    # The relay chain between the publisher and the origin, as outlet ids or, where a
    # relay resolved to none, its words ("The AP reported that the SVR said…": ["associated-press"]).
    via: Mapped[list[Any]] = mapped_column(nullable=False, default=list)
    created_at: Mapped[datetime] = mapped_column(nullable=False, default=utcnow)
    __table_args__ = (
        UniqueConstraint("claim_id", "url", "origin_key", name="uq_appearances_claim_url_origin"),
        # NULL (entered through the API) passes: a CHECK only refuses what is false.
        enum_check("provenance", PROVENANCES, "ck_appearances_provenance"),
        enum_check("stance", STANCES, "ck_appearances_stance"),
    )


class Verdict(Base):
    __tablename__ = "verdicts"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    claim_id: Mapped[str] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), nullable=False, index=True
    )
    reviewer_id: Mapped[str] = mapped_column(ForeignKey("outlets.id"), nullable=False, index=True)
    rating: Mapped[str] = mapped_column(String(16), nullable=False)
    url: Mapped[str | None] = mapped_column(String(2048))
    reviewed_at: Mapped[datetime] = mapped_column(nullable=False)
    created_at: Mapped[datetime] = mapped_column(nullable=False, default=utcnow)
    __table_args__ = (
        enum_check("rating", RATINGS, "ck_verdicts_rating"),
        UniqueConstraint("claim_id", "reviewer_id", "url", name="uq_verdicts_claim_reviewer_url"),
    )
