"""End-to-end on the real Books corpus (skipped when the shared data is absent)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.truth.harness import run_benchmark
from bench.truth.normalise import load_dataset

DATA = Path(os.environ.get("CREDENCE_TRUTH_DATA",
                           Path(__file__).resolve().parents[3] / "shared/data/truth"))


@pytest.mark.skipif(not (DATA / "books" / "claims.txt").exists(), reason="no shared data")
def test_books_credence_precision() -> None:
    data = load_dataset("books", DATA)
    assert len(data.gold) == 100
    report = run_benchmark(data, ["vote", "credence"], crowdkit=False)
    scores = {s.name: s for s in report.scores}
    assert scores["credence"].gold_items == 100
    assert scores["credence"].precision >= 0.87
    assert scores["credence"].precision > scores["vote"].precision
