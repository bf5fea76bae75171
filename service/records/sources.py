"""Sources extraction could not place: source names (as articles wrote them) that fit
several outlets (``ambiguous``: left unattached, never guessed), for an editor to attach
to the right one as an alias — after which the articles that cite the name are read
again, so their claims resolve to it.

Names that matched no outlet (``created``) are not offered: an outlet was created under
that very name, and the same name as another outlet's alias would make the resolver drop
both as a conflict (``workers.extraction.resolve``), not prefer the alias."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from service.jobs.effects import Effects
from service.models import Article, ExtractedClaim, Outlet, utcnow
from service.records.errors import NotFound
from service.records.outlets import outlet_body, put_outlet

UNPLACED = ("ambiguous",)


def unplaced_sources(session: Session, limit: int) -> list[dict[str, Any]]:
    """The most cited unplaced source names, each with how often it was cited, in how
    many articles, and the outlets it could be. Two queries."""
    unplaced = (ExtractedClaim.resolution.in_(UNPLACED), ExtractedClaim.source.is_not(None))
    rows = session.execute(
        select(ExtractedClaim.source, func.count(), func.count(func.distinct(ExtractedClaim.article_id)))
        .where(*unplaced)
        .group_by(ExtractedClaim.source)
        .order_by(func.count().desc(), ExtractedClaim.source)
        .limit(limit)
    ).all()
    candidates: dict[str, list[str]] = {}
    if rows:
        for source, found in session.execute(
            select(ExtractedClaim.source, ExtractedClaim.candidates).where(
                *unplaced, ExtractedClaim.source.in_([r[0] for r in rows])
            )
        ):
            known = candidates.setdefault(str(source), [])
            known += [c for c in found if c not in known]
    return [
        {
            "source": source,
            "citations": int(cited),
            "articles": int(articles),
            "candidates": candidates.get(str(source), []),
        }
        for source, cited, articles in rows
    ]


def attach_alias(session: Session, source: str, outlet_id: str) -> tuple[list[str], Effects]:
    """Add ``source`` to the outlet's aliases — through ``put_outlet``, the API's PUT, so
    its rules hold (an alias another outlet has is a 409) — and set the articles that cite
    it unplaced back to ``pending``; returns their ids, to queue after the commit."""
    outlet = session.get(Outlet, outlet_id)
    if outlet is None:
        raise NotFound(f"No outlet {outlet_id!r}.")
    data = outlet_body(outlet)
    data["aliases"] = [*data["aliases"], source.strip()]
    data["domains"] = list(data["domains"])
    _outlet, _created, effects = put_outlet(session, outlet_id, data)
    citing = (
        select(ExtractedClaim.article_id)
        .where(ExtractedClaim.source == source, ExtractedClaim.resolution.in_(UNPLACED))
        .scalar_subquery()
    )
    ids: Sequence[str] = (
        session.execute(
            update(Article)
            .where(Article.id.in_(citing))
            .values(status="pending", error=None, attempts=0, updated_at=utcnow())
            .returning(Article.id)
        )
        .scalars()
        .all()
    )
    return sorted(ids), effects
