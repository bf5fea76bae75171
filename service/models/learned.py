"""What the truth-discovery run learned: each outlet's accuracy and its (detected)
dependence group. Learned from all claims by the truth-discovery job."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from service.models.base import Base


class LearnedReliability(Base):
    __tablename__ = "learned_reliability"
    outlet_id: Mapped[str] = mapped_column(ForeignKey("outlets.id", ondelete="CASCADE"), primary_key=True)
    accuracy: Mapped[float] = mapped_column(Float, nullable=False)
    observations: Mapped[float] = mapped_column(Float, nullable=False)
    # Set when detected copying merges this outlet with others beyond its own network.
    unit_key: Mapped[str | None] = mapped_column(String(200))
    run_id: Mapped[str] = mapped_column(String(40), nullable=False)
    computed_at: Mapped[datetime] = mapped_column(nullable=False)
    # What the estimate rests on (items, shared, contested answers, contested accuracy,
    # agreement with the profile prior), shown in the outlet's explanation.
    evidence: Mapped[dict[str, Any]] = mapped_column(nullable=False, default=dict)


class LearnedRun(Base):
    """One partition of a learning run and its held-out check: the model's and majority
    vote's accuracy on answers it was not fitted on. A run worse than vote is recorded
    and not applied (the previous run's estimates stay)."""

    __tablename__ = "learned_runs"
    run_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    part: Mapped[int] = mapped_column(Integer, primary_key=True)
    sources: Mapped[int] = mapped_column(Integer, nullable=False)
    check: Mapped[dict[str, Any]] = mapped_column(nullable=False)
    applied: Mapped[bool] = mapped_column(Boolean, nullable=False)
    computed_at: Mapped[datetime] = mapped_column(nullable=False)


class LearnedDependence(Base):
    __tablename__ = "learned_dependence"
    outlet_a: Mapped[str] = mapped_column(ForeignKey("outlets.id", ondelete="CASCADE"), primary_key=True)
    outlet_b: Mapped[str] = mapped_column(ForeignKey("outlets.id", ondelete="CASCADE"), primary_key=True)
    probability: Mapped[float] = mapped_column(Float, nullable=False)
    run_id: Mapped[str] = mapped_column(String(40), nullable=False)
    computed_at: Mapped[datetime] = mapped_column(nullable=False)
    __table_args__ = (Index("ix_learned_dependence_b", "outlet_b"),)
