"""Scoring jobs: load the engine's inputs (records), score (the pure engine), store the
results (records), commit, and only then cache, notify and enqueue what the change
propagates to. Idempotent: each recomputes from the database."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime

from service.jobs.effects import Effects
from service.jobs.enqueue import enqueue_claim_batches, enqueue_deliveries
from service.models import Outlet
from service.records.inputs import claim_inputs, outlet_infos, outlet_input
from service.records.owed import stale_claims, stale_outlets
from service.records.scores import store_corroborations, store_reliability
from service.records.scoring_config import scoring_config
from service.store import cache
from service.store.db import transaction
from service.util.timefmt import rfc3339
from workers import scoring as engine
from workers.context import context


def score_outlet(outlet_id: str, cause: str = "change", propagate: bool = True) -> dict[str, object]:
    """Rescore one outlet; if its score moved, rescore every claim it appears in.

    ``propagate=False`` only marks those claims stale and returns their ids: a caller
    rescoring many outlets enqueues the union once instead of a claim batch per outlet.
    """
    ctx = context()
    now = datetime.now(UTC)
    effects = Effects(cause=f"outlet {outlet_id} rescored")
    with transaction(ctx.sessions) as session:
        outlet = session.get(Outlet, outlet_id)
        if outlet is None:
            return {"outlet": outlet_id, "status": "gone"}
        seen = outlet.revision
        result = engine.score_outlet(outlet_input(session, outlet), scoring_config(session), now)
        changed, owed = store_reliability(session, outlet, seen, result, cause, now, effects)
        stale = outlet.revision > outlet.scored_revision
    enqueue_deliveries(ctx.redis, ctx.settings, owed)  # subscribers only hear of stored scores
    data = dict(result.to_dict(), computed_at=rfc3339(now), stale=stale)
    cache.put(ctx.redis, cache.outlet_score(outlet_id), json.dumps(data), ctx.settings.cache_ttl_seconds)
    cache.drop(ctx.redis, effects.drop_keys)
    if effects.claims and propagate:
        enqueue_claim_batches(ctx.redis, ctx.settings, effects.claims, effects.cause)
    return {"outlet": outlet_id, "score": result.score, "changed": changed, "claims": sorted(effects.claims)}


def score_claims(claim_ids: Sequence[str], cause: str = "change") -> dict[str, object]:
    """Rescore a batch of claims with a handful of bulk queries."""
    ctx = context()
    now = datetime.now(UTC)
    with transaction(ctx.sessions) as session:
        config = scoring_config(session)
        inputs, competitors, revisions = claim_inputs(session, list(claim_ids))
        everything = list(inputs.values()) + [c for cs in competitors.values() for c in cs]
        infos = outlet_infos(session, everything, config, now)
        # Every score is computed before the first write: on SQLite that write takes the
        # database's write lock until commit, and ingest waits on it; the engine need not.
        results = {
            cid: engine.score_claim(claim_in, infos, config, competitors.get(cid, ()))
            for cid, claim_in in inputs.items()
        }
        changed, owed = store_corroborations(session, results, revisions, config.version, cause, now)
    cache.drop(ctx.redis, [cache.claim(c) for c in claim_ids])
    enqueue_deliveries(ctx.redis, ctx.settings, owed)
    return {"claims": len(claim_ids), "changed": changed}


def score_claim(claim_id: str, cause: str = "change") -> dict[str, object]:
    return score_claims([claim_id], cause)


def score_outlets(outlet_ids: list[str], cause: str = "change") -> dict[str, int]:
    """Many outlets in one job (bulk imports): one process, no fork per outlet."""
    ctx = context()
    claims: set[str] = set()
    for outlet_id in outlet_ids:
        moved = score_outlet(outlet_id, cause, propagate=False)["claims"]
        claims.update(moved if isinstance(moved, list) else ())
    enqueue_claim_batches(ctx.redis, ctx.settings, claims, cause)
    return {"outlets": len(outlet_ids), "claims": len(claims)}


def rescore_all(cause: str = "config change") -> dict[str, int]:
    """After a scoring-config change: outlets first (claims depend on their reliability),
    then every claim still owed a score, in batches."""
    ctx = context()
    with ctx.sessions() as session:
        outlets = stale_outlets(session)
    for outlet_id in outlets:
        score_outlet(outlet_id, cause, propagate=False)
    with ctx.sessions() as session:
        claims = stale_claims(session)
    enqueue_claim_batches(ctx.redis, ctx.settings, claims, cause)
    return {"outlets": len(outlets), "claims": len(claims)}
