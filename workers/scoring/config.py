"""Scoring configuration: plain data built by the caller from YAML or the DB."""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from .types import OUTLET_KINDS


@dataclass(frozen=True)
class ReliabilityLabels:
    """Minimum integer score for each outlet label; below `mixed` is `low`."""

    high: float = 75
    generally_reliable: float = 60
    mixed: float = 40


@dataclass(frozen=True)
class CorroborationLabels:
    """Thresholds for claim labels (see `labels.corroboration_label` for precedence)."""

    corroborated: float = 0.8  # c >= this ...
    corroborated_min_units: int = 2  # ... and at least this many independent supporting units
    partially_corroborated: float = 0.5  # c >= this
    weakly_corroborated: float = 0.2  # c >= this
    disputed_support: float = 0.5  # disputed: S >= this and D >= disputed_dispute
    disputed_dispute: float = 0.5  # also the D bound below which a weak claim is uncorroborated
    refuted_dispute: float = 0.8  # refuted: D >= this and S < refuted_support
    refuted_support: float = 0.5


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
        rel = {**_DEFAULT_RELIABILITY_LABELS, **(labels.get("reliability") or {})}
        cor = {**_DEFAULT_CORROBORATION_LABELS, **(labels.get("corroboration") or {})}
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
                "corroboration": {k: getattr(cl, k) for k in _DEFAULT_CORROBORATION_LABELS},
            },
            "learned_weight": self.learned_weight,
            "learned_max_observations": self.learned_max_observations,
        }


class ConfigError(ValueError):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(
            "invalid scoring config: " + "; ".join(f"{k}: {', '.join(v)}" for k, v in sorted(errors.items()))
        )
        self.errors = errors


# The label thresholds' defaults are the dataclasses' own, written once above.
_DEFAULT_RELIABILITY_LABELS: dict[str, float] = asdict(ReliabilityLabels())
_DEFAULT_CORROBORATION_LABELS: dict[str, float] = asdict(CorroborationLabels())

DEFAULT_CONFIG_DICT: dict[str, Any] = {
    "version": 1,
    "criteria": {
        "no_false_content": 22,
        "responsible_gathering": 18,
        "corrects_errors": 12.5,
        "separates_news_opinion": 12.5,
        "no_deceptive_headlines": 10,
        "discloses_ownership": 7.5,
        "labels_advertising": 7.5,
        "reveals_management": 5,
        "names_content_creators": 5,
    },
    "kind_priors": {
        "wire": 0.85,
        "fact_checker": 0.85,
        "news": 0.7,
        "broadcaster": 0.7,
        "magazine": 0.65,
        "ngo": 0.6,
        "government": 0.5,
        "official": 0.5,
        "blog": 0.45,
        # Unvetted sites are cheap to create, and in corroboration an outlet's
        # reliability is its evidence strength: at 0.5, three unknown look-alike
        # sites would already "corroborate" a claim (1 - 0.5^3 = 0.875).
        "unknown": 0.4,
        "state_media": 0.35,
        "social": 0.35,
    },
    "default_prior_strength": 10,
    "unrated_prior_strength": 2,
    "half_life_days": 365,
    "hedge_factor": 0.5,
    "competing_factor": 1.0,
    "labels": {
        "reliability": dict(_DEFAULT_RELIABILITY_LABELS),
        "corroboration": dict(_DEFAULT_CORROBORATION_LABELS),
    },
    # Learned accuracy enters an outlet's posterior as this many pseudo-observations per
    # contested item the estimate rests on, capped; 0 switches it off. 0.5 had the smallest
    # worst-case error against true accuracy (README, "Learned reliability").
    "learned_weight": 0.5,
    "learned_max_observations": 20.0,
}

_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_]{0,63}$")
_REQUIRED = (
    "version",
    "criteria",
    "kind_priors",
    "default_prior_strength",
    "unrated_prior_strength",
    "half_life_days",
    "hedge_factor",
    "competing_factor",
)
_OPTIONAL = ("labels", "learned_weight", "learned_max_observations")


def default_config() -> ScoringConfig:
    return ScoringConfig.from_dict(copy.deepcopy(DEFAULT_CONFIG_DICT))


# Every number in a config is a weight, a strength, a prior or a number of days, far below
# this. The bound keeps the engine's sums and products finite: criteria weights of 1e308
# passed validation and then overflowed ``fsum`` in every scoring run.
MAGNITUDE = 1e9


def _is_number(v: Any) -> bool:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return False
    # isfinite() converts an int to float, which overflows for a 400-digit one.
    return isinstance(v, int) or math.isfinite(v)


def _number(
    errors: dict[str, list[str]],
    path: str,
    v: Any,
    lo: float | None = None,
    hi: float | None = None,
    lo_open: bool = False,
) -> None:
    if not _is_number(v):
        errors.setdefault(path, []).append("must be a finite number")
        return
    lo = -MAGNITUDE if lo is None else lo
    hi = MAGNITUDE if hi is None else hi
    if v <= lo if lo_open else v < lo:
        errors.setdefault(path, []).append(f"must be {'>' if lo_open else '>='} {lo:g}")
    if v > hi:
        errors.setdefault(path, []).append(f"must be <= {hi:g}")


