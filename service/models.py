"""Relational model. The database is the source of truth; every constraint the contract
relies on (unique domains, unique appearances, enums, foreign keys) lives here."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from workers.scoring.types import OUTLET_KINDS as ENGINE_OUTLET_KINDS
from workers.scoring.types import RATING_OUTCOMES
from workers.scoring.types import STANCES as ENGINE_STANCES

# The engine owns the domain vocabulary; the database enforces the same lists.
OUTLET_KINDS = ENGINE_OUTLET_KINDS
STANCES = ENGINE_STANCES
RATINGS = tuple(RATING_OUTCOMES)
ROLES = ("reader", "editor", "admin")
ARTICLE_STATUSES = ("pending", "processed", "failed")


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware UTC datetimes; SQLite would otherwise hand back naive ones."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _enum_check(column: str, values: tuple[str, ...], name: str) -> CheckConstraint:
    listed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({listed})", name=name)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class Profile(Base):
    __tablename__ = "profiles"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    criteria: Mapped[dict[str, Any]] = mapped_column(nullable=False)
    prior_strength: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str | None] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(128), nullable=False)
    created_at: Mapped[datetime] = mapped_column(nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(nullable=False, default=utcnow)
    __table_args__ = (CheckConstraint("version >= 1", name="ck_profiles_version"),)


class ProfileVersion(Base):
    __tablename__ = "profile_versions"
    profile_id: Mapped[str] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    criteria: Mapped[dict[str, Any]] = mapped_column(nullable=False)
    prior_strength: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str | None] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(128), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(nullable=False, default=utcnow)
    cause: Mapped[str] = mapped_column(String(64), nullable=False, default="update")


class ScoringConfigVersion(Base):
    __tablename__ = "scoring_configs"
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    body: Mapped[dict[str, Any]] = mapped_column(nullable=False)
    updated_by: Mapped[str] = mapped_column(String(128), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(nullable=False, default=utcnow)
    cause: Mapped[str] = mapped_column(String(64), nullable=False, default="update")


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
    __table_args__ = (
        _enum_check("kind", OUTLET_KINDS, "ck_outlets_kind"),
        CheckConstraint("country IS NULL OR length(country) = 2", name="ck_outlets_country"),
        Index("ix_outlets_stale", "revision", "scored_revision"),
    )


# Ingest resolves a source given by name ({name, kind} or a bare name) with this.
Index("ix_outlets_name_lower", func.lower(Outlet.name))


class OutletDomain(Base):
    __tablename__ = "outlet_domains"
    domain: Mapped[str] = mapped_column(String(253), primary_key=True)
    outlet_id: Mapped[str] = mapped_column(
        ForeignKey("outlets.id", ondelete="CASCADE"), nullable=False, index=True
    )
    outlet: Mapped[Outlet] = relationship(back_populates="domains")


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
    __table_args__ = (Index("ix_claims_stale", "revision", "scored_revision"),)


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
        _enum_check("status", ARTICLE_STATUSES, "ck_articles_status"),
        Index("ix_articles_status", "status"),
    )


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
    created_at: Mapped[datetime] = mapped_column(nullable=False, default=utcnow)
    __table_args__ = (
        UniqueConstraint("claim_id", "url", "origin_key", name="uq_appearances_claim_url_origin"),
        _enum_check("stance", STANCES, "ck_appearances_stance"),
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
        _enum_check("rating", RATINGS, "ck_verdicts_rating"),
        UniqueConstraint("claim_id", "reviewer_id", "url", name="uq_verdicts_claim_reviewer_url"),
    )


class WebhookDelivery(Base):
    __tablename__ = "webhook_deliveries"
    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), nullable=False)
    received_at: Mapped[datetime] = mapped_column(nullable=False, default=utcnow)


class ApiKey(Base):
    __tablename__ = "api_keys"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(128), nullable=False)
    role: Mapped[str] = mapped_column(String(16), nullable=False)
    key_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[datetime] = mapped_column(nullable=False, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()
    __table_args__ = (_enum_check("role", ROLES, "ck_api_keys_role"),)


class AuditEntry(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(nullable=False, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(128), nullable=False, index=True)
    action: Mapped[str] = mapped_column(String(32), nullable=False)
    entity_type: Mapped[str] = mapped_column(String(32), nullable=False)
    entity_id: Mapped[str] = mapped_column(String(128), nullable=False)
    old: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    new: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    __table_args__ = (Index("ix_audit_entity", "entity_type", "entity_id"),)


class OutletScore(Base):
    __tablename__ = "outlet_scores"
    outlet_id: Mapped[str] = mapped_column(ForeignKey("outlets.id", ondelete="CASCADE"), primary_key=True)
    score: Mapped[int] = mapped_column(Integer, nullable=False)
    reliability: Mapped[float] = mapped_column(Float, nullable=False)
    label: Mapped[str] = mapped_column(String(32), nullable=False)
    body: Mapped[dict[str, Any]] = mapped_column(nullable=False)
    computed_at: Mapped[datetime] = mapped_column(nullable=False)


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
from service import models_notify  # noqa: E402,F401
