"""The profile editor's form: what it shows, and what it sends turned into the body the
API's ``PUT /v1/admin/profiles/{id}`` takes — validated by the API's own schema
(``ProfileIn``) and, on preview and save, by the same record operations."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import marshmallow as ma

from service.http.problems import flatten_messages
from service.models import Profile, ProfileVersion
from service.records.profiles import criteria_diff
from service.schemas.profiles import ProfileIn

PREFIX = "c."


@dataclass
class ProfileForm:
    """The values as typed (strings), the version the edit started from (0: a new
    profile), the version being restored (if any), and field → messages."""

    profile_id: str
    criteria: dict[str, str] = field(default_factory=dict)
    prior_strength: str = ""
    notes: str = ""
    base_version: int = 0
    restore_of: int | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, profile_id: str, row: Profile | ProfileVersion | None, base_version: int) -> ProfileForm:
        if row is None:
            return cls(profile_id, base_version=base_version)
        return cls(
            profile_id,
            criteria={k: _text(v) for k, v in row.criteria.items()},
            prior_strength=_text(row.prior_strength),
            notes=row.notes or "",
            base_version=base_version,
        )

    @classmethod
    def posted(cls, profile_id: str, form: Mapping[str, str]) -> ProfileForm:
        def number(name: str) -> int:
            value = form.get(name, "").strip()
            return int(value) if value.isdigit() else 0

        restore = number("restore_of")
        return cls(
            profile_id,
            criteria={k[len(PREFIX) :]: v.strip() for k, v in form.items() if k.startswith(PREFIX)},
            prior_strength=form.get("prior_strength", "").strip(),
            notes=form.get("notes", ""),
            base_version=number("base_version"),
            restore_of=restore or None,
        )

    def data(self) -> dict[str, Any] | None:
        """The API body, or None with ``errors`` filled (blank criterion: not rated)."""
        raw: dict[str, Any] = {"criteria": {k: v for k, v in self.criteria.items() if v}}
        raw["prior_strength"] = self.prior_strength or None
        raw["notes"] = self.notes.strip() or None
        try:
            loaded: dict[str, Any] = ProfileIn().load(raw)
        except ma.ValidationError as exc:
            self.errors = _form_fields(flatten_messages(exc.messages))
            return None
        return loaded

    def same_as(self, version: ProfileVersion, data: Mapping[str, Any]) -> bool:
        """Whether the values are exactly an old version's (so saving them is a restore)."""
        return (
            dict(version.criteria) == dict(data["criteria"])
            and version.prior_strength == data.get("prior_strength")
            and (version.notes or None) == data.get("notes")
        )


def _text(value: Any) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float | int) else str(value)


def _form_fields(messages: dict[str, list[str]]) -> dict[str, list[str]]:
    # criteria.<name>.value / criteria.<name>.key → the criterion's input.
    out: dict[str, list[str]] = {}
    for path, texts in messages.items():
        parts = path.split(".")
        key = PREFIX + parts[1] if parts[0] == "criteria" and len(parts) > 1 else path
        out.setdefault(key, []).extend(texts)
    return out


def rows(form: ProfileForm, weights: Mapping[str, float]) -> list[dict[str, Any]]:
    """One editor row per criterion: those the config weighs, then any the profile still
    rates that the config no longer knows (saving them is refused until cleared)."""
    names = list(weights) + [k for k in form.criteria if k not in weights]
    return [
        {
            "name": name,
            "field": PREFIX + name,
            "value": form.criteria.get(name, ""),
            "weight": weights.get(name),
            "errors": form.errors.get(PREFIX + name, []),
        }
        for name in names
    ]


def changes(current: Profile | None, data: Mapping[str, Any]) -> dict[str, Any]:
    """The proposed values against the current version: criteria, prior strength, notes."""
    old_criteria = dict(current.criteria) if current else {}
    out: dict[str, Any] = {"criteria": criteria_diff(old_criteria, data["criteria"])}
    old_strength = current.prior_strength if current else None
    if old_strength != data.get("prior_strength"):
        out["prior_strength"] = {"old": old_strength, "new": data.get("prior_strength")}
    old_notes = (current.notes if current else None) or None
    if old_notes != data.get("notes"):
        out["notes"] = {"old": old_notes, "new": data.get("notes")}
    return out