def validate_config_dict(d: Any) -> dict[str, list[str]]:
    """Field path -> error messages; an empty dict means `d` is a valid config."""
    errors: dict[str, list[str]] = {}
    if not isinstance(d, Mapping):
        return {"_schema": ["must be an object"]}
    for k in d:
        if k not in _REQUIRED and k not in _OPTIONAL:
            errors.setdefault(str(k), []).append("unknown field")
    for k in _REQUIRED:
        if k not in d:
            errors.setdefault(k, []).append("missing required field")

    if "version" in d:
        v = d["version"]
        if not (isinstance(v, int) and not isinstance(v, bool) and v >= 1):
            errors.setdefault("version", []).append("must be an integer >= 1")

    if "criteria" in d:
        crit = d["criteria"]
        if not isinstance(crit, Mapping) or not crit:
            errors.setdefault("criteria", []).append("must be a non-empty {name: weight} object")
        else:
            for name, w in crit.items():
                if not (isinstance(name, str) and _NAME_RE.match(name)):
                    errors.setdefault("criteria", []).append(f"invalid criterion name {name!r}")
                    continue
                _number(errors, f"criteria.{name}", w, lo=0)
            weights = [w for w in crit.values() if _is_number(w) and w >= 0]
            if len(weights) == len(crit) and sum(weights) <= 0:
                errors.setdefault("criteria", []).append("weights must not all be zero")

    if "kind_priors" in d:
        kp = d["kind_priors"]
        if not isinstance(kp, Mapping):
            errors.setdefault("kind_priors", []).append("must be a {kind: prior} object")
        else:
            for kind, p in kp.items():
                if kind not in OUTLET_KINDS:
                    errors.setdefault("kind_priors", []).append(f"unknown outlet kind {kind!r}")
                    continue
                _number(errors, f"kind_priors.{kind}", p, lo=0, hi=1)
            if "unknown" not in kp:
                errors.setdefault("kind_priors", []).append(
                    "must include 'unknown' (the fallback for unlisted kinds)"
                )

    for k in ("default_prior_strength", "unrated_prior_strength"):
        if k in d:
            _number(errors, k, d[k], lo=0)
    if "half_life_days" in d:
        _number(errors, "half_life_days", d["half_life_days"], lo=0, lo_open=True)
    # Factors above 1 could push a unit's strength above 1 and S or D out of [0, 1].
    for k in ("hedge_factor", "competing_factor"):
        if k in d:
            _number(errors, k, d[k], lo=0, hi=1)
    for k in ("learned_weight", "learned_max_observations"):
        if k in d:
            _number(errors, k, d[k], lo=0)

    if "labels" in d:
        _validate_labels(errors, d["labels"])
    return errors


def _validate_labels(errors: dict[str, list[str]], labels: Any) -> None:
    if not isinstance(labels, Mapping):
        errors.setdefault("labels", []).append("must be an object")
        return
    for k in labels:
        if k not in ("reliability", "corroboration"):
            errors.setdefault(f"labels.{k}", []).append("unknown field")
    rel = labels.get("reliability") or {}
    cor = labels.get("corroboration") or {}
    for part, given, defaults in (
        ("reliability", rel, _DEFAULT_RELIABILITY_LABELS),
        ("corroboration", cor, _DEFAULT_CORROBORATION_LABELS),
    ):
        if not isinstance(given, Mapping):
            errors.setdefault(f"labels.{part}", []).append("must be an object")
            return
        for k in given:
            if k not in defaults:
                errors.setdefault(f"labels.{part}.{k}", []).append("unknown field")
    for k in _DEFAULT_RELIABILITY_LABELS:
        if k in rel:
            _number(errors, f"labels.reliability.{k}", rel[k], lo=0, hi=100)
    for k in _DEFAULT_CORROBORATION_LABELS:
        if k not in cor:
            continue
        if k == "corroborated_min_units":
            v = cor[k]
            if not (isinstance(v, int) and not isinstance(v, bool) and v >= 1):
                errors.setdefault(f"labels.corroboration.{k}", []).append("must be an integer >= 1")
        else:
            _number(errors, f"labels.corroboration.{k}", cor[k], lo=0, hi=1)
    if any(k.startswith("labels.") for k in errors):
        return
    r = {**_DEFAULT_RELIABILITY_LABELS, **rel}
    if not r["high"] > r["generally_reliable"] > r["mixed"]:
        errors.setdefault("labels.reliability", []).append(
            "thresholds must satisfy high > generally_reliable > mixed"
        )
    c = {**_DEFAULT_CORROBORATION_LABELS, **cor}
    if not c["corroborated"] >= c["partially_corroborated"] >= c["weakly_corroborated"]:
        errors.setdefault("labels.corroboration", []).append(
            "thresholds must satisfy corroborated >= partially_corroborated >= weakly_corroborated"
        )
