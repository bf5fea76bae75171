"""Plain-data inputs and outputs of the scoring engine.

Everything here is immutable and free of I/O: workers build inputs from the DB,
the engine returns these results, and `to_dict()` gives the JSON stored and served.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from ._numeric import round_floats

OUTLET_KINDS: tuple[str, ...] = (
    "news",
    "wire",
    "broadcaster",
    "magazine",
    "blog",
    "state_media",
    "government",
    "official",
    "ngo",
    "fact_checker",
    "social",
    "unknown",
)

STANCES: tuple[str, ...] = ("supports", "refutes", "neutral")

# Verdict rating -> outcome y; None means the verdict carries no outcome.
RATING_OUTCOMES: Mapping[str, float | None] = {
    "true": 1.0,
    "mostly_true": 0.75,
    "mixed": 0.5,
    "mostly_false": 0.25,
    "false": 0.0,
    "unproven": None,
}

# Display precision: headline numbers like the DESIGN example (0.7214), more for the
# explanation so a reader can recompute alpha/beta by hand.
HEADLINE_DIGITS = 4
EXPLANATION_DIGITS = 6


# ---------------------------------------------------------------- outlet inputs


@dataclass(frozen=True)
class ProfileInput:
    id: str
    version: int
    criteria: Mapping[str, float]  # criterion -> rating in [0, 1]; missing = not rated
    prior_strength: float | None = None


@dataclass(frozen=True)
class TrackRecordItem:
    """One appearance of the scored outlet on a claim that has a verdict.

    Pass every (verdict, appearance) pair raw, where the outlet is the appearance's
    publisher or its origin; the engine decides whether the outlet vouched (see
    `reliability.score_outlet`). `stance` and `hedged` are the appearance's: the
    stance is what the origin is reported to say, as relayed by the publisher.
    `is_origin` is true when the outlet is the appearance's origin (explicitly, or
    as a first-hand publisher with origin null).
    """

    claim: str
    verdict: str  # verdict id
    reviewer: str  # reviewer outlet id
    rating: str
    reviewed_at: datetime
    stance: str
    hedged: bool = False
    is_origin: bool = False


@dataclass(frozen=True)
class LearnedAccuracy:
    accuracy: float  # in [0, 1], e.g. from truth discovery
    observations: float  # effective number of claims behind the estimate
    # What the estimate rests on (items, contested answers, agreement with the profile),
    # carried into the explanation as given.
    evidence: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class OutletInput:
    id: str
    kind: str
    profile: ProfileInput | None = None
    track_record: Sequence[TrackRecordItem] = ()
    learned: LearnedAccuracy | None = None


# ---------------------------------------------------------------- outlet output


@dataclass(frozen=True)
class Reliability:
    outlet: str
    score: int
    reliability: float
    interval: tuple[float, float]
    label: str
    profile_version: int | None
    config_version: int
    explanation: dict[str, Any]  # exact values; rounded only by to_dict()

    def to_dict(self) -> dict[str, Any]:
        """DESIGN.md "Outlet score body" without `computed_at` (the caller adds it)."""
        return {
            "outlet": self.outlet,
            "score": self.score,
            "reliability": round(self.reliability, HEADLINE_DIGITS),
            "interval": [round(x, HEADLINE_DIGITS) for x in self.interval],
            "label": self.label,
            "profile_version": self.profile_version,
            "config_version": self.config_version,
            "explanation": round_floats(self.explanation, EXPLANATION_DIGITS),
        }


# ---------------------------------------------------------------- claim inputs


@dataclass(frozen=True)
class AppearanceInput:
    id: str
    publisher: str
    origin: str | None = None  # None = first-hand (the publisher itself)
    stance: str = "supports"
    hedged: bool = False


@dataclass(frozen=True)
class VerdictInput:
    id: str
    reviewer: str
    rating: str


@dataclass(frozen=True)
class ClaimInput:
    id: str
    question: str | None = None
    appearances: Sequence[AppearanceInput] = ()
    verdicts: Sequence[VerdictInput] = ()


@dataclass(frozen=True)
class OutletInfo:
    """What corroboration needs to know about an outlet.

    `unit_key`, when set, replaces the network as the independence key (learned copy
    detection). Set it on *every* outlet of a merged group: outlets are one unit
    exactly when their keys are equal.
    """

    reliability: float
    network: str | None = None
    unit_key: str | None = None


# ---------------------------------------------------------------- claim output


class Unit(NamedTuple):
    """One independent evidence unit.

    A NamedTuple rather than a frozen dataclass only for speed: a claim can have a
    thousand units and frozen-dataclass construction was a third of scoring time.
    """

    key: str  # "network:<slug>", "group:<unit_key>" or "outlet:<id>"
    stance: str  # "supports" | "refutes"
    strength: float
    kind: str  # kind of the strongest member: "appearance" | "verdict" | "competitor"
    appearances: tuple[str, ...] = ()  # this claim's appearance ids
    verdicts: tuple[str, ...] = ()  # this claim's verdict ids
    via: tuple[str, ...] = ()  # competitor claim ids whose support refutes this claim
    why: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "stance": self.stance,
            "strength": round(self.strength, HEADLINE_DIGITS),
            "kind": self.kind,
            "appearances": list(self.appearances),
            "verdicts": list(self.verdicts),
            "via": list(self.via),
            "why": self.why,
        }


@dataclass(frozen=True)
class Corroboration:
    claim: str
    score: int
    probability: float  # c
    support: float  # S
    dispute: float  # D
    label: str
    appearances: int
    publishers: int
    independent_units: int
    units: tuple[Unit, ...]
    config_version: int
    neutral: tuple[str, ...] = field(default=())  # neutral appearance ids (no unit)

    def to_dict(self) -> dict[str, Any]:
        """DESIGN.md claim `corroboration` body without `computed_at`/`stale`."""
        return {
            "score": self.score,
            "probability": round(self.probability, HEADLINE_DIGITS),
            "support": round(self.support, HEADLINE_DIGITS),
            "dispute": round(self.dispute, HEADLINE_DIGITS),
            "label": self.label,
            "appearances": self.appearances,
            "publishers": self.publishers,
            "independent_units": self.independent_units,
            "units": [u.to_dict() for u in self.units],
            "neutral": list(self.neutral),
            "config_version": self.config_version,
        }
