"""Stored scores — each outlet's reliability and each claim's corroboration as the
workers last computed them — and the history of every change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from service.models.base import Base


class OutletScore(Base):
    __tablename__ = "outlet_scores"
    outlet_id: Mapped[str] = mapped_column(ForeignKey("outlets.id", ondelete="CASCADE"), primary_key=True)
    score: Mapped[int] = mapped_column(Integer, nullable=False)
    reliability: Mapped[float] = mapped_column(Float, nullable=False)
    label: Mapped[str] = mapped_column(String(32), nullable=False)
    body: Mapped[dict[str, Any]] = mapped_column(nullable=False)
    computed_at: Mapped[datetime] = mapped_column(nullable=False)
    # Lists filtered by label walk this instead of every score.
    __table_args__ = (Index("ix_outlet_scores_label", "label", "outlet_id"),)


class OutletScoreHistory(Base):
    __tablename__ = "outlet_score_history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    outlet_id: Mapped[str] = mapped_column(ForeignKey("outlets.id", ondelete="CASCADE"), nullable=False)
    at: Mapped[datetime] = mapped_column(nullable=False)
    cause: Mapped[str] = mapped_column(String(200), nullable=False)
    old_score: Mapped[int | None] = mapped_column(Integer)
    new_score: Mapped[int] = mapped_column(Integer, nullable=False)
    old_label: Mapped[str | None] = mapped_column(String(32))
    new_label: Mapped[str] = mapped_column(String(32), nullable=False)
    reliability: Mapped[float] = mapped_column(Float, nullable=False)
    profile_version: Mapped[int | None] = mapped_column(Integer)
    config_version: Mapped[int] = mapped_column(Integer, nullable=False)
    __table_args__ = (Index("ix_outlet_score_history_outlet", "outlet_id", "id"),)


class ClaimScore(Base):
    __tablename__ = "claim_scores"
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    score: Mapped[int] = mapped_column(Integer, nullable=False)
    probability: Mapped[float] = mapped_column(Float, nullable=False)
    label: Mapped[str] = mapped_column(String(32), nullable=False)
    body: Mapped[dict[str, Any]] = mapped_column(nullable=False)
    computed_at: Mapped[datetime] = mapped_column(nullable=False)
    __table_args__ = (Index("ix_claim_scores_label", "label", "claim_id"),)


class ClaimScoreHistory(Base):
    __tablename__ = "claim_score_history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), nullable=False)
    at: Mapped[datetime] = mapped_column(nullable=False)
    cause: Mapped[str] = mapped_column(String(200), nullable=False)
    old_score: Mapped[int | None] = mapped_column(Integer)
    new_score: Mapped[int] = mapped_column(Integer, nullable=False)
    old_label: Mapped[str | None] = mapped_column(String(32))
    new_label: Mapped[str] = mapped_column(String(32), nullable=False)
    __table_args__ = (Index("ix_claim_score_history_claim", "claim_id", "id"),)
