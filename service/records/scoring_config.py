"""The scoring config: one current version in the database (seeded from
``config/scoring.yaml``), every change a new version, validated, audited, and rescoring
exactly what it affects (a config change affects every outlet prior and every claim's
labels)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from service.jobs.effects import Effects
from service.models import Claim, Outlet, ScoringConfigVersion, utcnow
from service.records import audit
from service.records.errors import Invalid, NotFound
from service.records.versions import Expected, check_version
from service.store.settings import config_dir
from service.util.timefmt import rfc3339
from workers.scoring import ScoringConfig, validate_config_dict


def file_config() -> dict[str, Any]:
    """``config/scoring.yaml``: what an empty database starts from."""
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
        row = save_config(session, file_config(), "system", "initial default")
    return dict(row.body) | {"version": row.version}


def scoring_config(session: Session) -> ScoringConfig:
    """The current config as the engine takes it."""
    return ScoringConfig.from_dict(current_config(session))


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


def config_body(row: ScoringConfigVersion) -> dict[str, Any]:
    return {
        "version": row.version,
        "updated_by": row.updated_by,
        "updated_at": rfc3339(row.updated_at),
        "cause": row.cause,
        "config": dict(row.body),
    }


def validate(body: Mapping[str, Any]) -> dict[str, Any]:
    clean = {k: v for k, v in body.items() if k != "version"}
    errors = validate_config_dict({**clean, "version": 1})
    if errors:
        raise Invalid(errors)
    return clean


def put_config(
    session: Session,
    body: Mapping[str, Any],
    actor: str,
    expected: Expected | None,
    cause: str = "update",
) -> tuple[ScoringConfigVersion, Effects]:
    clean = validate(body)
    old = current_config(session)
    check_version(
        expected,
        old["version"],
        "The scoring config changed since you read it (now version {current}).",
        "The scoring config does not exist.",
    )
    row = save_config(session, clean, actor, cause)
    audit.record(
        session,
        actor,
        cause,
        "config",
        str(row.version),
        {k: v for k, v in old.items() if k != "version"},
        clean,
    )
    effects = Effects(cause=f"config version {row.version} ({cause})")
    # Every outlet's prior and every claim's labels may move: mark them all owed.
    # One coordinating job then rescores outlets first and claims after, in batches.
    session.execute(update(Outlet).values(revision=Outlet.revision + 1))
    session.execute(update(Claim).values(revision=Claim.revision + 1))
    effects.rescore_all = True
    return row, effects


def version_row(session: Session, version: int) -> ScoringConfigVersion:
    row = session.get(ScoringConfigVersion, version)
    if row is None:
        raise NotFound(f"No scoring config version {version}.")
    return row


def current(session: Session) -> ScoringConfigVersion:
    current_config(session)  # saves the file default as version 1 on an empty database
    row = current_row(session)
    assert row is not None
    return row


def restore_config(
    session: Session, version: int, actor: str, expected: Expected | None = None
) -> tuple[ScoringConfigVersion, Effects]:
    """Make an old version current again, saved as a new version."""
    old = version_row(session, version)
    return put_config(session, dict(old.body), actor, expected, cause=f"restore of version {old.version}")


def config_diff(old: Mapping[str, Any], new: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Dotted path (``kind_priors.blog``) → {old, new} for every value that differs."""
    out: dict[str, Any] = {}
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        path = f"{prefix}{key}"
        if isinstance(a, Mapping) and isinstance(b, Mapping):
            out |= config_diff(a, b, path + ".")
        elif a != b:
            out[path] = {"old": a, "new": b}
    return out


def history_items(session: Session, rows: Sequence[ScoringConfigVersion]) -> list[dict[str, Any]]:
    """Versions with their diff against the one before."""
    items = []
    for row in rows:
        prev = session.get(ScoringConfigVersion, row.version - 1)
        diff = config_diff(dict(prev.body) if prev else {}, dict(row.body))
        items.append(config_body(row) | {"diff": diff})
    return items
