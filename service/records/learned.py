"""Learned reliability as records: the truth-discovery input read from claims (an
appearance's source is its origin; a claim without a question is an item answered
supports/refutes; claims sharing a question are one item's answers; verdicts are their
reviewers' answers), the profile priors it starts from, and what a run learned, stored.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import asdict
from datetime import datetime

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from service.jobs.effects import Effects
from service.models import (
    Appearance,
    Claim,
    LearnedDependence,
    LearnedReliability,
    LearnedRun,
    Outlet,
    OutletScore,
    Verdict,
)
from service.records.outlets import touch_outlet_claims
from workers.truth import HeldOutCheck, LearnResult

# Joining two outlets' evidence into one unit costs an independent origin its voice: only
# copying the model is confident of counts (an honest pair agreeing often reads ~.6).
MIN_DEPENDENCE = 0.9
VERDICT_VALUE = {"true": "supports", "mostly_true": "supports", "false": "refutes", "mostly_false": "refutes"}
Triple = tuple[Hashable, Hashable, Hashable]


def load_triples(session: Session, sources: Iterable[str] | None = None) -> list[Triple]:
    origin = func.coalesce(Appearance.origin_id, Appearance.outlet_id)
    stmt = (
        select(origin, Appearance.claim_id, Appearance.stance, Claim.question)
        .join(Claim, Claim.id == Appearance.claim_id)
        .order_by(Appearance.id)
    )
    vstmt = (
        select(Verdict.reviewer_id, Verdict.claim_id, Verdict.rating, Claim.question)
        .join(Claim, Claim.id == Verdict.claim_id)
        .order_by(Verdict.id)
    )
    if sources is not None:
        wanted = list(sources)
        stmt = stmt.where(origin.in_(wanted))
        vstmt = vstmt.where(Verdict.reviewer_id.in_(wanted))
    out: list[Triple] = []
    for source, claim_id, stance, question in session.execute(stmt):
        if question:
            if stance == "supports":
                out.append((source, f"q:{question}", claim_id))
        elif stance in ("supports", "refutes"):
            out.append((source, f"c:{claim_id}", stance))
    for reviewer, claim_id, rating, question in session.execute(vstmt):
        value = VERDICT_VALUE.get(rating)
        if value is None:
            continue
        if question:
            if value == "supports":
                out.append((reviewer, f"q:{question}", claim_id))
        else:
            out.append((reviewer, f"c:{claim_id}", value))
    return out


def priors(session: Session, sources: list[str]) -> dict[Hashable, tuple[float, float]]:
    out: dict[Hashable, tuple[float, float]] = {}
    rows = session.execute(
        select(OutletScore.outlet_id, OutletScore.body).where(OutletScore.outlet_id.in_(sources))
    )
    for outlet_id, body in rows:
        prior = (body.get("explanation") or {}).get("prior") or {}
        if "p0" in prior and "n0" in prior:
            out[outlet_id] = (float(prior["p0"]), float(prior["n0"]))
    return out


def unit_keys(pairs: Iterable[tuple[str, str, float]], networks: dict[str, str]) -> dict[str, str]:
    """Evidence groups: outlets joined by detected copying, closed over their networks
    (a copier of one network member joins the whole network). Only outlets whose group
    reaches beyond their own network get a key; the others keep their network/own unit."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    touched = False
    for a, b, _ in pairs:
        union(a, b)
        touched = True
    if not touched:
        return {}
    for outlet, network in networks.items():
        union(outlet, f"network:{network}")
    members: dict[str, list[str]] = {}
    for x in list(parent):
        members.setdefault(find(x), []).append(x)
    keys: dict[str, str] = {}
    for group in members.values():
        outlets = sorted(m for m in group if not m.startswith("network:"))
        nets = {networks.get(o) for o in outlets}
        if len(outlets) < 2 or (len(nets) == 1 and None not in nets):
            continue
        key = "copies-" + outlets[0]
        keys.update(dict.fromkeys(outlets, key))
    return keys


def declared_networks(session: Session, sources: list[str]) -> dict[Hashable, Hashable]:
    """Each source's declared network (the groups the model must treat as one voice)."""
    rows = session.execute(select(Outlet.id, Outlet.network).where(Outlet.id.in_(sources)))
    return {outlet_id: network for outlet_id, network in rows if network}


def record_run(
    session: Session, run_id: str, part: int, sources: list[str], check: HeldOutCheck, now: datetime
) -> bool:
    """Record a partition's held-out check; returns whether its results may be applied
    (the model predicted unseen answers at least as well as majority vote)."""
    session.merge(
        LearnedRun(
            run_id=run_id,
            part=part,
            sources=len(sources),
            check=dict(check.as_dict()),
            applied=check.passed,
            computed_at=now,
        )
    )
    return check.passed


def store_learned(
    session: Session, sources: list[str], result: LearnResult, run_id: str, now: datetime
) -> tuple[int, Effects]:
    """Store each source's learned accuracy (resting on its contested answers only: a
    source whose answers were all unanimous taught nothing a vote would not say), the
    evidence behind it, the detected copier pairs and the evidence groups they form; mark
    whatever moved as owed a rescore. Returns the stored pair count and the effects."""
    effects = Effects(cause=f"learned reliability {run_id}")
    outlets = {o.id: o for o in session.execute(select(Outlet).where(Outlet.id.in_(sources))).scalars()}
    groups = {o.id: o.network for o in outlets.values() if o.network}
    pairs = [(str(a), str(b), p) for a, b, p in result.dependent_pairs if p >= MIN_DEPENDENCE]
    keys = unit_keys(pairs, groups)
    old = {
        r.outlet_id: r
        for r in session.execute(
            select(LearnedReliability).where(LearnedReliability.outlet_id.in_(sources))
        ).scalars()
    }
    for source, accuracy in result.accuracy.items():
        sid = str(source)
        if sid not in outlets:
            continue
        row = old.get(sid)
        moved = row is None or abs(row.accuracy - accuracy) > 1e-9 or row.unit_key != keys.get(sid)
        if row is None:
            row = LearnedReliability(outlet_id=sid)
            session.add(row)
        elif row.unit_key != keys.get(sid):
            touch_outlet_claims(session, sid, effects)
        evidence = result.evidence.get(source)
        row.accuracy = accuracy
        row.observations = float(evidence.contested) if evidence else result.observations[source]
        row.evidence = asdict(evidence) if evidence else {}
        row.unit_key, row.run_id, row.computed_at = keys.get(sid), run_id, now
        if moved:
            outlets[sid].revision += 1
            effects.outlets.add(sid)
            if keys.get(sid):
                touch_outlet_claims(session, sid, effects)
    session.execute(
        delete(LearnedDependence).where(
            or_(LearnedDependence.outlet_a.in_(sources), LearnedDependence.outlet_b.in_(sources))
        )
    )
    for a, b, p in pairs:
        session.add(
            LearnedDependence(
                outlet_a=min(a, b), outlet_b=max(a, b), probability=p, run_id=run_id, computed_at=now
            )
        )
    return len(pairs), effects
