"""The review queue: the likely duplicates the matcher linked instead of merging, for an
editor to merge (``service.records.merges``) or reject."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from service.jobs.effects import Effects
from service.models import Appearance, Claim, ClaimMatch, ClaimMerge, ClaimScore, utcnow
from service.records import audit
from service.records.errors import Conflict, NotFound
from service.records.merges import merge
from service.util.timefmt import rfc3339


def link_candidates(session: Session, claim_id: str, candidates: list[tuple[str, float, list[str]]]) -> None:
    """Link a new claim to its likely duplicates ((claim id, probability, why) each)."""
    # Two queries for all of them, not two per candidate: an article's claims each bring
    # up to a dozen, and this runs inside the article's transaction.
    wanted = [c for c, _, _ in candidates if c != claim_id]
    if not wanted:
        return
    live = set(session.execute(select(Claim.id).where(Claim.id.in_(wanted))).scalars())
    linked = set(
        session.execute(
            select(ClaimMatch.candidate_id).where(
                ClaimMatch.claim_id == claim_id, ClaimMatch.candidate_id.in_(wanted)
            )
        ).scalars()
    )
    for candidate_id, probability, why in candidates:
        if candidate_id not in live or candidate_id in linked:
            continue
        linked.add(candidate_id)
        session.add(
            ClaimMatch(
                claim_id=claim_id,
                candidate_id=candidate_id,
                probability=round(float(probability), 4),
                why=list(why),
                status="pending",
                created_at=utcnow(),
            )
        )


def queue(status: str | None) -> Select[Any]:
    stmt = select(ClaimMatch)
    return stmt.where(ClaimMatch.status == status) if status else stmt


def reject(session: Session, match_id: int, actor: str) -> ClaimMatch:
    row = session.get(ClaimMatch, match_id, with_for_update=True)
    if row is None:
        raise NotFound(f"No match {match_id}.")
    if row.status != "pending":
        raise Conflict(f"Match {match_id} is already {row.status}.", "already-decided")
    row.status, row.decided_by, row.decided_at = "rejected", actor, utcnow()
    audit.record(
        session, actor, "reject", "claim_match", str(match_id), {"status": "pending"}, {"status": "rejected"}
    )
    return row


def merge_match(session: Session, match_id: int, actor: str) -> tuple[ClaimMerge, Effects]:
    """The same claim: the newer (``claim``) joins the one it was linked to (``candidate``),
    as the matcher would have merged it had it been sure — the older claim's id stays the
    one people have cited."""
    row = session.get(ClaimMatch, match_id, with_for_update=True)
    if row is None:
        raise NotFound(f"No match {match_id}.")
    if row.status != "pending":
        raise Conflict(f"Match {match_id} is already {row.status}.", "already-decided")
    return merge(session, row.claim_id, row.candidate_id, actor)


def preload_matches(session: Session, rows: Sequence[ClaimMatch]) -> tuple[dict[str, int], list[Any]]:
    """Load a page of matches' claims and scores in two queries (``match_body`` then finds
    them in the session instead of asking twice per row) and count each claim's
    appearances (a third). Returns the counts and the loaded rows: hold on to them while
    building the bodies, the identity map keeps objects only while they are referenced."""
    ids = sorted({i for m in rows for i in (m.claim_id, m.candidate_id)})
    if not ids:
        return {}, []
    held: list[Any] = [
        *session.execute(select(Claim).where(Claim.id.in_(ids))).scalars(),
        *session.execute(select(ClaimScore).where(ClaimScore.claim_id.in_(ids))).scalars(),
    ]
    counts = session.execute(
        select(Appearance.claim_id, func.count())
        .where(Appearance.claim_id.in_(ids))
        .group_by(Appearance.claim_id)
    )
    return {claim_id: int(n) for claim_id, n in counts}, held


def _claim_summary(session: Session, claim_id: str) -> dict[str, Any] | None:
    claim = session.get(Claim, claim_id)
    if claim is None:
        return None
    score = session.get(ClaimScore, claim_id)
    return {
        "id": claim.id,
        "text": claim.text,
        "question": claim.question,
        "merged_into": claim.merged_into,
        "score": score.score if score else None,
        "label": score.label if score else None,
    }


def match_body(session: Session, row: ClaimMatch) -> dict[str, Any]:
    return {
        "id": row.id,
        "claim": _claim_summary(session, row.claim_id),
        "candidate": _claim_summary(session, row.candidate_id),
        "probability": row.probability,
        "why": list(row.why),
        "status": row.status,
        "created_at": rfc3339(row.created_at),
        "decided_by": row.decided_by,
        "decided_at": rfc3339(row.decided_at),
    }
