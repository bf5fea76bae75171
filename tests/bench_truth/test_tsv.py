"""The plain normalised format the benchmark harness reads and writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.truth.tsv import read_claims_tsv, read_gold_tsv, write_claims_tsv, write_gold_tsv


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
