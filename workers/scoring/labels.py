"""Label rules for outlet scores and claim corroboration."""

from __future__ import annotations

from .config import CorroborationLabels, ReliabilityLabels

RELIABILITY_LABELS: tuple[str, ...] = ("high", "generally_reliable", "mixed", "low", "unrated")
CORROBORATION_LABELS: tuple[str, ...] = (
    "refuted",
    "disputed",
    "corroborated",
    "partially_corroborated",
    "weakly_corroborated",
    "uncorroborated",
)


def reliability_label(score: int, t: ReliabilityLabels) -> str:
    """Label of a rated outlet from its integer score (DESIGN: "labels by score")."""
    if score >= t.high:
        return "high"
    if score >= t.generally_reliable:
        return "generally_reliable"
    if score >= t.mixed:
        return "mixed"
    return "low"


def corroboration_label(
    support: float, dispute: float, c: float, independent_units: int, t: CorroborationLabels
) -> str:
    """Exactly one label for any (S, D), first matching rule wins.

    DESIGN.md's conditions overlap (a disputed claim can also have c >= .2) and leave
    a gap (S < .5 with .5 <= D < .8 and c < .2 matches nothing), so the order is:

    1. refuted                D >= .8 and S < .5
    2. disputed               S >= .5 and D >= .5
    3. corroborated           c >= .8 and >= 2 independent supporting units
    4. partially_corroborated c >= .5
    5. weakly_corroborated    c >= .2
    6. uncorroborated         D < .5
    7. disputed               the gap: real dispute (D >= .5) that is neither strong
                              enough to refute nor answered by enough support to
                              corroborate; "uncorroborated" would hide the dispute.
    """
    if dispute >= t.refuted_dispute and support < t.refuted_support:
        return "refuted"
    if support >= t.disputed_support and dispute >= t.disputed_dispute:
        return "disputed"
    if c >= t.corroborated and independent_units >= t.corroborated_min_units:
        return "corroborated"
    if c >= t.partially_corroborated:
        return "partially_corroborated"
    if c >= t.weakly_corroborated:
        return "weakly_corroborated"
    if dispute < t.disputed_dispute:
        return "uncorroborated"
    return "disputed"
