"""Scoring configuration: plain data built by the caller from YAML or the DB."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .defaults import (
    DEFAULT_CONFIG_DICT,
    DEFAULT_CORROBORATION_LABELS,
    DEFAULT_MATCHING,
    DEFAULT_RELIABILITY_LABELS,
    CorroborationLabels,
    MatchingThresholds,
    ReliabilityLabels,
)
from .validation import validate_config_dict


@dataclass(frozen=True)
class ScoringConfig:
    version: int
    criteria: Mapping[str, float]  # criterion -> weight
    kind_priors: Mapping[str, float]  # outlet kind -> default prior p0
    default_prior_strength: float
    unrated_prior_strength: float
    half_life_days: float
    hedge_factor: float
    competing_factor: float
    learned_weight: float
    learned_max_observations: float
    reliability_labels: ReliabilityLabels = field(default_factory=ReliabilityLabels)
    corroboration_labels: CorroborationLabels = field(default_factory=CorroborationLabels)
    matching: MatchingThresholds = field(default_factory=MatchingThresholds)

    def kind_prior(self, kind: str) -> float:
        # An outlet kind the config does not list is scored like `unknown`, never an error.
        if kind in self.kind_priors:
            return self.kind_priors[kind]
        return self.kind_priors.get("unknown", 0.5)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ScoringConfig:
        """Build from the plain dict; raises ConfigError (with per-field errors) if invalid."""
        errors = validate_config_dict(d)
        if errors:
            raise ConfigError(errors)
        labels = d.get("labels") or {}
        rel = {**DEFAULT_RELIABILITY_LABELS, **(labels.get("reliability") or {})}
        cor = {**DEFAULT_CORROBORATION_LABELS, **(labels.get("corroboration") or {})}
        return cls(
            version=int(d["version"]),
            criteria={str(k): float(v) for k, v in d["criteria"].items()},
            kind_priors={str(k): float(v) for k, v in d["kind_priors"].items()},
            default_prior_strength=float(d["default_prior_strength"]),
            unrated_prior_strength=float(d["unrated_prior_strength"]),
            half_life_days=float(d["half_life_days"]),
            hedge_factor=float(d["hedge_factor"]),
            competing_factor=float(d["competing_factor"]),
            reliability_labels=ReliabilityLabels(**{k: float(v) for k, v in rel.items()}),
            corroboration_labels=CorroborationLabels(
                corroborated=float(cor["corroborated"]),
                corroborated_min_units=int(cor["corroborated_min_units"]),
                partially_corroborated=float(cor["partially_corroborated"]),
                weakly_corroborated=float(cor["weakly_corroborated"]),
                disputed_support=float(cor["disputed_support"]),
                disputed_dispute=float(cor["disputed_dispute"]),
                refuted_dispute=float(cor["refuted_dispute"]),
                refuted_support=float(cor["refuted_support"]),
            ),
            learned_weight=float(d.get("learned_weight", DEFAULT_CONFIG_DICT["learned_weight"])),
            learned_max_observations=float(
                d.get("learned_max_observations", DEFAULT_CONFIG_DICT["learned_max_observations"])
            ),
            matching=MatchingThresholds(
                **{k: float(v) for k, v in {**DEFAULT_MATCHING, **(d.get("matching") or {})}.items()}
            ),
        )

    def to_dict(self) -> dict[str, Any]:
        rl, cl = self.reliability_labels, self.corroboration_labels
        return {
            "version": self.version,
            "criteria": dict(self.criteria),
            "kind_priors": dict(self.kind_priors),
            "default_prior_strength": self.default_prior_strength,
            "unrated_prior_strength": self.unrated_prior_strength,
            "half_life_days": self.half_life_days,
            "hedge_factor": self.hedge_factor,
            "competing_factor": self.competing_factor,
            "labels": {
                "reliability": {
                    "high": rl.high,
                    "generally_reliable": rl.generally_reliable,
                    "mixed": rl.mixed,
                },
                "corroboration": {k: getattr(cl, k) for k in DEFAULT_CORROBORATION_LABELS},
            },
            "learned_weight": self.learned_weight,
            "learned_max_observations": self.learned_max_observations,
            "matching": {"same": self.matching.same, "candidate": self.matching.candidate},
        }


class ConfigError(ValueError):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(
            "invalid scoring config: " + "; ".join(f"{k}: {', '.join(v)}" for k, v in sorted(errors.items()))
        )
        self.errors = errors


def default_config() -> ScoringConfig:
    return ScoringConfig.from_dict(copy.deepcopy(DEFAULT_CONFIG_DICT))
