"""Outlets, their registered domains and the names a text may use for them (aliases)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.models.base import OUTLET_KINDS, Base, enum_check, utcnow


class Outlet(Base):
    __tablename__ = "outlets"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    country: Mapped[str | None] = mapped_column(String(2))
    network: Mapped[str | None] = mapped_column(String(64), index=True)
    profile_id: Mapped[str | None] = mapped_column(ForeignKey("profiles.id", ondelete="SET NULL"), index=True)
    # revision > scored_revision means a rescoring is owed (the outbox for scoring work)
    revision: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    scored_revision: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    created_at: Mapped[datetime] = mapped_column(nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(nullable=False, default=utcnow)
    domains: Mapped[list[OutletDomain]] = relationship(
        back_populates="outlet",
        cascade="all, delete-orphan",
        order_by="OutletDomain.domain",
        lazy="selectin",
    )
    aliases: Mapped[list[OutletAlias]] = relationship(
        back_populates="outlet",
        cascade="all, delete-orphan",
        order_by="OutletAlias.position",
        lazy="selectin",
    )
    __table_args__ = (
        enum_check("kind", OUTLET_KINDS, "ck_outlets_kind"),
        CheckConstraint("country IS NULL OR length(country) = 2", name="ck_outlets_country"),
        Index("ix_outlets_stale", "revision", "scored_revision"),
    )


class OutletDomain(Base):
    __tablename__ = "outlet_domains"
    domain: Mapped[str] = mapped_column(String(253), primary_key=True)
    outlet_id: Mapped[str] = mapped_column(
        ForeignKey("outlets.id", ondelete="CASCADE"), nullable=False, index=True
    )
    outlet: Mapped[Outlet] = relationship(back_populates="domains")


# Ingest resolves a source given by name ({name, kind} or a bare name) with this.
Index("ix_outlets_name_lower", func.lower(Outlet.name))


class OutletAlias(Base):
    """A name a text may use for the outlet ("SVR", "Sergei Naryshkin"). Unique across
    outlets after folding case, diacritics, leading articles and possessives: the folded
    form is the key, as it is for the extractor's resolver."""

    __tablename__ = "outlet_aliases"
    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    outlet_id: Mapped[str] = mapped_column(
        ForeignKey("outlets.id", ondelete="CASCADE"), nullable=False, index=True
    )
    alias: Mapped[str] = mapped_column(String(300), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    outlet: Mapped[Outlet] = relationship(back_populates="aliases")
