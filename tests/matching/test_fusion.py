from __future__ import annotations

import pytest

from workers.matching.fusion import rrf_scores


def test_rrf_rewards_agreement_and_weights_dense():
    s = rrf_scores([0, 1, None, 2], [1, None, 0, 0], k=10, dense_weight=1.5)
    assert s[0] == pytest.approx(1 / 11 + 1.5 / 12)
    assert s[1] == pytest.approx(1 / 12)
    assert s[2] == pytest.approx(1.5 / 11)
    assert s[0] > s[2] > s[1]


def test_rrf_with_one_side_missing_keeps_that_sides_order():
    s = rrf_scores([2, 0, 1], [None, None, None])
    assert list(s.argsort()[::-1]) == [1, 2, 0]
