"""Dry runs: what a proposed profile or scoring config would do, computed with the same
engine and loaders as the workers, saving nothing (the session is always rolled back)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from service.models import Appearance, Claim, ClaimScore, Outlet, OutletScore, Profile
from service.records.inputs import claim_inputs, outlet_infos, outlet_input
from workers.scoring import ProfileInput, ScoringConfig, score_claim, score_outlet

CLAIM_LIMIT = 20_000
TOP = 10
LABEL_MOVES = 50


def _outlet_moves(
    session: Session,
    outlets: Iterable[Outlet],
    config: ScoringConfig,
    now: datetime,
    profile: ProfileInput | None = None,
) -> tuple[list[dict[str, Any]], dict[str, float]]:
    moves, reliabilities = [], {}
    for outlet in outlets:
        new = score_outlet(outlet_input(session, outlet, profile), config, now)
        old = session.get(OutletScore, outlet.id)
        reliabilities[outlet.id] = new.reliability
        moves.append(
            {
                "outlet": outlet.id,
                "old": {"score": old.score, "label": old.label} if old else None,
                "new": new.to_dict(),
            }
        )
    return moves, reliabilities


def _claim_summary(
    session: Session,
    claim_ids: list[str],
    config: ScoringConfig,
    now: datetime,
    overrides: Mapping[str, float],
) -> dict[str, Any]:
    total = len(claim_ids)
    considered = claim_ids[:CLAIM_LIMIT]
    inputs, competitors, _ = claim_inputs(session, considered)
    infos = outlet_infos(
        session, list(inputs.values()) + [c for cs in competitors.values() for c in cs], config, now
    )
    infos = {k: replace(v, reliability=overrides.get(k, v.reliability)) for k, v in infos.items()}
    stored = {r.claim_id: r for r in session.query(ClaimScore).filter(ClaimScore.claim_id.in_(considered))}
    moves: list[dict[str, Any]] = []
    relabelled: list[dict[str, Any]] = []
    for cid, claim_in in inputs.items():
        new = score_claim(claim_in, infos, config, competitors[cid])
        old = stored.get(cid)
        move = {
            "claim": cid,
            "old_score": old.score if old else None,
            "new_score": new.score,
            "old_label": old.label if old else None,
            "new_label": new.label,
        }
        if old is None or old.label != new.label:
            relabelled.append(move)
        if new.score - (old.score if old else 0):
            moves.append(move)

    def size(m: dict[str, Any]) -> tuple[int, str]:
        return -abs(int(m["new_score"]) - int(m["old_score"] or 0)), str(m["claim"])

    moves.sort(key=size)
    relabelled.sort(key=size)
    return {
        "claims_affected": total,
        "claims_considered": len(considered),
        "label_changes": len(relabelled),
        "score_changes": len(moves),
        "largest_moves": moves[:TOP],
        # The claims whose label would change, largest score move first.
        "label_moves": relabelled[:LABEL_MOVES],
    }


def _claims_of(session: Session, outlet_ids: list[str]) -> list[str]:
    if not outlet_ids:
        return []
    stmt = (
        select(Appearance.claim_id)
        .where(or_(Appearance.outlet_id.in_(outlet_ids), Appearance.origin_id.in_(outlet_ids)))
        .distinct()
    )
    return sorted(session.execute(stmt).scalars())


def preview_profile(
    session: Session, profile_id: str, data: Mapping[str, Any], config: ScoringConfig
) -> dict[str, Any]:
    now = datetime.now(UTC)
    current = session.get(Profile, profile_id)
    proposed = ProfileInput(
        profile_id,
        (current.version if current else 0) + 1,
        dict(data["criteria"]),
        data.get("prior_strength"),
    )
    outlets = (
        session.execute(select(Outlet).where(Outlet.profile_id == profile_id).order_by(Outlet.id))
        .scalars()
        .all()
    )
    moves, overrides = _outlet_moves(session, outlets, config, now, proposed)
    summary = _claim_summary(session, _claims_of(session, [o.id for o in outlets]), config, now, overrides)
    return {"profile": profile_id, "version": proposed.version, "outlets": moves, "claims": summary}


def preview_config(session: Session, config: ScoringConfig) -> dict[str, Any]:
    now = datetime.now(UTC)
    outlets = session.execute(select(Outlet).order_by(Outlet.id)).scalars().all()
    moves, overrides = _outlet_moves(session, outlets, config, now)
    changed = [m for m in moves if not m["old"] or m["old"]["score"] != m["new"]["score"]]
    changed.sort(
        key=lambda m: (-abs(m["new"]["score"] - (m["old"]["score"] if m["old"] else 0)), m["outlet"])
    )
    claim_ids = sorted(session.execute(select(Claim.id)).scalars())
    return {
        "version": config.version,
        "outlets": {
            "considered": len(moves),
            "score_changes": len(changed),
            "label_changes": sum(1 for m in moves if not m["old"] or m["old"]["label"] != m["new"]["label"]),
            "largest_moves": changed[:TOP],
        },
        "claims": _claim_summary(session, claim_ids, config, now, overrides),
    }
