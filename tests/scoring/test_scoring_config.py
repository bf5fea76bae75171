from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from workers.scoring import (
    DEFAULT_CONFIG_DICT,
    OUTLET_KINDS,
    ConfigError,
    ScoringConfig,
    default_config,
    validate_config_dict,
)


def cfg_dict(**changes: Any) -> dict[str, Any]:
    d = copy.deepcopy(DEFAULT_CONFIG_DICT)
    d.update(changes)
    return d


def test_default_config_is_valid_and_complete() -> None:
    assert validate_config_dict(DEFAULT_CONFIG_DICT) == {}
    cfg = default_config()
    assert sum(cfg.criteria.values()) == 100
    assert set(cfg.kind_priors) == set(OUTLET_KINDS)
    assert cfg.reliability_labels.high == 75
    assert cfg.corroboration_labels.corroborated_min_units == 2


def test_round_trip_through_json() -> None:
    cfg = default_config()
    again = ScoringConfig.from_dict(json.loads(json.dumps(cfg.to_dict())))
    assert again == cfg
    assert again.to_dict() == cfg.to_dict()


def test_optional_fields_take_defaults() -> None:
    d = cfg_dict()
    for k in ("labels", "learned_weight", "learned_max_observations"):
        del d[k]
    cfg = ScoringConfig.from_dict(d)
    assert cfg == default_config()


def test_partial_labels_are_merged_with_defaults() -> None:
    cfg = ScoringConfig.from_dict(cfg_dict(labels={"reliability": {"high": 80}}))
    assert (cfg.reliability_labels.high, cfg.reliability_labels.mixed) == (80, 40)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"version": 0}, "version"),
        ({"version": True}, "version"),
        ({"criteria": {}}, "criteria"),
        ({"criteria": {"Bad Name": 1}}, "criteria"),
        ({"criteria": {"x": -1}}, "criteria.x"),
        ({"criteria": {"x": 0}}, "criteria"),
        ({"criteria": {"x": "ten"}}, "criteria.x"),
        ({"kind_priors": {"unknown": 1.5}}, "kind_priors.unknown"),
        ({"kind_priors": {"wire": 0.8}}, "kind_priors"),  # no `unknown` fallback
        ({"kind_priors": {"unknown": 0.4, "alien": 0.1}}, "kind_priors"),
        ({"default_prior_strength": -1}, "default_prior_strength"),
        ({"half_life_days": 0}, "half_life_days"),
        ({"hedge_factor": 1.5}, "hedge_factor"),
        ({"competing_factor": float("nan")}, "competing_factor"),
        ({"learned_weight": -0.1}, "learned_weight"),
        # Too large to be a weight: these once raised OverflowError (500) in validation,
        # or passed it and overflowed fsum in every scoring run.
        ({"hedge_factor": 10**400}, "hedge_factor"),
        ({"default_prior_strength": 10**400}, "default_prior_strength"),
        ({"criteria": {"x": 1e308, "y": 1e308}}, "criteria.x"),
        ({"half_life_days": 2e9}, "half_life_days"),
        ({"surprise": 1}, "surprise"),
        ({"labels": {"reliability": {"high": 50}}}, "labels.reliability"),
        ({"labels": {"reliability": {"great": 90}}}, "labels.reliability.great"),
        ({"labels": {"corroboration": {"corroborated": 2}}}, "labels.corroboration.corroborated"),
        (
            {"labels": {"corroboration": {"corroborated_min_units": 0}}},
            "labels.corroboration.corroborated_min_units",
        ),
        ({"labels": {"corroboration": {"weakly_corroborated": 0.9}}}, "labels.corroboration"),
    ],
)
def test_validation_errors_name_the_field(changes: dict[str, Any], field: str) -> None:
    errors = validate_config_dict(cfg_dict(**changes))
    assert field in errors, errors
    assert all(isinstance(m, str) and m for msgs in errors.values() for m in msgs)
    with pytest.raises(ConfigError) as exc:
        ScoringConfig.from_dict(cfg_dict(**changes))
    assert exc.value.errors == errors


def test_missing_required_fields_are_reported() -> None:
    errors = validate_config_dict({"version": 2})
    assert set(errors) == {
        "criteria",
        "kind_priors",
        "default_prior_strength",
        "unrated_prior_strength",
        "half_life_days",
        "hedge_factor",
        "competing_factor",
    }
    assert validate_config_dict([1, 2]) == {"_schema": ["must be an object"]}


def test_unlisted_kind_falls_back_to_unknown() -> None:
    cfg = ScoringConfig.from_dict(cfg_dict(kind_priors={"unknown": 0.3, "wire": 0.9}))
    assert (cfg.kind_prior("blog"), cfg.kind_prior("wire")) == (0.3, 0.9)


@pytest.mark.parametrize("part", ["reliability", "corroboration"])
@pytest.mark.parametrize("value", [[], "", 0, False, None])
def test_label_groups_of_the_wrong_type_are_refused_even_when_falsy(part: str, value: Any) -> None:
    # Left out means the defaults; given, each group must be an object (schemathesis sent
    # an empty list and it was taken as "left out").
    cfg = copy.deepcopy(DEFAULT_CONFIG_DICT)
    cfg["labels"][part] = value
    assert f"labels.{part}" in validate_config_dict(cfg)
