"""The audit log: one row per admin write, in the same transaction as the write."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from service.models import AuditEntry, utcnow
from service.util.timefmt import rfc3339


def record(
    session: Session,
    actor: str,
    action: str,
    entity_type: str,
    entity_id: str,
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
) -> None:
    """One audit row, in the same transaction as the change it describes."""
    session.add(
        AuditEntry(
            at=utcnow(),
            actor=actor,
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            old=old,
            new=new,
        )
    )


def entry_body(e: AuditEntry) -> dict[str, Any]:
    return {
        "id": e.id,
        "at": rfc3339(e.at),
        "actor": e.actor,
        "action": e.action,
        "entity_type": e.entity_type,
        "entity_id": e.entity_id,
        "old": e.old,
        "new": e.new,
    }
