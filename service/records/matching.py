"""What the matcher reads and writes: the claims it indexes (followed by ``updated_at``,
so adds, edits and merges reach every worker's index without a rebuild), and each claim's
sentence vector — stored with the model that made it, the source of truth the index is
rebuilt from (Redis and the workers' memory can be lost; the database cannot)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from service.models import Claim, ClaimVector, Verdict, utcnow
from service.records.claims import claim_body, verdict_body


@dataclass(frozen=True)
class IndexedClaim:
    id: str
    text: str
    question: str | None
    live: bool  # False once merged into another claim: it leaves the index
    updated_at: datetime


@dataclass(frozen=True)
class Match:
    """What the matcher decided for a new claim text (computed where the model lives):
    ``same`` as ``claim_id``; a ``candidate`` beside ``candidates`` ((claim id,
    probability, why) each); or ``new``. ``vector`` is the text's, made by ``model``."""

    outcome: str
    claim_id: str | None
    probability: float
    candidates: tuple[tuple[str, float, tuple[str, ...]], ...] = ()
    vector: bytes | None = None
    model: str | None = None


def claims_since(session: Session, since: datetime | None, chunk: int = 5000) -> Iterable[IndexedClaim]:
    """Every claim changed at or after ``since`` (all of them without), oldest change first,
    streamed in chunks so a large table is never held twice in memory."""
    stmt = select(Claim.id, Claim.text, Claim.question, Claim.merged_into, Claim.updated_at)
    if since is not None:
        stmt = stmt.where(Claim.updated_at >= since)
    for row in session.execute(stmt.order_by(Claim.updated_at, Claim.id).execution_options(yield_per=chunk)):
        yield IndexedClaim(row.id, row.text, row.question, row.merged_into is None, row.updated_at)


def stored_vectors(session: Session, claim_ids: Sequence[str], model: str) -> dict[str, bytes]:
    """The vectors of ``claim_ids`` made by ``model`` (others must be embedded again)."""
    out: dict[str, bytes] = {}
    for i in range(0, len(claim_ids), 900):
        rows = session.execute(
            select(ClaimVector.claim_id, ClaimVector.vector).where(
                ClaimVector.claim_id.in_(claim_ids[i : i + 900]), ClaimVector.model == model
            )
        )
        out.update({cid: bytes(vec) for cid, vec in rows})
    return out


def store_vectors(session: Session, model: str, dim: int, vectors: Iterable[tuple[str, bytes]]) -> int:
    """Upsert vectors (float32 bytes) made by ``model``; a claim deleted meanwhile is skipped."""
    rows = [
        {"claim_id": cid, "model": model, "dim": dim, "vector": vec, "created_at": utcnow()}
        for cid, vec in vectors
    ]
    if not rows:
        return 0
    live = set(session.execute(select(Claim.id).where(Claim.id.in_([r["claim_id"] for r in rows]))).scalars())
    rows = [r for r in rows if r["claim_id"] in live]
    if not rows:
        return 0
    dialect_insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = dialect_insert(ClaimVector).values(rows)
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=["claim_id"],
            set_={k: stmt.excluded[k] for k in ("model", "dim", "vector", "created_at")},
        )
    )
    return len(rows)


def found_body(
    session: Session, candidates: Sequence[Any], probabilities: Sequence[float]
) -> list[dict[str, Any]]:
    """Search results as the API shows them: each claim (with its corroboration and
    verdicts) beside the matcher's similarity, probability and reasons."""
    items = []
    for cand, probability in zip(candidates, probabilities, strict=True):
        claim = session.get(Claim, cand.claim_id)
        if claim is None or claim.merged_into is not None:
            continue  # merged or gone since the index last looked
        body = claim_body(session, claim, full=False)
        body["verdicts"] = [verdict_body(v) for v in session.execute(
            select(Verdict).where(Verdict.claim_id == claim.id).order_by(Verdict.id)
        ).scalars()]  # fmt: skip
        items.append(
            {
                "claim": body,
                "similarity": round(float(cand.similarity), 4),
                "probability": round(float(probability), 4),
                "why": list(cand.why),
            }
        )
    return items
