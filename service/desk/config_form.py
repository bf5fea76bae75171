"""The scoring-config editor's form: every number of the config body as one input
(``cfg.kind_priors.blog``), and what it sends rebuilt into the body the API's
``PUT /v1/admin/config`` takes — then validated by the engine's own validator, through
the same record operations the API uses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

PREFIX = "cfg."
SECTIONS = {
    "criteria": "Criterion weights",
    "kind_priors": "Prior reliability by outlet kind (no rated profile)",
    "labels.reliability": "Outlet label thresholds (score)",
    "labels.corroboration": "Claim label thresholds",
    "": "Priors, time and factors",
}


def flatten(body: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Dotted path → leaf value, in the body's order."""
    out: dict[str, Any] = {}
    for key, value in body.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out |= flatten(value, path + ".")
        else:
            out[path] = value
    return out


def _number(text: str, like: Any) -> Any:
    try:
        value = float(text)
    except ValueError:
        return text  # the validator says it must be a number
    # Counts stay integers (corroborated_min_units); everything else may be fractional.
    if isinstance(like, int) and not isinstance(like, bool) and value.is_integer():
        return int(value)
    return value


@dataclass
class ConfigForm:
    values: dict[str, str] = field(default_factory=dict)
    base_version: int = 0
    restore_of: int | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, body: Mapping[str, Any], base_version: int) -> ConfigForm:
        return cls(
            {k: f"{v:g}" if isinstance(v, float) else str(v) for k, v in flatten(body).items()}, base_version
        )

    @classmethod
    def posted(cls, form: Mapping[str, str]) -> ConfigForm:
        base = form.get("base_version", "")
        restore = form.get("restore_of", "")
        values = {k[len(PREFIX) :]: v.strip() for k, v in form.items() if k.startswith(PREFIX)}
        return cls(values, int(base) if base.isdigit() else 0, int(restore) if restore.isdigit() else None)

    def body(self, like: Mapping[str, Any]) -> dict[str, Any]:
        """The nested body, numbers parsed (``like``: the current body, for the shape)."""
        shape = flatten(like)
        out: dict[str, Any] = {}
        for path, text in self.values.items():
            node = out
            *parents, leaf = path.split(".")
            for part in parents:
                node = node.setdefault(part, {})
            node[leaf] = _number(text, shape.get(path)) if text else None
        return out

    def groups(self) -> list[tuple[str, list[tuple[str, str, list[str]]]]]:
        """Inputs by section: (heading, [(path, value, errors)])."""
        grouped: dict[str, list[tuple[str, str, list[str]]]] = {k: [] for k in SECTIONS}
        for path, value in self.values.items():
            section = next((s for s in SECTIONS if s and path.startswith(s + ".")), "")
            grouped[section].append((path, value, self.errors.get(path, [])))
        return [(SECTIONS[k], items) for k, items in grouped.items() if items]
