"""The sparse encoding of truth-discovery input."""

from __future__ import annotations

import numpy as np
import pytest

from workers.truth.dataset import argmax_per_item, encode, item_softmax


def test_encode_keeps_last_answer_per_source_and_item() -> None:
    problem = encode([("s", "q", "1"), ("t", "q", "1"), ("s", "q", "2")])
    assert problem.n_apps == 2
    values = {problem.sources[s]: problem.claim_values[c]
              for s, c in zip(problem.app_source, problem.app_claim, strict=True)}
    assert values == {"s": "2", "t": "1"}


def test_item_softmax_and_argmax() -> None:
    problem = encode([("a", "q", "x"), ("b", "q", "y"), ("c", "r", "z")])
    p = item_softmax(problem, np.array([0.0, np.log(3.0), 5.0]))
    assert p[:2] == pytest.approx([0.25, 0.75])
    assert p[2] == pytest.approx(1.0)
    assert list(argmax_per_item(problem, np.array([1.0, 1.0, 0.0]))) == [0, 2]  # tie: first
    with_none = item_softmax(problem, np.array([0.0, 0.0, 0.0]), 2.0)
    assert with_none[:2] == pytest.approx([0.25, 0.25])
