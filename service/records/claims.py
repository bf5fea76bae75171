"""Claims, appearances and verdicts."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.jobs.effects import Effects
from service.models import Appearance, Claim, ClaimScore, Verdict, utcnow
from service.records.errors import Conflict
from service.records.outlets import resolve_ref
from service.store import cache
from service.util.ids import new_id
from service.util.timefmt import rfc3339


def normalise_text(text: str) -> str:
    """A digest of the claim text folded for case, accents, punctuation and spacing, so
    the same sentence from two pipelines matches one claim."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", folded)
    return hashlib.sha256(" ".join(words).encode()).hexdigest()


def mark_claim(session: Session, claim: Claim, effects: Effects) -> None:
    claim.revision += 1
    claim.updated_at = utcnow()
    effects.claims.add(claim.id)
    effects.drop_keys.add(cache.claim(claim.id))
    if claim.question:
        # Competing answers score against each other: a change to one moves the others.
        siblings = set(
            session.execute(
                select(Claim.id).where(Claim.question == claim.question, Claim.id != claim.id)
            ).scalars()
        )
        if siblings:
            session.execute(
                update(Claim)
                .where(Claim.id.in_(siblings))
                .values(revision=Claim.revision + 1)
                .execution_options(synchronize_session=False)
            )
            effects.claims |= siblings
            effects.drop_keys |= {cache.claim(s) for s in siblings}


def create_claim(session: Session, data: Mapping[str, Any]) -> tuple[Claim, Effects]:
    effects = Effects(cause="claim created")
    claim = Claim(
        id=new_id("c"),
        text=data["text"],
        normalized_text=normalise_text(data["text"]),
        question=data.get("question"),
        topics=list(data.get("topics") or []),
        revision=0,
        scored_revision=0,
        created_at=utcnow(),
        updated_at=utcnow(),
    )
    session.add(claim)
    session.flush()
    for item in data.get("appearances") or []:
        add_appearance(session, claim, item, effects, mark=False)
    for item in data.get("verdicts") or []:
        add_verdict(session, claim, item, effects, mark=False)
    mark_claim(session, claim, effects)
    return claim, effects


def add_appearance(
    session: Session,
    claim: Claim,
    data: Mapping[str, Any],
    effects: Effects,
    *,
    mark: bool = True,
    article_id: str | None = None,
) -> Appearance:
    publisher = resolve_ref(session, data["outlet"], effects)
    origin = resolve_ref(session, data["origin"], effects) if data.get("origin") else None
    origin_id = origin.id if origin is not None and origin.id != publisher.id else None
    app = Appearance(
        id=new_id("a"),
        claim_id=claim.id,
        outlet_id=publisher.id,
        url=data["url"],
        published_at=data.get("published_at"),
        stance=data.get("stance") or "supports",
        origin_id=origin_id,
        origin_key=origin_id or "",
        hedged=bool(data.get("hedged")),
        excerpt=data.get("excerpt"),
        article_id=article_id,
        created_at=utcnow(),
    )
    try:
        with session.begin_nested():
            session.add(app)
            session.flush()
    except IntegrityError as exc:
        raise Conflict(
            f"Claim {claim.id} already has an appearance at {data['url']} with that origin.",
            "duplicate-appearance",
        ) from exc
    if mark:
        mark_claim(session, claim, effects)
    return app


def add_verdict(
    session: Session, claim: Claim, data: Mapping[str, Any], effects: Effects, *, mark: bool = True
) -> Verdict:
    reviewer = resolve_ref(session, data["reviewer"], effects)
    verdict = Verdict(
        id=new_id("v"),
        claim_id=claim.id,
        reviewer_id=reviewer.id,
        rating=data["rating"],
        url=data.get("url"),
        reviewed_at=data.get("reviewed_at") or utcnow(),
        created_at=utcnow(),
    )
    try:
        with session.begin_nested():
            session.add(verdict)
            session.flush()
    except IntegrityError as exc:
        raise Conflict(
            "This reviewer already has a verdict at that URL for the claim.", "duplicate-verdict"
        ) from exc
    # A verdict moves the track record of every outlet that vouched for the claim.
    vouchers = set(
        session.execute(select(Appearance.outlet_id).where(Appearance.claim_id == claim.id)).scalars()
    ) | {
        o
        for o in session.execute(
            select(Appearance.origin_id).where(Appearance.claim_id == claim.id)
        ).scalars()
        if o
    }
    effects.outlets |= vouchers
    if mark:
        mark_claim(session, claim, effects)
    return verdict


def appearance_body(a: Appearance) -> dict[str, Any]:
    return {
        "id": a.id,
        "claim": a.claim_id,
        "outlet": a.outlet_id,
        "url": a.url,
        "published_at": rfc3339(a.published_at),
        "stance": a.stance,
        "origin": a.origin_id,
        "hedged": a.hedged,
        "excerpt": a.excerpt,
        "article": a.article_id,
        "created_at": rfc3339(a.created_at),
    }


def verdict_body(v: Verdict) -> dict[str, Any]:
    return {
        "id": v.id,
        "claim": v.claim_id,
        "reviewer": v.reviewer_id,
        "rating": v.rating,
        "url": v.url,
        "reviewed_at": rfc3339(v.reviewed_at),
        "created_at": rfc3339(v.created_at),
    }


def preload_scores(session: Session, claim_ids: Sequence[str]) -> Sequence[ClaimScore]:
    """Load a page's scores in one query; ``claim_body`` then finds each in the session
    instead of asking the database once per claim. Hold on to the result while building
    the bodies: the session's identity map keeps objects only while they are referenced."""
    if not claim_ids:
        return []
    return session.execute(select(ClaimScore).where(ClaimScore.claim_id.in_(claim_ids))).scalars().all()


def claim_body(session: Session, claim: Claim, *, full: bool = True) -> dict[str, Any]:
    score = session.get(ClaimScore, claim.id)
    corroboration: dict[str, Any] | None = None
    stale = claim.revision > claim.scored_revision
    if score is not None:
        corroboration = dict(score.body)
        if not full:
            corroboration = {k: corroboration.get(k) for k in ("score", "probability", "label")}
        corroboration["computed_at"] = rfc3339(score.computed_at)
        corroboration["stale"] = stale
    body: dict[str, Any] = {
        "id": claim.id,
        "text": claim.text,
        "question": claim.question,
        "topics": claim.topics,
        "created_at": rfc3339(claim.created_at),
        "updated_at": rfc3339(claim.updated_at),
        "corroboration": corroboration,
        "stale": stale,
    }
    if full:
        apps: Sequence[Appearance] = (
            session.execute(select(Appearance).where(Appearance.claim_id == claim.id).order_by(Appearance.id))
            .scalars()
            .all()
        )
        verdicts: Sequence[Verdict] = (
            session.execute(select(Verdict).where(Verdict.claim_id == claim.id).order_by(Verdict.id))
            .scalars()
            .all()
        )
        body["appearances"] = [appearance_body(a) for a in apps]
        body["verdicts"] = [verdict_body(v) for v in verdicts]
    return body


def claim_texts_since(session: Session, after_id: str) -> list[tuple[str, str]]:
    """(id, text) of the claims whose id sorts after ``after_id``, oldest first."""
    return [
        (cid, text)
        for cid, text in session.execute(
            select(Claim.id, Claim.text)
            .where(Claim.id > after_id, Claim.merged_into.is_(None))
            .order_by(Claim.id)
        )
    ]
