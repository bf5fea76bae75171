from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workers.scoring import (
    CORROBORATION_LABELS,
    CorroborationLabels,
    ReliabilityLabels,
    corroboration_label,
    reliability_label,
)

T = CorroborationLabels()
unit = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


def label(s: float, d: float, units: int = 2) -> str:
    return corroboration_label(s, d, s * (1 - d), units, T)


@pytest.mark.parametrize(
    ("score", "expected"),
    [(100, "high"), (75, "high"), (74, "generally_reliable"), (60, "generally_reliable"),
     (59, "mixed"), (40, "mixed"), (39, "low"), (0, "low")],
)  # fmt: skip
def test_reliability_thresholds(score: int, expected: str) -> None:
    assert reliability_label(score, ReliabilityLabels()) == expected


@pytest.mark.parametrize(
    ("s", "d", "units", "expected"),
    [
        (0.0, 0.8, 0, "refuted"),  # D >= .8 and S < .5
        (0.49, 0.95, 1, "refuted"),
        (0.5, 0.95, 3, "disputed"),  # S >= .5 overrides refuted
        (0.9, 0.5, 3, "disputed"),  # c = .45 would be weakly; disputed wins
        (0.5, 0.5, 1, "disputed"),
        (0.9, 0.0, 2, "corroborated"),
        (0.9, 0.0, 1, "partially_corroborated"),  # one unit cannot corroborate
        (0.8, 0.0, 2, "corroborated"),
        (0.5, 0.0, 1, "partially_corroborated"),
        (0.45, 0.5, 1, "weakly_corroborated"),  # c = .225: the DESIGN rules allow it
        (0.2, 0.0, 1, "weakly_corroborated"),
        (0.19, 0.49, 1, "uncorroborated"),
        (0.0, 0.0, 0, "uncorroborated"),
        (0.3, 0.6, 1, "disputed"),  # the gap: c = .12, .5 <= D < .8, S < .5
        (0.0, 0.79, 0, "disputed"),
    ],
)
def test_corroboration_label_table(s: float, d: float, units: int, expected: str) -> None:
    assert label(s, d, units) == expected


@given(s=unit, d=unit, units=st.integers(min_value=0, max_value=5))
def test_every_s_d_gets_one_label_consistent_with_design(s: float, d: float, units: int) -> None:
    c = s * (1 - d)
    got = corroboration_label(s, d, c, units, T)
    assert got in CORROBORATION_LABELS
    # Each label's own DESIGN.md condition holds (the gap fallback documented for disputed).
    conditions = {
        "refuted": d >= 0.8 and s < 0.5,
        "disputed": (s >= 0.5 and d >= 0.5) or (d >= 0.5 and c < 0.2),
        "corroborated": c >= 0.8 and units >= 2,
        "partially_corroborated": c >= 0.5,
        "weakly_corroborated": c >= 0.2,
        "uncorroborated": c < 0.2 and d < 0.5,
    }
    assert conditions[got]
    # ... and no label earlier in the precedence order also applied.
    order = list(CORROBORATION_LABELS)
    strict = {**conditions, "disputed": s >= 0.5 and d >= 0.5}
    assert not any(strict[lbl] for lbl in order[: order.index(got)])
