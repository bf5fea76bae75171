"""The review queue: the likely duplicates the matcher linked instead of merging, for an
editor to merge (``service.records.merges``) or reject."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from service.models import Claim, ClaimMatch, ClaimScore, utcnow
from service.records import audit
from service.records.errors import Conflict, NotFound
from service.util.timefmt import rfc3339


def link_candidates(session: Session, claim_id: str, candidates: list[tuple[str, float, list[str]]]) -> None:
    """Link a new claim to its likely duplicates ((claim id, probability, why) each)."""
    for candidate_id, probability, why in candidates:
        if candidate_id == claim_id or session.get(Claim, candidate_id) is None:
            continue
        pair = (ClaimMatch.claim_id == claim_id) & (ClaimMatch.candidate_id == candidate_id)
        exists = session.execute(select(ClaimMatch.id).where(pair)).first()
        if exists is None:
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
