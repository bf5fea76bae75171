"""The scoring config's admin API: the config body, its versions, restore.

The config itself is validated by the engine (``workers.scoring.validate_config_dict``);
``CONFIG_DOC`` says the same to the OpenAPI document, as far as OpenAPI 3.0 can: every
key, type and range. Two rules it cannot state (3.0 has no ``propertyNames`` and no
comparison between values) are in its description: criterion names are
``[a-z0-9][a-z0-9_]{0,63}``, and label thresholds must be ordered.
"""

from __future__ import annotations

from typing import Any

from marshmallow import fields

from service.schemas.common import StrictSchema, version_number
from workers.scoring import DEFAULT_CONFIG_DICT, OUTLET_KINDS
from workers.scoring.validation import MAGNITUDE


def _number(low: float = -MAGNITUDE, high: float = MAGNITUDE, *, exclusive: bool = False) -> dict[str, Any]:
    doc: dict[str, Any] = {"type": "number", "minimum": low, "maximum": high}
    if exclusive:
        doc["exclusiveMinimum"] = True
    return doc


def _threshold(name: str) -> dict[str, Any]:
    return {"type": "integer", "minimum": 1} if name == "corroborated_min_units" else _number(0, 1)


_LABELS = DEFAULT_CONFIG_DICT["labels"]
CONFIG_DOC: dict[str, Any] = {
    "description": "The whole scoring config (a PUT replaces it). Criterion names match "
    "[a-z0-9][a-z0-9_]{0,63}; reliability thresholds must satisfy high > generally_reliable "
    "> mixed, corroborated >= partially_corroborated >= weakly_corroborated and matching "
    "candidate <= same (after "
    "defaults fill what is left out); otherwise 422.",
    "properties": {
        "version": {"description": "ignored: the server numbers versions"},
        "criteria": {
            "type": "object",
            "minProperties": 1,
            # The default criteria, by name; others may be added (named as described).
            "properties": {name: _number(0) for name in DEFAULT_CONFIG_DICT["criteria"]},
            "additionalProperties": _number(0),
            "not": {"additionalProperties": {"maximum": 0}},
            "description": "criterion → weight; not all zero",
        },
        "kind_priors": {
            "type": "object",
            "properties": {kind: _number(0, 1) for kind in OUTLET_KINDS},
            "required": ["unknown"],
            "additionalProperties": False,
        },
        "default_prior_strength": _number(0),
        "unrated_prior_strength": _number(0),
        "half_life_days": _number(0, exclusive=True),
        "hedge_factor": _number(0, 1),
        "competing_factor": _number(0, 1),
        "learned_weight": _number(0),
        "learned_max_observations": _number(0),
        "matching": {
            "type": "object",
            "description": "the claim matcher's thresholds on its probability of the same claim: "
            "same (joins the claim) >= candidate (linked for review)",
            "properties": {k: _number(0, 1) for k in DEFAULT_CONFIG_DICT["matching"]},
            "additionalProperties": False,
        },
        "labels": {
            "type": "object",
            "properties": {
                "reliability": {
                    "type": "object",
                    "nullable": True,
                    "properties": {k: _number(0, 100) for k in _LABELS["reliability"]},
                    "additionalProperties": False,
                },
                "corroboration": {
                    "type": "object",
                    "nullable": True,
                    "properties": {k: _threshold(k) for k in _LABELS["corroboration"]},
                    "additionalProperties": False,
                },
            },
            "additionalProperties": False,
        },
    },
    "required": [
        "criteria",
        "kind_priors",
        "default_prior_strength",
        "unrated_prior_strength",
        "half_life_days",
        "hedge_factor",
        "competing_factor",
    ],
    "additionalProperties": False,
}


class ConfigIn(StrictSchema):
    config = fields.Dict(required=True, metadata=CONFIG_DOC)


class ConfigOut(StrictSchema):
    version = fields.Integer()
    updated_by = fields.String()
    updated_at = fields.String()
    cause = fields.String()
    config = fields.Dict()
    jobs = fields.Dict()


class ConfigRestoreIn(StrictSchema):
    version = fields.Integer(required=True, validate=version_number)
