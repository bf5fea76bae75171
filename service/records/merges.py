"""Merging one claim into another (an editor's decision, or the matcher's when it is sure)
and undoing it exactly.

A merge moves the merged claim's appearances and verdicts to the survivor — all but those
the survivor already has (same URL and origin; same reviewer and URL), which stay where
they were — records which ones it moved, and points the merged claim at the survivor: its
id keeps answering (``GET /v1/claims/{id}`` shows the survivor), it is neither scored nor
matched any more. Undoing moves exactly the recorded rows back, so every score computed
afterwards equals the one before the merge. Both are audited and rescore the two claims
and the outlets whose track records they touch.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from service.jobs.effects import Effects
from service.models import Appearance, Claim, ClaimMatch, ClaimMerge, Verdict, utcnow
from service.records import audit
from service.records.claims import mark_claim
from service.records.errors import Conflict, NotFound
from service.store import cache
from service.util.timefmt import rfc3339


def survivor_of(session: Session, claim_id: str) -> Claim | None:
    """The claim an id answers for: itself, or where its merges led (None: no such claim)."""
    claim = session.get(Claim, claim_id)
    seen: set[str] = set()
    while claim is not None and claim.merged_into is not None and claim.id not in seen:
        seen.add(claim.id)
        claim = session.get(Claim, claim.merged_into)
    return claim


def _claim(session: Session, claim_id: str) -> Claim:
    claim = session.get(Claim, claim_id, with_for_update=True)
    if claim is None:
        raise NotFound(f"No claim {claim_id!r}.")
    return claim


def _vouchers(session: Session, claim_ids: list[str]) -> set[str]:
    """Outlets whose track record a verdict on these claims is part of."""
    rows = session.execute(
        select(Appearance.outlet_id, Appearance.origin_id).where(Appearance.claim_id.in_(claim_ids))
    )
    return {o for pair in rows for o in pair if o}


def merge(
    session: Session, claim_id: str, into: str, actor: str, cause: str = "editor"
) -> tuple[ClaimMerge, Effects]:
    merged = _claim(session, claim_id)
    survivor = survivor_of(session, into)
    if survivor is None:
        raise NotFound(f"No claim {into!r}.")
    survivor = _claim(session, survivor.id)
    if merged.merged_into is not None:
        raise Conflict(f"Claim {claim_id} is already merged into {merged.merged_into}.", "already-merged")
    if survivor.id == merged.id:
        raise Conflict("A claim cannot be merged into itself.", "same-claim")
    if merged.question is not None or survivor.question is not None:
        # Two answers to one question compete; claims answering different questions are
        # different claims. Only claims that answer none are merged.
        raise Conflict(
            "Claims that answer a question are competing answers, not duplicates; they are never merged.",
            "competing-answers",
        )
    taken_apps = {
        (a.url, a.origin_key)
        for a in session.execute(select(Appearance).where(Appearance.claim_id == survivor.id)).scalars()
    }
    moved_apps = [
        a.id
        for a in session.execute(select(Appearance).where(Appearance.claim_id == merged.id)).scalars()
        if (a.url, a.origin_key) not in taken_apps
    ]
    taken_verdicts = {
        (v.reviewer_id, v.url)
        for v in session.execute(select(Verdict).where(Verdict.claim_id == survivor.id)).scalars()
    }
    moved_verdicts = [
        v.id
        for v in session.execute(select(Verdict).where(Verdict.claim_id == merged.id)).scalars()
        if (v.reviewer_id, v.url) not in taken_verdicts
    ]
    effects = Effects(cause=f"claim {merged.id} merged into {survivor.id}")
    effects.outlets |= _vouchers(session, [merged.id, survivor.id])
    _move(session, moved_apps, moved_verdicts, survivor.id)
    merged.merged_into = survivor.id
    merged.updated_at = utcnow()
    row = ClaimMerge(
        merged_id=merged.id,
        survivor_id=survivor.id,
        actor=actor,
        cause=cause[:200],
        moved_appearances=moved_apps,
        moved_verdicts=moved_verdicts,
        merged_at=utcnow(),
    )
    session.add(row)
    session.execute(
        update(ClaimMatch)
        .where(_pair(merged.id, survivor.id), ClaimMatch.status == "pending")
        .values(status="merged", decided_by=actor, decided_at=utcnow())
    )
    session.flush()
    audit.record(
        session, actor, "merge", "claim", merged.id, None,
        {"into": survivor.id, "appearances": moved_apps, "verdicts": moved_verdicts, "cause": cause},
    )  # fmt: skip
    mark_claim(session, survivor, effects)
    # Not scored while merged: only its cached body goes (its id now answers for the survivor).
    effects.drop_keys.add(cache.claim(merged.id))
    return row, effects


def undo(session: Session, claim_id: str, actor: str) -> tuple[ClaimMerge, Effects]:
    """Undo the merge of ``claim_id``: the rows it moved go back, the claim answers for
    itself again and is rescored, as is the survivor."""
    merged = _claim(session, claim_id)
    row = (
        session.execute(
            select(ClaimMerge)
            .where(ClaimMerge.merged_id == claim_id, ClaimMerge.undone_at.is_(None))
            .order_by(ClaimMerge.id.desc())
        )
        .scalars()
        .first()
    )
    if row is None or merged.merged_into is None:
        raise Conflict(f"Claim {claim_id} is not merged.", "not-merged")
    survivor = _claim(session, row.survivor_id)
    effects = Effects(cause=f"merge of claim {merged.id} into {survivor.id} undone")
    effects.outlets |= _vouchers(session, [merged.id, survivor.id])
    _move(session, list(row.moved_appearances), list(row.moved_verdicts), merged.id, only_from=survivor.id)
    merged.merged_into = None
    row.undone_by, row.undone_at = actor, utcnow()
    session.execute(
        update(ClaimMatch)
        .where(_pair(merged.id, survivor.id), ClaimMatch.status == "merged")
        .values(status="pending", decided_by=None, decided_at=None)
    )
    session.flush()
    audit.record(session, actor, "unmerge", "claim", merged.id, {"into": survivor.id}, None)
    mark_claim(session, merged, effects)
    mark_claim(session, survivor, effects)
    return row, effects


def _move(
    session: Session, apps: list[str], verdicts: list[str], to: str, *, only_from: str | None = None
) -> None:
    for model, ids in ((Appearance, apps), (Verdict, verdicts)):
        if not ids:
            continue
        stmt = update(model).where(model.id.in_(ids)).values(claim_id=to)
        if only_from is not None:
            stmt = stmt.where(model.claim_id == only_from)
        session.execute(stmt.execution_options(synchronize_session=False))


def _pair(a: str, b: str) -> Any:
    return or_(
        (ClaimMatch.claim_id == a) & (ClaimMatch.candidate_id == b),
        (ClaimMatch.claim_id == b) & (ClaimMatch.candidate_id == a),
    )


def merge_body(row: ClaimMerge) -> dict[str, Any]:
    return {
        "id": row.id,
        "claim": row.merged_id,
        "into": row.survivor_id,
        "actor": row.actor,
        "cause": row.cause,
        "appearances": list(row.moved_appearances),
        "verdicts": list(row.moved_verdicts),
        "merged_at": rfc3339(row.merged_at),
        "undone_by": row.undone_by,
        "undone_at": rfc3339(row.undone_at),
    }


def wordings(session: Session, survivor_id: str, *, depth: int = 5) -> list[dict[str, Any]]:
    """The claims merged into ``survivor_id`` and not undone — directly, or into a claim
    merged into it (up to ``depth`` steps) — each with the appearances it brought, oldest
    merge first. One query per step, not per claim."""
    found: list[dict[str, Any]] = []
    frontier = [survivor_id]
    for _ in range(depth):
        rows = session.execute(
            select(ClaimMerge, Claim.text)
            .join(Claim, Claim.id == ClaimMerge.merged_id)
            .where(ClaimMerge.survivor_id.in_(frontier), ClaimMerge.undone_at.is_(None))
            .order_by(ClaimMerge.id)
        ).all()
        if not rows:
            break
        found += [merge_body(row) | {"text": text} for row, text in rows]
        frontier = [row.merged_id for row, _ in rows]
    # C merged into B, then B into A: B's merge moved C's appearances too; each is listed
    # once, under the wording that brought it (C).
    by_claim = {w["claim"]: w for w in found}
    for w in found:
        parent = by_claim.get(w["into"])
        if parent is not None:
            parent["appearances"] = [a for a in parent["appearances"] if a not in set(w["appearances"])]
    return sorted(found, key=lambda w: w["id"])


def active_merge(session: Session, merged_id: str) -> dict[str, Any] | None:
    """The merge that currently points ``merged_id`` elsewhere, with the merged claim's text."""
    found = session.execute(
        select(ClaimMerge, Claim.text)
        .join(Claim, Claim.id == ClaimMerge.merged_id)
        .where(ClaimMerge.merged_id == merged_id, ClaimMerge.undone_at.is_(None))
        .order_by(ClaimMerge.id.desc())
        .limit(1)
    ).first()
    return None if found is None else merge_body(found[0]) | {"text": found[1]}
