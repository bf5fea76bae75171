"""Rescoring everything after a scoring-config change: outlets first (claims depend on
their reliability), then every claim still owed a score, in batches."""

from __future__ import annotations

from sqlalchemy import select

from service.models import Claim, Outlet
from service.queue import enqueue_claim_batches
from workers.context import context


def rescore_all(cause: str = "config change") -> dict[str, int]:
    from workers.jobs import score_outlet_job

    ctx = context()
    with ctx.sessions() as session:
        outlets = list(
            session.execute(select(Outlet.id).where(Outlet.revision > Outlet.scored_revision)).scalars()
        )
    for outlet_id in outlets:
        score_outlet_job(outlet_id, cause, propagate=False)
    with ctx.sessions() as session:
        claims = list(
            session.execute(select(Claim.id).where(Claim.revision > Claim.scored_revision)).scalars()
        )
    enqueue_claim_batches(ctx.redis, ctx.settings, claims, cause)
    return {"outlets": len(outlets), "claims": len(claims)}


def score_outlets(outlet_ids: list[str], cause: str = "change") -> dict[str, int]:
    """Many outlets in one job (bulk imports): one process, no fork per outlet."""
    from workers.jobs import score_outlet_job

    ctx = context()
    claims: set[str] = set()
    for outlet_id in outlet_ids:
        moved = score_outlet_job(outlet_id, cause, propagate=False)["claims"]
        claims.update(moved if isinstance(moved, list) else ())
    enqueue_claim_batches(ctx.redis, ctx.settings, claims, cause)
    return {"outlets": len(outlet_ids), "claims": len(claims)}
