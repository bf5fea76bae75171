"""RQ jobs. Plain functions of ids and primitives; idempotent (they recompute from the
database); failures raise so RQ retries them. Results are committed first and cached
after, so a crash between the two leaves only a cold cache."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Table, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from service import cache
from service.db import transaction
from service.models import (
    Claim,
    ClaimScore,
    ClaimScoreHistory,
    Outlet,
    OutletScore,
    OutletScoreHistory,
)
from service.queue import enqueue_claim_batches
from service.records.effects import Effects
from service.records.outlets import touch_outlet_claims
from service.timefmt import rfc3339
from workers import notify
from workers.context import context
from workers.loaders import claim_inputs, load_config, outlet_infos, outlet_input
from workers.scoring import score_changed as material_change
from workers.scoring import score_claim as engine_score_claim
from workers.scoring import score_outlet as engine_score_outlet

log = logging.getLogger(__name__)


def _insert_score(session: Session, table: Any, key: str, values: dict[str, Any]) -> None:
    """The first score row of an entity that had none when this job read it. Two jobs can
    score one entity at once (a per-claim job and a propagation batch holding the same
    claim): the second one's row must replace the first's, not fail the job."""
    assert isinstance(table, Table)
    dialect_insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = dialect_insert(table).values(**values)
    replace = {k: stmt.excluded[k] for k in values if k != key}
    session.execute(stmt.on_conflict_do_update(index_elements=[key], set_=replace))


def _now() -> datetime:
    return datetime.now(UTC)


def score_outlet_job(outlet_id: str, cause: str = "change", propagate: bool = True) -> dict[str, object]:
    """Rescore one outlet; if its score moved, rescore every claim it appears in.

    ``propagate=False`` only marks those claims stale and returns their ids: a caller
    rescoring many outlets enqueues the union once instead of a claim batch per outlet.
    """
    ctx = context()
    now = _now()
    effects = Effects(cause=f"outlet {outlet_id} rescored")
    with transaction(ctx.sessions) as session:
        outlet = session.get(Outlet, outlet_id)
        if outlet is None:
            return {"outlet": outlet_id, "status": "gone"}
        seen = outlet.revision
        config = load_config(session)
        result = engine_score_outlet(outlet_input(session, outlet), config, now)
        body = result.to_dict()
        old = session.get(OutletScore, outlet_id)
        changed = old is None or material_change(old, result) or old.reliability != result.reliability
        if old is None:
            old_score, old_label = None, None
            _insert_score(
                session,
                OutletScore.__table__,
                "outlet_id",
                {
                    "outlet_id": outlet_id,
                    "score": result.score,
                    "reliability": result.reliability,
                    "label": result.label,
                    "body": body,
                    "computed_at": now,
                },
            )
        else:
            old_score, old_label = old.score, old.label
            old.score, old.reliability, old.label = result.score, result.reliability, result.label
            old.body, old.computed_at = body, now
        if changed:
            session.add(
                OutletScoreHistory(
                    outlet_id=outlet_id,
                    at=now,
                    cause=cause[:200],
                    old_score=old_score,
                    new_score=result.score,
                    old_label=old_label,
                    new_label=result.label,
                    reliability=result.reliability,
                    profile_version=result.profile_version,
                    config_version=result.config_version,
                )
            )
            touch_outlet_claims(session, outlet_id, effects)
        outlet.scored_revision = max(outlet.scored_revision, seen)
        stale = outlet.revision > outlet.scored_revision
        # Lookups cache the outlet's answer under each of its registered domains.
        effects.drop_keys |= {cache.domain(d.domain) for d in outlet.domains}
        old_view = {"score": old_score, "label": old_label} if old_score is not None else None
        new_view = {"score": result.score, "label": result.label, "reliability": result.reliability}
        events = notify.change_notifications("outlet", outlet_id, old_view, new_view, cause)
        owed = notify.stage(session, events)
    notify.send(owed)  # after the commit: subscribers only hear about stored scores
    data = dict(body, computed_at=rfc3339(now), stale=stale)
    cache.put(ctx.redis, cache.outlet_score(outlet_id), json.dumps(data), ctx.settings.cache_ttl_seconds)
    cache.drop(ctx.redis, effects.drop_keys)
    if effects.claims and propagate:
        enqueue_claim_batches(ctx.redis, ctx.settings, effects.claims, effects.cause)
    return {"outlet": outlet_id, "score": result.score, "changed": changed, "claims": sorted(effects.claims)}


def score_claims_job(claim_ids: Sequence[str], cause: str = "change") -> dict[str, object]:
    """Rescore a batch of claims with a handful of bulk queries."""
    ctx = context()
    now = _now()
    changed = 0
    events: list[dict[str, object]] = []
    with transaction(ctx.sessions) as session:
        changed = _score_claims(session, list(claim_ids), cause, now, events)
        owed = notify.stage(session, events)
    cache.drop(ctx.redis, [cache.claim(c) for c in claim_ids])
    notify.send(owed)  # after the commit: subscribers only hear about stored scores
    return {"claims": len(claim_ids), "changed": changed}


def _score_claims(
    session: Session,
    claim_ids: list[str],
    cause: str,
    now: datetime,
    events: list[dict[str, object]] | None = None,
) -> int:
    config = load_config(session)
    inputs, competitors, revisions = claim_inputs(session, claim_ids)
    everything = list(inputs.values()) + [c for cs in competitors.values() for c in cs]
    infos = outlet_infos(session, everything, config, now)
    old_rows = {
        r.claim_id: r for r in session.query(ClaimScore).filter(ClaimScore.claim_id.in_(list(inputs)))
    }
    # Every score is computed before the first write: on SQLite that write takes the
    # database's write lock until commit, and ingest waits on it; the engine need not.
    results = {
        cid: engine_score_claim(claim_in, infos, config, competitors.get(cid, ()))
        for cid, claim_in in inputs.items()
    }
    changed = 0
    for cid, result in results.items():
        # Claim the write first: a concurrent job that already stored a score of a newer
        # revision wins, and this one's (older) reading is dropped. The UPDATE also takes
        # the claim's row lock (PostgreSQL) / the write lock (SQLite) until commit, so two
        # jobs scoring one claim take turns.
        owned = session.execute(
            update(Claim)
            .where(Claim.id == cid, Claim.scored_revision <= revisions[cid])
            .values(scored_revision=revisions[cid])
            .execution_options(synchronize_session=False)
        )
        if cast(CursorResult[Any], owned).rowcount == 0:
            continue
        body = result.to_dict()
        body["config_version"] = config.version
        old = old_rows.get(cid)
        if old is None:
            _insert_score(
                session,
                ClaimScore.__table__,
                "claim_id",
                {
                    "claim_id": cid,
                    "score": result.score,
                    "probability": result.probability,
                    "label": result.label,
                    "body": body,
                    "computed_at": now,
                },
            )
        if old is None or material_change(old, result):
            changed += 1
            session.add(
                ClaimScoreHistory(
                    claim_id=cid,
                    at=now,
                    cause=cause[:200],
                    old_score=old.score if old else None,
                    new_score=result.score,
                    old_label=old.label if old else None,
                    new_label=result.label,
                )
            )
            if events is not None:
                old_view = {"score": old.score, "label": old.label} if old else None
                new_view = {"score": result.score, "label": result.label, "probability": result.probability}
                events.extend(notify.change_notifications("claim", cid, old_view, new_view, cause))
        if old is not None:
            old.score, old.probability, old.label = result.score, result.probability, result.label
            old.body, old.computed_at = body, now
    return changed


def score_claim_job(claim_id: str, cause: str = "change") -> dict[str, object]:
    return score_claims_job([claim_id], cause)


# RQ finds jobs by dotted path; these names are the public job API.
score_outlet = score_outlet_job
score_claims = score_claims_job
score_claim = score_claim_job
