"""The declarative base, the column types every table shares and the domain vocabularies
the database enforces."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import DateTime, TypeDecorator

from workers.scoring.types import OUTLET_KINDS as ENGINE_OUTLET_KINDS
from workers.scoring.types import RATING_OUTCOMES
from workers.scoring.types import STANCES as ENGINE_STANCES

# The engine owns the domain vocabulary; the database enforces the same lists.
OUTLET_KINDS = ENGINE_OUTLET_KINDS
STANCES = ENGINE_STANCES
RATINGS = tuple(RATING_OUTCOMES)
ROLES = ("reader", "editor", "admin")
ARTICLE_STATUSES = ("pending", "processed", "failed")
TEXT_FORMATS = ("text", "html")
# How an extracted claim's source became an origin: an outlet it names, the publisher
# itself (no source: the article asserts it), several outlets it could name (left
# unresolved, never guessed), or none (an outlet is created for it, once).
RESOLUTIONS = ("resolved", "publisher", "ambiguous", "created")
# Where an appearance came from: a claim the pipeline sent, one Credence extracted, or
# (NULL) one an editor entered through the API.
PROVENANCES = ("pipeline", "extracted")
# A likely duplicate the matcher linked: waiting for an editor, merged, or rejected.
MATCH_STATUSES = ("pending", "merged", "rejected")


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


def enum_check(column: str, values: tuple[str, ...], name: str) -> CheckConstraint:
    listed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({listed})", name=name)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}
