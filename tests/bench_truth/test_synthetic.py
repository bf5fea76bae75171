"""The synthetic worlds: deterministic, and each regime has the shape it claims."""

from __future__ import annotations

from collections import Counter

import pytest

from bench.truth.regimes import REGIMES, markdown
from bench.truth.synthetic import ADVERSARIAL, SPAMMER, CopyGroup, Mix, Regime, source_accuracy, world


def test_same_seed_same_world_and_snapshots_differ() -> None:
    regime = REGIMES["deep_web"]
    a, b = world(regime, 3, 1), world(regime, 3, 1)
    assert a.claims == b.claims and a.gold == b.gold
    assert world(regime, 3, 2).gold != a.gold


def test_sources_keep_their_accuracy_across_snapshots() -> None:
    regime = REGIMES["deep_web"]
    first = source_accuracy(world(regime, 0, 0))
    last = source_accuracy(world(regime, 0, regime.snapshots - 1))
    common = set(first) & set(last)
    assert len(common) > 30
    assert sum(abs(first[s] - last[s]) for s in common) / len(common) < 0.08


def test_gold_covers_exactly_the_answered_items() -> None:
    data = world(REGIMES["sparse"], 0, 0)
    assert {item for _s, item, _v in data.claims} == set(data.gold)


def test_copiers_repeat_their_original() -> None:
    regime = Regime("t", "", n_sources=3, n_objects=200, attributes=("category",),
                    mix=(Mix(1.0, (0.8, 0.8)),), domain=30,
                    groups=(CopyGroup(2, (0.3, 0.3), rate=1.0, garble=0.0, reach=(1, 1)),))
    data = world(regime, 0, 0)
    answers: dict[str, dict[object, str]] = {}
    for s, item, v in data.claims:
        answers.setdefault(s, {})[item] = v
    orig = answers["orig0"]
    for copier in ("copy0-0", "copy0-1"):
        assert all(orig[i] == v for i, v in answers[copier].items())
    assert source_accuracy(data)["orig0"] < 0.45


def test_spammers_and_adversaries_have_the_accuracy_their_kind_implies() -> None:
    regime = Regime("t", "", n_sources=20, n_objects=400, attributes=("category",), domain=5,
                    mix=(Mix(0.5, (0.9, 0.9)), Mix(0.25, (0, 0), SPAMMER),
                         Mix(0.25, (0.1, 0.1), ADVERSARIAL)), coverage=(1, 1))
    data = world(regime, 0, 0)
    acc = source_accuracy(data)
    honest = [acc[f"s{k:03d}"] for k in range(10)]
    spam = [acc[f"s{k:03d}"] for k in range(10, 15)]
    adversarial = [acc[f"s{k:03d}"] for k in range(15, 20)]
    assert min(honest) > 0.8 and max(spam) < 0.35 and max(adversarial) < 0.2
    # Adversaries repeat one lie: their wrong answers coincide.
    lies = Counter((item, v) for s, item, v in data.claims if s in {f"s{k:03d}" for k in range(15, 20)}
                   and v != data.gold[item])
    assert max(lies.values()) >= 4


@pytest.mark.parametrize("name", sorted(REGIMES))
def test_every_regime_generates(name: str) -> None:
    data = world(REGIMES[name], 0, 0)
    assert len(data.gold) > 50 and len(data.claims) > len(data.gold)


def test_markdown_table_marks_the_best_model() -> None:
    table = markdown({"r": {"vote": [0.5, 0.7], "credence": [0.9, 0.8], "vote:seconds": [0.1]}})
    assert "| r | 0.600 | **0.850** | +0.250 (+0.100) |" in table


def test_bench_truth_runs_a_synthetic_world() -> None:
    import json

    from click.testing import CliRunner

    from bench.truth.cli import bench_truth

    result = CliRunner().invoke(bench_truth, ["--synthetic", "clique", "--seed", "1", "--json",
                                              "--models", "vote,credence", "--no-progress"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["credence"]["precision"] > scores["vote"]["precision"]
