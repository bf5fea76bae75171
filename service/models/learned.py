"""What the truth-discovery run learned: each outlet's accuracy and its (detected)
dependence group. Learned from all claims by the truth-discovery job."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, String
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


class LearnedDependence(Base):
    __tablename__ = "learned_dependence"
    outlet_a: Mapped[str] = mapped_column(ForeignKey("outlets.id", ondelete="CASCADE"), primary_key=True)
    outlet_b: Mapped[str] = mapped_column(ForeignKey("outlets.id", ondelete="CASCADE"), primary_key=True)
    probability: Mapped[float] = mapped_column(Float, nullable=False)
    run_id: Mapped[str] = mapped_column(String(40), nullable=False)
    computed_at: Mapped[datetime] = mapped_column(nullable=False)
    __table_args__ = (Index("ix_learned_dependence_b", "outlet_b"),)
