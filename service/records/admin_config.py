"""Scoring-config changes: validated, versioned, audited, and rescoring exactly what they
affect (a config change affects every outlet prior and every claim's labels)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from service.errors import Problem
from service.models import Claim, Outlet, ScoringConfigVersion
from service.records import audit
from service.records.config import current_config, current_row, save_config
from service.records.effects import Effects
from service.timefmt import rfc3339
from workers.scoring import validate_config_dict


def config_body(row: ScoringConfigVersion) -> dict[str, Any]:
    return {
        "version": row.version,
        "updated_by": row.updated_by,
        "updated_at": rfc3339(row.updated_at),
        "cause": row.cause,
        "config": dict(row.body),
    }


def etag(version: int) -> str:
    return f'"config-{version}"'


def check_if_match(header: str | None, version: int) -> None:
    if header is None:
        return
    wanted = [t.strip().removeprefix("W/") for t in header.split(",")]
    if "*" not in wanted and etag(version) not in wanted:
        raise Problem(
            412,
            f"The scoring config changed since you read it (now version {version}).",
            type_="precondition-failed",
            current_version=version,
        )


def validate(body: Mapping[str, Any]) -> dict[str, Any]:
    clean = {k: v for k, v in body.items() if k != "version"}
    errors = validate_config_dict({**clean, "version": 1})
    if errors:
        raise Problem(422, "The request has invalid fields.", errors=errors)
    return clean


def put_config(
    session: Session, body: Mapping[str, Any], actor: str, if_match: str | None, cause: str = "update"
) -> tuple[ScoringConfigVersion, Effects]:
    clean = validate(body)
    old = current_config(session)
    check_if_match(if_match, old["version"])
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
        raise Problem(404, f"No scoring config version {version}.")
    return row


def current(session: Session) -> ScoringConfigVersion:
    current_config(session)  # saves the file default as version 1 on an empty database
    row = current_row(session)
    assert row is not None
    return row
