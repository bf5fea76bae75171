"""The scoring config's defaults, written once: the label and matching thresholds are their
dataclasses' own, the rest is ``DEFAULT_CONFIG_DICT`` (``config/scoring.yaml`` ships equal
to it, and a test keeps it so)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any


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
class MatchingThresholds:
    """The claim matcher's decision thresholds on its probability that a new text is a
    known claim: at or above ``same`` it joins that claim; at or above ``candidate`` it is
    a new claim linked for an editor to review. Fitted on CheckThat! 2020 train (see
    README, "Claim matching": ``same`` merged at .969 precision on held-out pairs)."""

    same: float = 0.8136
    candidate: float = 0.1935


# The thresholds' defaults are the dataclasses' own, written once above.
DEFAULT_RELIABILITY_LABELS: dict[str, float] = asdict(ReliabilityLabels())
DEFAULT_CORROBORATION_LABELS: dict[str, float] = asdict(CorroborationLabels())
DEFAULT_MATCHING: dict[str, float] = asdict(MatchingThresholds())

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
        "reliability": dict(DEFAULT_RELIABILITY_LABELS),
        "corroboration": dict(DEFAULT_CORROBORATION_LABELS),
    },
    # Learned accuracy enters an outlet's posterior as this many pseudo-observations per
    # contested item the estimate rests on, capped; 0 switches it off. 0.5 had the smallest
    # worst-case error against true accuracy (README, "Learned reliability").
    "learned_weight": 0.5,
    "learned_max_observations": 20.0,
    "matching": dict(DEFAULT_MATCHING),
}

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_]{0,63}$")
REQUIRED = (
    "version",
    "criteria",
    "kind_priors",
    "default_prior_strength",
    "unrated_prior_strength",
    "half_life_days",
    "hedge_factor",
    "competing_factor",
)
OPTIONAL = ("labels", "learned_weight", "learned_max_observations", "matching")
