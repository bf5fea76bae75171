"""Credence scoring engine: pure functions from plain data to scores and explanations.

No I/O, no clock reads (`now` is passed in), no global state; the workers load data,
call these functions and store `result.to_dict()`. Imports nothing of ours outside this
package (``make lint`` holds it to that).
"""

from __future__ import annotations

from .config import ConfigError, ScoringConfig, default_config
from .corroboration import score_claim
from .defaults import DEFAULT_CONFIG_DICT, CorroborationLabels, MatchingThresholds, ReliabilityLabels
from .labels import (
    CORROBORATION_LABELS,
    RELIABILITY_LABELS,
    corroboration_label,
    reliability_label,
)
from .propagation import change_events, label_changed, score_changed
from .reliability import credible_interval, score_outlet
from .types import (
    OUTLET_KINDS,
    RATING_OUTCOMES,
    STANCES,
    AppearanceInput,
    ClaimInput,
    Corroboration,
    LearnedAccuracy,
    OutletInfo,
    OutletInput,
    ProfileInput,
    Reliability,
    TrackRecordItem,
    Unit,
    VerdictInput,
)
from .validation import validate_config_dict

__all__ = [
    "CORROBORATION_LABELS",
    "DEFAULT_CONFIG_DICT",
    "OUTLET_KINDS",
    "RATING_OUTCOMES",
    "RELIABILITY_LABELS",
    "STANCES",
    "AppearanceInput",
    "ClaimInput",
    "ConfigError",
    "Corroboration",
    "CorroborationLabels",
    "LearnedAccuracy",
    "MatchingThresholds",
    "OutletInfo",
    "OutletInput",
    "ProfileInput",
    "Reliability",
    "ReliabilityLabels",
    "ScoringConfig",
    "TrackRecordItem",
    "Unit",
    "VerdictInput",
    "change_events",
    "corroboration_label",
    "credible_interval",
    "default_config",
    "label_changed",
    "reliability_label",
    "score_changed",
    "score_claim",
    "score_outlet",
    "validate_config_dict",
]
