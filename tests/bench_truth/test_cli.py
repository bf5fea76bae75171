"""The bench-truth command: JSON shape, plain format, dataset mode, normalise output."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bench.truth import crowd
from bench.truth import harness as bench
from bench.truth.cli import bench_truth
from tests.support.truth_worlds import copier_world

OWN = {"vote", "truthfinder", "accu_nodep", "depen", "accu", "credence"}


@pytest.fixture
def plain_files(tmp_path: Path) -> tuple[Path, Path]:
    triples, truth = copier_world(n_items=40)
    claims = tmp_path / "claims.tsv"
    gold = tmp_path / "gold.tsv"
    claims.write_text("".join(f"{s}\t{i}\tanswer\t{v}\n" for s, i, v in triples), "utf-8")
    gold.write_text("".join(f"{i}\tanswer\t{v}\n" for i, v in truth.items()), "utf-8")
    return claims, gold


def test_json_output_is_one_object_with_every_model(plain_files: tuple[Path, Path]) -> None:
    claims, gold = plain_files
    result = CliRunner().invoke(
        bench_truth, ["--claims", str(claims), "--gold", str(gold), "--json", "--models",
                      ",".join(sorted(OWN)) + ",crowdkit_mv"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)  # stdout holds exactly one JSON document
    assert set(data) == OWN | {"crowdkit_mv"}
    for scores in data.values():
        assert 0.0 <= scores["precision"] <= 1.0
        assert scores["seconds"] >= 0.0
        assert scores["gold_items"] == 40
    assert data["credence"]["precision"] > data["vote"]["precision"]


CROWD = {"crowdkit_mv", "crowdkit_wawa", "crowdkit_ds", "crowdkit_mace"}


def _fast_crowdkit() -> dict[str, Callable[[Any], Any]]:
    # crowd-kit's MACE takes tens of seconds even on tiny data; the wiring is what is
    # tested here, so every name runs crowd-kit's MajorityVote.
    from crowdkit.aggregation import MajorityVote

    return dict.fromkeys(CROWD, lambda frame: MajorityVote().fit_predict(frame))


def test_default_run_includes_every_crowdkit_model(
    plain_files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("crowdkit")
    monkeypatch.setattr(crowd, "_factories", _fast_crowdkit)
    claims, gold = plain_files
    result = CliRunner().invoke(bench_truth, ["--claims", str(claims), "--gold", str(gold),
                                              "--json", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert set(json.loads(result.stdout)) == OWN | CROWD


def test_missing_crowdkit_is_reported_not_fatal(
    plain_files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bench, "crowdkit_status", lambda: "crowd-kit not importable (test)")
    claims, gold = plain_files
    result = CliRunner().invoke(bench_truth, ["--claims", str(claims), "--gold", str(gold),
                                              "--json", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert set(json.loads(result.stdout)) == OWN
    assert "crowd-kit not importable" in result.stderr
    table = CliRunner().invoke(bench_truth, ["--claims", str(claims), "--gold", str(gold),
                                             "--no-progress"])
    assert "crowd-kit not importable" in table.stdout


def test_table_output(plain_files: tuple[Path, Path]) -> None:
    claims, gold = plain_files
    result = CliRunner().invoke(bench_truth, ["--claims", str(claims), "--gold", str(gold),
                                              "--no-crowdkit", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "credence" in result.stdout and "precision" in result.stdout
    assert "copier pairs" in result.stdout
    assert "bad" in result.stdout  # the copier clique is listed


def test_usage_errors(plain_files: tuple[Path, Path], tmp_path: Path) -> None:
    claims, gold = plain_files
    runner = CliRunner()
    assert runner.invoke(bench_truth, ["--claims", str(claims)]).exit_code != 0
    assert runner.invoke(bench_truth, []).exit_code != 0
    assert runner.invoke(bench_truth, ["books", "--data-dir", str(tmp_path)]).exit_code != 0
    bad = runner.invoke(bench_truth, ["--claims", str(claims), "--gold", str(gold),
                                      "--models", "nope"])
    assert bad.exit_code != 0 and "unknown model" in bad.output


def _raw(fields: list[str]) -> str:
    return "|\t".join(fields) + "|\t\n"


def test_dataset_mode_and_normalise_output(tmp_path: Path) -> None:
    books = tmp_path / "books"
    books.mkdir()
    rows = [
        ["1", "", "0001", "AuthorsNamesList", "Knuth, Donald E.", "storeA", "null"],
        ["2", "", "0001", "AuthorsNamesList", "Donald Knuth", "storeB", "null"],
        ["3", "", "0001", "AuthorsNamesList", "Knuth", "storeC", "null"],
        ["4", "", "0002", "AuthorsNamesList", "Graham, Ronald; Knuth, Donald", "storeA", "null"],
        ["5", "", "0002", "AuthorsNamesList", "Graham, R.", "storeC", "null"],
        ["6", "", "0002", "AuthorsNamesList", "Not Available", "storeB", "null"],
    ]
    (books / "claims.txt").write_text("".join(_raw(r) for r in rows), "utf-8")
    (books / "truth_book_golden.txt").write_text(
        "0001\tknuth, donald e.;  \n0002\tgraham, ronald;  knuth, donald;  \n", "utf-8")
    out = tmp_path / "plain"
    runner = CliRunner(env={"CREDENCE_TRUTH_DATA": str(tmp_path)})
    result = runner.invoke(bench_truth, ["books", "--out", str(out), "--normalise-only"])
    assert result.exit_code == 0, result.output
    assert (out / "gold.tsv").read_text("utf-8") == "0001\tauthors\tknuth\n" \
        "0002\tauthors\tgraham; knuth\n"
    assert "storeB\t0001\tauthors\tknuth\n" in (out / "claims.tsv").read_text("utf-8")
    result = runner.invoke(bench_truth, ["books", "--json", "--no-crowdkit"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["vote"]["gold_items"] == 2
    assert data["vote"]["precision"] == 1.0
