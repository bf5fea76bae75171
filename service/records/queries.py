"""The filters of every list, as statements for ``service.http.pagination.page`` to run:
one definition shared by the JSON API and the desk, so a filter means the same in both.

Each returns an unordered ``select`` of the rows (pagination adds the keyset order);
``None`` or an empty value means "no filter on this".
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Select,
    and_,
    bindparam,
    func,
    literal_column,
    or_,
    select,
    table,
)
from sqlalchemy.ext.compiler import compiles

from service.models import (
    Appearance,
    Article,
    AuditEntry,
    Claim,
    ClaimScore,
    Outlet,
    OutletDomain,
    OutletScore,
    Profile,
)
from service.util import domains


def contains(column: Any, text: str) -> Any:
    """Case-insensitive substring match, with LIKE's wildcards taken literally."""
    needle = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return func.lower(column).like(f"%{needle}%", escape="\\")


class ClaimTextContains(ColumnElement[bool]):
    """``contains(Claim.text, needle)``, answered from a trigram index: on PostgreSQL the
    GIN ``pg_trgm`` index on ``lower(text)`` serves the LIKE itself; on SQLite an FTS5
    trigram table (``claims_text_fts``, kept by triggers) finds the candidates and the
    LIKE confirms them. Same rows as the plain LIKE, without reading every claim."""

    type = Boolean()
    inherit_cache = False

    def __init__(self, needle: str) -> None:
        self.needle = needle


@compiles(ClaimTextContains)
def _claim_text(element: ClaimTextContains, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(contains(Claim.text, element.needle), **kw))


@compiles(ClaimTextContains, "sqlite")
def _claim_text_sqlite(element: ClaimTextContains, compiler: Any, **kw: Any) -> str:
    exact = contains(Claim.text, element.needle)
    if len(element.needle) < 3:  # shorter than a trigram: the index cannot help
        return str(compiler.process(exact, **kw))
    phrase = '"' + element.needle.replace('"', '""') + '"'
    fts = table("claims_text_fts")
    candidates: Select[Any] = (
        select(literal_column("rowid"))
        .select_from(fts)
        .where(literal_column("claims_text_fts").op("MATCH")(bindparam("fts_phrase", phrase, unique=True)))
    )
    return str(compiler.process(and_(literal_column("claims.rowid").in_(candidates), exact), **kw))


def claim_query(
    *,
    q: str | None = None,
    question: str | None = None,
    label: str | None = None,
    outlet: str | None = None,
) -> Select[Any]:
    """Claims by text, question, corroboration label, and outlet (as publisher or origin);
    a claim merged into another is not listed (its id answers for the survivor)."""
    stmt = select(Claim).where(Claim.merged_into.is_(None))
    if q:
        stmt = stmt.where(ClaimTextContains(q))
    if question:
        stmt = stmt.where(Claim.question == question)
    if label:
        stmt = stmt.where(Claim.id.in_(select(ClaimScore.claim_id).where(ClaimScore.label == label)))
    if outlet:
        seen = select(Appearance.claim_id).where(
            or_(Appearance.outlet_id == outlet, Appearance.origin_id == outlet)
        )
        stmt = stmt.where(Claim.id.in_(seen))
    return stmt


def outlet_query(
    *,
    q: str | None = None,
    domain: str | None = None,
    kind: str | None = None,
    network: str | None = None,
    label: str | None = None,
    country: str | None = None,
) -> Select[Any]:
    """Outlets by name or id, any registered domain (``www.`` and subdomains fold), kind,
    network, reliability label and country."""
    stmt = select(Outlet)
    if q:
        stmt = stmt.where(or_(contains(Outlet.name, q), contains(Outlet.id, q)))
    if domain:
        names = domains.candidates(domain) or [domain.lower()]
        stmt = stmt.where(Outlet.id.in_(select(OutletDomain.outlet_id).where(OutletDomain.domain.in_(names))))
    if kind:
        stmt = stmt.where(Outlet.kind == kind)
    if network:
        stmt = stmt.where(Outlet.network == network)
    if label:
        stmt = stmt.where(Outlet.id.in_(select(OutletScore.outlet_id).where(OutletScore.label == label)))
    if country:
        stmt = stmt.where(Outlet.country == country.upper())
    return stmt


def originated_query(outlet_id: str) -> Select[Any]:
    """Claims the outlet is an origin of: named as the origin, or publishing first-hand."""
    first_hand = (Appearance.outlet_id == outlet_id) & (Appearance.origin_id.is_(None))
    origin = select(Appearance.claim_id).where(or_(Appearance.origin_id == outlet_id, first_hand))
    return select(Claim).where(Claim.id.in_(origin))


def article_query(
    *,
    status: str | None = None,
    outlet: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Select[Any]:
    """Ingested articles by status, resolved outlet (or the reference sent, while pending)
    and time received."""
    stmt = select(Article)
    if status:
        stmt = stmt.where(Article.status == status)
    if outlet:
        stmt = stmt.where(or_(Article.outlet_id == outlet, Article.outlet_ref == outlet))
    if since:
        stmt = stmt.where(Article.created_at >= since)
    if until:
        stmt = stmt.where(Article.created_at < until)
    return stmt


def audit_query(
    *,
    actor: str | None = None,
    entity_type: str | None = None,
    entity_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Select[Any]:
    """Audit entries by who, what and when."""
    stmt = select(AuditEntry)
    if actor:
        stmt = stmt.where(AuditEntry.actor == actor)
    if entity_type:
        stmt = stmt.where(AuditEntry.entity_type == entity_type)
    if entity_id:
        stmt = stmt.where(AuditEntry.entity_id == entity_id)
    if since:
        stmt = stmt.where(AuditEntry.at >= since)
    if until:
        stmt = stmt.where(AuditEntry.at < until)
    return stmt


def profile_query(*, q: str | None = None) -> Select[Any]:
    """Source profiles, by id."""
    stmt = select(Profile)
    if q:
        stmt = stmt.where(contains(Profile.id, q))
    return stmt
