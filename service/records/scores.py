"""Stored scores: what the engine computed for an outlet or a batch of claims, written as
the current score row plus a history row when it changed materially, with the
notifications the change owes subscribers staged in the same transaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Table, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from service.jobs.effects import Effects
from service.models import Claim, ClaimScore, ClaimScoreHistory, Outlet, OutletScore, OutletScoreHistory
from service.records import notifications
from service.records.outlets import touch_outlet_claims
from service.store import cache
from service.util.timefmt import rfc3339
from workers.scoring import Corroboration, Reliability, score_changed


def _insert_score(session: Session, table: Any, key: str, values: dict[str, Any]) -> None:
    """The first score row of an entity that had none when the job read it. Two jobs can
    score one entity at once (a per-claim job and a propagation batch holding the same
    claim): the second one's row must replace the first's, not fail the job."""
    assert isinstance(table, Table)
    dialect_insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = dialect_insert(table).values(**values)
    replace = {k: stmt.excluded[k] for k in values if k != key}
    session.execute(stmt.on_conflict_do_update(index_elements=[key], set_=replace))


def store_reliability(
    session: Session,
    outlet: Outlet,
    seen_revision: int,
    result: Reliability,
    cause: str,
    now: datetime,
    effects: Effects,
) -> tuple[bool, list[tuple[str, str]]]:
    """Store an outlet's new reliability (computed from ``seen_revision``). If its score
    moved, every claim it appears in is marked owed (``effects``). Returns whether it
    changed and the notifications to queue after the commit."""
    body = result.to_dict()
    old = session.get(OutletScore, outlet.id)
    changed = old is None or score_changed(old, result) or old.reliability != result.reliability
    if old is None:
        old_score, old_label = None, None
        _insert_score(
            session,
            OutletScore.__table__,
            "outlet_id",
            {
                "outlet_id": outlet.id,
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
                outlet_id=outlet.id,
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
        touch_outlet_claims(session, outlet.id, effects)
    outlet.scored_revision = max(outlet.scored_revision, seen_revision)
    # Lookups cache the outlet's answer under each of its registered domains.
    effects.drop_keys |= {cache.domain(d.domain) for d in outlet.domains}
    old_view = {"score": old_score, "label": old_label} if old_score is not None else None
    new_view = {"score": result.score, "label": result.label, "reliability": result.reliability}
    events = notifications.change_notifications("outlet", outlet.id, old_view, new_view, cause)
    return changed, notifications.stage(session, events)


def store_corroborations(
    session: Session,
    results: Mapping[str, Corroboration],
    revisions: Mapping[str, int],
    config_version: int,
    cause: str,
    now: datetime,
) -> tuple[int, list[tuple[str, str]]]:
    """Store each claim's new corroboration (computed from ``revisions``). Returns how
    many changed materially and the notifications to queue after the commit."""
    old_rows = {
        r.claim_id: r for r in session.query(ClaimScore).filter(ClaimScore.claim_id.in_(list(results)))
    }
    changed = 0
    events: list[dict[str, Any]] = []
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
        body["config_version"] = config_version
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
        if old is None or score_changed(old, result):
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
            old_view = {"score": old.score, "label": old.label} if old else None
            new_view = {"score": result.score, "label": result.label, "probability": result.probability}
            events.extend(notifications.change_notifications("claim", cid, old_view, new_view, cause))
        if old is not None:
            old.score, old.probability, old.label = result.score, result.probability, result.label
            old.body, old.computed_at = body, now
    return changed, notifications.stage(session, events)


def history_body(h: OutletScoreHistory) -> dict[str, Any]:
    """One past outlet score, as its history shows it."""
    return {
        "at": rfc3339(h.at),
        "cause": h.cause,
        "old_score": h.old_score,
        "new_score": h.new_score,
        "old_label": h.old_label,
        "new_label": h.new_label,
        "reliability": h.reliability,
        "profile_version": h.profile_version,
        "config_version": h.config_version,
    }
