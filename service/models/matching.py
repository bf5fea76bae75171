"""Matching claims across wordings: each claim's sentence vector (the source of truth the
search index is rebuilt from), the likely duplicates the matcher linked for an editor to
review, and every merge — with what it moved — so it can be undone exactly."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.models.base import MATCH_STATUSES, Base, enum_check, utcnow


class ClaimVector(Base):
    __tablename__ = "claim_vectors"
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    # The embedding model and its version: a vector of another model is recomputed.
    model: Mapped[str] = mapped_column(String(200), nullable=False)
    dim: Mapped[int] = mapped_column(Integer, nullable=False)
    vector: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)  # float32, unit length
    created_at: Mapped[datetime] = mapped_column(nullable=False, default=utcnow)


class ClaimMatch(Base):
    """A likely duplicate: ``claim`` was created beside ``candidate`` because the matcher
    was not sure enough to merge them; an editor merges or rejects."""

    __tablename__ = "claim_matches"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    claim_id: Mapped[str] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), nullable=False, index=True
    )
    candidate_id: Mapped[str] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), nullable=False, index=True
    )
    probability: Mapped[float] = mapped_column(Float, nullable=False)
    why: Mapped[list[Any]] = mapped_column(nullable=False, default=list)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="pending")
    created_at: Mapped[datetime] = mapped_column(nullable=False, default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(128))
    decided_at: Mapped[datetime | None] = mapped_column()
    __table_args__ = (
        UniqueConstraint("claim_id", "candidate_id", name="uq_claim_matches_pair"),
        enum_check("status", MATCH_STATUSES, "ck_claim_matches_status"),
        Index("ix_claim_matches_status", "status", "id"),
    )


class ClaimMerge(Base):
    """One merge of ``merged`` into ``survivor``: the appearances and verdicts it moved
    (their ids), so undoing it moves exactly those back."""

    __tablename__ = "claim_merges"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    merged_id: Mapped[str] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), nullable=False, index=True
    )
    survivor_id: Mapped[str] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), nullable=False, index=True
    )
    actor: Mapped[str] = mapped_column(String(128), nullable=False)
    cause: Mapped[str] = mapped_column(String(200), nullable=False)
    moved_appearances: Mapped[list[Any]] = mapped_column(nullable=False, default=list)
    moved_verdicts: Mapped[list[Any]] = mapped_column(nullable=False, default=list)
    merged_at: Mapped[datetime] = mapped_column(nullable=False, default=utcnow)
    undone_by: Mapped[str | None] = mapped_column(String(128))
    undone_at: Mapped[datetime | None] = mapped_column()
