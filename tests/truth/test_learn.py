"""The DB-independent API the worker job calls."""

from __future__ import annotations

import random

from tests.support.truth_worlds import copier_world
from workers.truth import LearnResult, connected_components, learn


def test_learn_returns_everything_the_job_stores() -> None:
    triples, truth = copier_world()
    result = learn(triples)
    assert isinstance(result, LearnResult)
    assert set(result.accuracy) == {s for s, _, _ in triples}
    assert all(0.0 < a < 1.0 for a in result.accuracy.values())
    correct = sum(result.truths[item] == value for item, value in truth.items())
    assert correct / len(truth) > 0.9
    pairs = {frozenset((a, b)) for a, b, _ in result.dependent_pairs}
    assert frozenset(("copy0", "copy1")) in pairs
    assert all(0.5 < p <= 1.0 for _, _, p in result.dependent_pairs)
    # 60 rich items are shared by everyone; every honest source answers > 60 items.
    assert result.observations["honest0"] >= 60
    assert all(0.0 < c <= 1.0 for c in result.confidence.values())


def test_learn_is_independent_of_input_order() -> None:
    triples, _ = copier_world(seed=3)
    shuffled = triples[:]
    random.Random(1).shuffle(shuffled)
    a, b = learn(triples), learn(shuffled)
    assert a.truths == b.truths
    assert all(abs(a.accuracy[s] - b.accuracy[s]) < 1e-6 for s in a.accuracy)


def test_exact_ties_do_not_depend_on_input_order() -> None:
    triples = [("a", "q", "x"), ("b", "q", "y")]  # two fresh sources: a perfect tie
    assert learn(triples).truths == learn(triples[::-1]).truths


def test_priors_and_groups() -> None:
    triples = [("n1", "q", "A"), ("n2", "q", "A"), ("n3", "q", "A"), ("i1", "q", "B"),
               ("i2", "q", "B")]
    assert learn(triples).truths["q"] == "A"
    grouped = learn(triples, groups={"n1": "net", "n2": "net", "n3": "net"})
    assert grouped.truths["q"] == "B"
    trusted = learn(triples, priors={"i1": (0.99, 100.0), "i2": (0.99, 100.0)})
    assert trusted.truths["q"] == "B"
    assert trusted.accuracy["i1"] > 0.95


def test_observations_count_only_shared_items() -> None:
    result = learn([("a", "q", "1"), ("b", "q", "1"), ("a", "lonely", "2")])
    assert result.observations == {"a": 1.0, "b": 1.0}


def test_learn_on_nothing() -> None:
    assert learn([]) == LearnResult()


def test_connected_components_partition_by_source_and_item() -> None:
    apps = [("a", "q1", 1), ("b", "q1", 2), ("b", "q2", 3), ("c", "q3", 4), ("d", "q3", 4),
            ("e", "q4", 5)]
    parts = connected_components(apps)
    assert [len(p) for p in parts] == [3, 2, 1]
    assert parts[0] == apps[:3]
    assert sorted(a for part in parts for a in part) == sorted(apps)
    assert connected_components([]) == []


def test_learning_per_component_matches_learning_on_all() -> None:
    left, _ = copier_world(seed=1)
    right = [(f"r-{s}", f"r-{i}", v) for s, i, v in copier_world(seed=2)[0]]
    whole = learn(left + right)
    parts = [learn(p) for p in connected_components(left + right)]
    merged = {k: v for p in parts for k, v in p.truths.items()}
    assert merged == whole.truths
    accuracy = {k: v for p in parts for k, v in p.accuracy.items()}
    assert all(abs(accuracy[s] - whole.accuracy[s]) < 1e-9 for s in whole.accuracy)
