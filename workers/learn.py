"""``learn_reliability``: truth discovery over the database's claims, fed back into scoring.

Mapping onto the estimator's vocabulary: the *source* of an appearance is its origin
g(a) (who actually asserts it); a claim without a question is an item whose values are
``supports``/``refutes``; claims sharing a question are the values of that question's
item. Fact-check verdicts are appearances of their reviewer. The coordinator partitions
the source-item graph into connected components and fans them out as jobs; each job
stores its outlets' learned accuracy, the detected copier pairs, and the resulting
evidence groups, then marks whatever moved as owed a rescore.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from service.db import transaction
from service.ids import new_id
from service.models import Appearance, Claim, Outlet, OutletScore, Verdict
from service.models_learned import LearnedDependence, LearnedReliability
from service.queue import enqueue_effects, enqueue_unique, make_queue
from service.records.effects import Effects
from service.records.outlets import touch_outlet_claims
from workers.context import context
from workers.truth.learn import connected_components, learn

PARTITION_APPEARANCES = 50_000
MIN_DEPENDENCE = 0.5
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


def learn_reliability() -> dict[str, Any]:
    """Coordinator: partition and fan out one job per group of components."""
    ctx = context()
    run_id = new_id("lr")
    with ctx.sessions() as session:
        components = connected_components(load_triples(session))
    queue = make_queue(ctx.redis, ctx.settings)
    parts: list[list[str]] = []
    current: set[str] = set()
    size = 0
    for comp in components:
        current |= {str(t[0]) for t in comp}
        size += len(comp)
        if size >= PARTITION_APPEARANCES:
            parts.append(sorted(current))
            current, size = set(), 0
    if current:
        parts.append(sorted(current))
    for i, sources in enumerate(parts):
        enqueue_unique(
            queue, "workers.learn.learn_partition", [run_id, sources], f"learn--{run_id}--{i}", ctx.settings
        )
    return {"run": run_id, "components": len(components), "jobs": len(parts)}


def learn_partition(run_id: str, sources: list[str]) -> dict[str, Any]:
    ctx = context()
    now = datetime.now(UTC)
    effects = Effects(cause=f"learned reliability {run_id}")
    with transaction(ctx.sessions) as session:
        triples = load_triples(session, sources)
        outlets = {o.id: o for o in session.execute(select(Outlet).where(Outlet.id.in_(sources))).scalars()}
        priors = _priors(session, sources)
        groups: dict[str, str] = {o.id: o.network for o in outlets.values() if o.network}
        declared: dict[Hashable, Hashable] = dict(groups.items())
        result = learn(triples, priors, declared)
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
            row.accuracy, row.observations = accuracy, result.observations[source]
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
    enqueue_effects(ctx.redis, ctx.settings, effects)
    return {"run": run_id, "sources": len(sources), "pairs": len(pairs), "changed": len(effects.outlets)}


def _priors(session: Session, sources: list[str]) -> dict[Hashable, tuple[float, float]]:
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
