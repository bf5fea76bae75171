from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from service.models import AuditEntry, utcnow


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
