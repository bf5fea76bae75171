"""The scoring config: versioned in the database, seeded from ``config/scoring.yaml``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.models import ScoringConfigVersion, utcnow
from service.settings import config_dir


def default_config() -> dict[str, Any]:
    path: Path = config_dir() / "scoring.yaml"
    body: dict[str, Any] = yaml.safe_load(path.read_text())
    return body


def current_row(session: Session) -> ScoringConfigVersion | None:
    return session.execute(
        select(ScoringConfigVersion).order_by(ScoringConfigVersion.version.desc()).limit(1)
    ).scalar_one_or_none()


def current_config(session: Session) -> dict[str, Any]:
    """The current config body with its ``version``. A database that has never had one
    gets the file default saved as version 1, so every score names a real version."""
    row = current_row(session)
    if row is None:
        row = save_config(session, default_config(), "system", "initial default")
    return dict(row.body) | {"version": row.version}


def save_config(session: Session, body: dict[str, Any], actor: str, cause: str) -> ScoringConfigVersion:
    row = current_row(session)
    version = (row.version if row else 0) + 1
    clean = {k: v for k, v in body.items() if k != "version"}
    new = ScoringConfigVersion(
        version=version, body=clean, updated_by=actor, updated_at=utcnow(), cause=cause
    )
    session.add(new)
    session.flush()
    return new
