from __future__ import annotations

import pytest

from workers.scoring._numeric import half_up, round_floats


@pytest.mark.parametrize(
    ("x", "expected"),
    [
        (87.5, 88),
        (62.5, 63),  # banker's rounding would give 62
        (0.5, 1),
        (87.49999999999999, 88),  # float noise around a NewsGuard half point
        (60.49999999999999, 61),
        (67.49999996439313, 67),  # a genuine value just below the half (hypothesis find)
        (67.50000001, 68),
        (99.4, 99),
        (0.0, 0),
        (100.0, 100),
    ],
)
def test_half_up(x: float, expected: int) -> None:
    assert half_up(x) == expected


def test_round_floats_keeps_bools_and_ints() -> None:
    assert round_floats({"a": [1.23456789, True, 3], "b": (0.5,)}, 3) == {
        "a": [1.235, True, 3],
        "b": [0.5],
    }
