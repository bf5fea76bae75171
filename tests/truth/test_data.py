"""Plain normalised format and the sparse encoding."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from workers.truth.data import (
    argmax_per_item,
    encode,
    item_softmax,
    read_claims_tsv,
    read_gold_tsv,
    write_claims_tsv,
    write_gold_tsv,
)


def test_plain_format_round_trip(tmp_path: Path) -> None:
    claims = [("s1", ("obj 1", "authors"), "knuth; plass"), ("s2", ("obj 1", "authors"), "knuth")]
    gold = {("obj 1", "authors"): "knuth; plass"}
    write_claims_tsv(tmp_path / "c.tsv", claims)
    write_gold_tsv(tmp_path / "g.tsv", gold)
    assert read_claims_tsv(tmp_path / "c.tsv") == claims
    assert read_gold_tsv(tmp_path / "g.tsv") == gold


def test_reader_skips_blank_lines_and_rejects_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "c.tsv"
    path.write_text("a\to\tattr\t1\n\n", encoding="utf-8")
    assert read_claims_tsv(path) == [("a", ("o", "attr"), "1")]
    path.write_text("a\to\t1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="4 tab-separated"):
        read_claims_tsv(path)
    gold = tmp_path / "g.tsv"
    gold.write_text("o\tattr\n", encoding="utf-8")
    with pytest.raises(ValueError, match="3 tab-separated"):
        read_gold_tsv(gold)


def test_quotes_are_data_not_syntax(tmp_path: Path) -> None:
    path = tmp_path / "c.tsv"
    path.write_text('a\to\tattr\t"quoted" value\n', encoding="utf-8")
    assert read_claims_tsv(path)[0][2] == '"quoted" value'


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
