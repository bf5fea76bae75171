"""An analysis of a draft: what the extractor found in it, each source's reliability and
each matched claim's corroboration, read from the records and saving nothing — what a CMS
plugin asks before publication."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.models import Claim, Outlet, OutletScore
from service.records.claims import claim_body, normalise_text
from service.records.outlets import find_by_domain
from workers.extraction import ArticleExtraction


def _reliability(session: Session, outlet_id: str | None) -> dict[str, Any] | None:
    if outlet_id is None:
        return None
    outlet = session.get(Outlet, outlet_id)
    if outlet is None:
        return None
    row = session.get(OutletScore, outlet_id)
    return {
        "outlet": outlet_id,
        "name": outlet.name,
        "network": outlet.network,
        "score": row.score if row else None,
        "reliability": row.reliability if row else None,
        "label": row.label if row else "unrated",
    }


def _known_claim(session: Session, text: str) -> dict[str, Any] | None:
    found = (
        session.execute(select(Claim).where(Claim.normalized_text == normalise_text(text)).order_by(Claim.id))
        .scalars()
        .first()
    )
    return claim_body(session, found, full=False) if found is not None else None


def analysis_body(session: Session, extraction: ArticleExtraction, publisher: str | None) -> dict[str, Any]:
    """The extraction with, for every claim, its source's reliability (the publisher's
    where the article speaks itself) and the known claim it is, if any."""
    publisher_id = None
    if publisher:
        outlet = session.get(Outlet, publisher) or find_by_domain(session, publisher)
        publisher_id = outlet.id if outlet is not None else None
    claims = []
    for found in extraction.claims:
        item = found.to_dict()
        origin = found.origin if found.source else publisher_id
        item["resolution"] = (
            "publisher"
            if not found.source
            else "resolved"
            if found.origin
            else "ambiguous"
            if found.candidates
            else "unknown"
        )
        item["candidates"] = list(found.candidates)
        item["source_reliability"] = _reliability(session, origin)
        item["claim"] = _known_claim(session, found.text)
        claims.append(item)
    return {
        "language": extraction.language,
        "skipped_reason": extraction.skipped_reason,
        "extractor": extraction.extractor,
        "publisher": _reliability(session, publisher_id),
        "claims": claims,
    }
