"""Source profiles: every change is a new version; any version can be restored."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from service.jobs.effects import Effects
from service.models import Outlet, Profile, ProfileVersion, utcnow
from service.records import audit
from service.records.errors import Invalid, NotFound
from service.records.scoring_config import current_config
from service.records.versions import Expected, check_version
from service.store import cache
from service.util.timefmt import rfc3339


def profile_body(p: Profile | ProfileVersion, profile_id: str | None = None) -> dict[str, Any]:
    return {
        "id": profile_id or getattr(p, "id", None) or getattr(p, "profile_id", None),
        "version": p.version,
        "criteria": dict(p.criteria),
        "prior_strength": p.prior_strength,
        "notes": p.notes,
        "updated_by": p.updated_by,
        "updated_at": rfc3339(p.updated_at),
    }


def validate_criteria(session: Session, criteria: Mapping[str, Any]) -> None:
    known = set(current_config(session)["criteria"])
    bad = {
        f"criteria.{k}": [f"Unknown criterion; known: {', '.join(sorted(known))}."]
        for k in criteria
        if k not in known
    }
    if bad:
        raise Invalid(bad)


def _affected(session: Session, profile_id: str, effects: Effects) -> None:
    outlets = set(session.execute(select(Outlet.id).where(Outlet.profile_id == profile_id)).scalars())
    if outlets:
        session.execute(
            update(Outlet)
            .where(Outlet.id.in_(outlets))
            .values(revision=Outlet.revision + 1)
            .execution_options(synchronize_session=False)
        )
    effects.outlets |= outlets
    effects.drop_keys |= {cache.outlet_score(o) for o in outlets}


def put_profile(
    session: Session,
    profile_id: str,
    data: Mapping[str, Any],
    actor: str,
    expected: Expected | None,
    cause: str = "update",
) -> tuple[Profile, bool, Effects]:
    validate_criteria(session, data["criteria"])
    current = session.get(Profile, profile_id, with_for_update=True)
    check_version(
        expected,
        current.version if current else None,
        'The profile changed since you read it (now at version "{current}").',
        "If-Match: * but the profile does not exist.",
    )
    effects = Effects(cause=f"profile {profile_id} {cause}")
    old = profile_body(current) if current else None
    now = utcnow()
    if current is None:
        current = Profile(id=profile_id, version=1, created_at=now)
        session.add(current)
        created = True
    else:
        current.version += 1
        created = False
    current.criteria = dict(data["criteria"])
    current.prior_strength = data.get("prior_strength")
    current.notes = data.get("notes")
    current.updated_by = actor
    current.updated_at = now
    session.flush()
    session.add(version_row(current, cause))
    audit.record(
        session, actor, "create" if created else cause, "profile", profile_id, old, profile_body(current)
    )
    _affected(session, profile_id, effects)
    session.flush()
    return current, created, effects


def version_row(profile: Profile, cause: str) -> ProfileVersion:
    """The history row that records ``profile`` as it now is."""
    return ProfileVersion(
        profile_id=profile.id,
        version=profile.version,
        criteria=dict(profile.criteria),
        prior_strength=profile.prior_strength,
        notes=profile.notes,
        updated_by=profile.updated_by,
        updated_at=profile.updated_at,
        cause=cause,
    )


def get_version(session: Session, profile_id: str, version: int) -> ProfileVersion:
    row = session.get(ProfileVersion, (profile_id, version))
    if row is None:
        raise NotFound(f"Profile {profile_id!r} has no version {version}.")
    return row


def restore_profile(
    session: Session, profile_id: str, version: int, actor: str, expected: Expected | None = None
) -> tuple[Profile, Effects]:
    """Make an old version current again, saved as a new version (``restore of version N``)."""
    if session.get(Profile, profile_id) is None:
        raise NotFound(f"No profile {profile_id!r}.")
    old = get_version(session, profile_id, version)
    data = {"criteria": old.criteria, "prior_strength": old.prior_strength, "notes": old.notes}
    row, _, effects = put_profile(
        session, profile_id, data, actor, expected, cause=f"restore of version {old.version}"
    )
    return row, effects


def criteria_diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """criterion → {old, new} for every rating that differs (None: not rated)."""
    keys = sorted(set(old) | set(new))
    return {k: {"old": old.get(k), "new": new.get(k)} for k in keys if old.get(k) != new.get(k)}


def history_items(session: Session, profile_id: str, rows: Sequence[ProfileVersion]) -> list[dict[str, Any]]:
    """Versions as history shows them: the body, its cause and the diff against the one before."""
    items = []
    for row in rows:
        prev = session.get(ProfileVersion, (profile_id, row.version - 1))
        item = profile_body(row, profile_id) | {"cause": row.cause}
        item["diff"] = criteria_diff(prev.criteria if prev else {}, row.criteria)
        items.append(item)
    return items


def outlet_counts(session: Session, profile_ids: Sequence[str]) -> dict[str, int]:
    """How many outlets score from each profile."""
    if not profile_ids:
        return {}
    rows = session.execute(
        select(Outlet.profile_id, func.count())
        .where(Outlet.profile_id.in_(profile_ids))
        .group_by(Outlet.profile_id)
    )
    return {str(pid): int(n) for pid, n in rows}
