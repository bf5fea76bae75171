from __future__ import annotations

import pytest

from tests.support.scoring import NOW
from workers.scoring import (
    OutletInput,
    change_events,
    default_config,
    label_changed,
    score_changed,
    score_outlet,
)


def test_score_changed_on_int_score_or_label_only() -> None:
    assert score_changed(None, {"score": 10, "label": "low"})
    assert not score_changed({"score": 10, "label": "low"}, {"score": 10, "label": "low"})
    assert score_changed({"score": 10, "label": "low"}, {"score": 11, "label": "low"})
    assert score_changed({"score": 10, "label": "low"}, {"score": 10, "label": "mixed"})


def test_works_with_score_objects_and_ignores_sub_point_drift() -> None:
    cfg = default_config()
    a = score_outlet(OutletInput("x", "news"), cfg, NOW)
    b = score_outlet(OutletInput("x", "news"), cfg, NOW)
    assert not score_changed(a, b)
    assert not score_changed(a.to_dict(), b)
    assert not label_changed(a, b)


def test_change_events() -> None:
    old, new = {"score": 50, "label": "weakly_corroborated"}, {"score": 55, "label": "disputed"}
    assert change_events("claim", old, new) == ["claim.score_changed", "claim.label_changed"]
    assert change_events("claim", None, new) == ["claim.score_changed"]
    assert change_events("outlet", {"score": 60, "label": "mixed"}, new) == ["outlet.score_changed"]
    assert change_events("outlet", new, new) == []
    with pytest.raises(ValueError):
        change_events("article", old, new)
