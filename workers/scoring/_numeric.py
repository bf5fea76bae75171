"""Small numeric helpers shared by the scoring modules."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

# 100·p is computed in floating point, so a NewsGuard-style 87.5 can come out as
# 87.49999999999999; snapping to this many decimals first makes halves round the
# same way whatever arithmetic path produced them. 9 is far above float noise
# (~1e-13 here) yet fine enough that a genuine 67.49999996 still rounds down.
_SNAP_DECIMALS = 9


def half_up(x: float) -> int:
    """Round to the nearest integer, halves away from zero (87.5 -> 88, 62.5 -> 63).

    Python's round() uses banker's rounding (62.5 -> 62, 87.5 -> 88), which makes
    NewsGuard point totals round inconsistently; scores are never negative, so
    floor(x + 0.5) is "half up" here.
    """
    return math.floor(round(x, _SNAP_DECIMALS) + 0.5)


def round_floats(obj: Any, digits: int) -> Any:
    """Copy of a JSON-like structure with every float rounded to `digits` decimals."""
    if isinstance(obj, bool):
        return obj
    if isinstance(obj, float):
        return round(obj, digits)
    if isinstance(obj, Mapping):
        return {k: round_floats(v, digits) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [round_floats(v, digits) for v in obj]
    return obj


def check_unit_interval(value: float, what: str) -> float:
    if not (isinstance(value, (int, float)) and 0.0 <= value <= 1.0):
        raise ValueError(f"{what} must be a number in [0, 1], got {value!r}")
    return float(value)


def as_utc(t: datetime) -> datetime:
    # Naive datetimes are taken to be UTC (the API stores RFC 3339 UTC) so that a
    # naive/aware mix from different callers cannot raise mid-rescore.
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t


def age_days(then: datetime, now: datetime) -> float:
    # A verdict dated in the future (clock skew, typo) counts as brand new rather
    # than gaining weight > 1.
    return max(0.0, (as_utc(now) - as_utc(then)).total_seconds() / 86400.0)
