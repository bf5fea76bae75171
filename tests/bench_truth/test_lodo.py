"""The leave-one-dataset-out choice."""

from __future__ import annotations

from bench.truth import lodo
from workers.truth.models.credence_model import Settings


def test_choose_takes_the_best_admissible_gain_ties_to_the_earlier_point() -> None:
    vote = {"a": 0.5, "b": 0.5, "c": 0.5}
    n = len(lodo.GRID)
    grid = {name: [0.5] * n for name in vote}
    grid["a"][3] = grid["b"][3] = 0.9  # best on a and b, but inadmissible
    grid["a"][5] = grid["b"][5] = 0.7
    grid["a"][6] = grid["b"][6] = 0.7  # a tie with 5: the earlier point wins
    ok = [k != 3 for k in range(n)]
    assert lodo.choose(vote, grid, ["a", "b"], ok) == 5
    assert lodo.choose(vote, grid, ["c"], ok) == 0


def test_the_shipped_settings_are_in_the_grid() -> None:
    assert Settings() in lodo.GRID
