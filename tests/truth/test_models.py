"""Every model on small synthetic data whose answer is known."""

from __future__ import annotations

import numpy as np
import pytest

from bench.truth.models import MODELS
from tests.support.truth_worlds import Triple, clique_world, copier_world
from workers.truth.dataset import encode
from workers.truth.models.credence_model import credence
from workers.truth.models.dependence import dependence, false_coincidence


def _precision(model: str, triples: list[Triple], truth: dict[str, str]) -> float:
    problem = encode(triples)
    result = MODELS[model](problem)
    best = result.truths(problem)
    hits = sum(problem.claim_values[best[i]] == truth[item] for i, item in enumerate(problem.items))
    return hits / len(problem.items)


def test_vote_fails_when_copiers_outvote(copier_data: tuple[list[Triple], dict[str, str]]) -> None:
    assert _precision("vote", *copier_data) < 0.7


@pytest.mark.parametrize("model", ["credence", "accu"])
def test_dependence_aware_models_recover_truth(
    model: str, copier_data: tuple[list[Triple], dict[str, str]]
) -> None:
    assert _precision(model, *copier_data) >= 0.9


def test_credence_beats_vote_on_several_worlds() -> None:
    for seed in range(4):
        triples, truth = copier_world(seed=seed)
        assert _precision("credence", triples, truth) > _precision("vote", triples, truth) + 0.15


def test_credence_merges_copiers_not_honest_sources(
    copier_data: tuple[list[Triple], dict[str, str]],
) -> None:
    problem = encode(copier_data[0])
    result = credence(problem)
    names = {frozenset((problem.sources[a], problem.sources[b])) for a, b, _ in
             result.dependent_pairs}
    clique = {"bad", "copy0", "copy1"}
    assert {frozenset(("copy0", "copy1")), frozenset(("bad", "copy0"))} <= names
    assert all(pair <= clique for pair in names), "an honest source was called a copier"
    acc = dict(zip(problem.sources, result.accuracy, strict=True))
    assert min(acc[f"honest{h}"] for h in range(6)) > acc["bad"]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_credence_recovers_from_a_clique_that_wins_the_independent_fit(seed: int) -> None:
    triples, truth = clique_world(seed=seed)
    vote = _precision("vote", triples, truth)
    assert _precision("accu_nodep", triples, truth) < vote  # independence makes it worse
    assert _precision("credence", triples, truth) >= 0.95 > vote


def test_accuracy_learning_breaks_a_tie_towards_the_reliable_source() -> None:
    # "good" agrees with two independent witnesses on 30 items; on the last item it
    # stands alone against "poor", who was always contradicted.
    triples: list[Triple] = []
    for i in range(30):
        triples += [("good", f"i{i}", "x"), ("w1", f"i{i}", "x"), ("w2", f"i{i}", "x"),
                    ("poor", f"i{i}", f"y{i}")]
    triples += [("poor", "last", "wrong"), ("good", "last", "right")]
    for model in ("truthfinder", "accu_nodep", "accu", "credence"):
        problem = encode(triples)
        best = MODELS[model](problem).truths(problem)
        assert problem.claim_values[best[problem.items.index("last")]] == "right", model


def test_truthfinder_confidence_is_probability_like() -> None:
    problem = encode([("a", "q", "1"), ("b", "q", "1"), ("c", "q", "2")])
    result = MODELS["truthfinder"](problem)
    assert np.all((result.confidence > 0) & (result.confidence < 1))
    assert result.confidence[0] > result.confidence[1]


def test_credence_probabilities_sum_to_at_most_one_per_item(
    copier_data: tuple[list[Triple], dict[str, str]],
) -> None:
    problem = encode(copier_data[0])
    p = credence(problem).confidence
    per_item = np.bincount(problem.claim_item, weights=p)
    assert np.all(per_item <= 1 + 1e-9) and np.all(per_item > 0)


def test_lone_answer_probability_equals_its_sources_accuracy() -> None:
    # One answer, one unseen alternative: P = a / (a + (1 - a)) = a, the source's
    # accuracy (here its profile prior, as a lone answer is no evidence about it).
    problem = encode([("a", "q", "1")])
    result = credence(problem, {0: (0.8, 10.0)})
    assert result.accuracy[0] == pytest.approx(0.8)
    assert result.confidence[0] == pytest.approx(0.8)


def test_declared_group_counts_once() -> None:
    # Three outlets of one network repeat a value; two independent outlets disagree.
    triples = [(s, "q", "network-line") for s in ("n1", "n2", "n3")]
    triples += [("i1", "q", "other"), ("i2", "q", "other")]
    groups = {"n1": "net", "n2": "net", "n3": "net"}
    problem = encode(triples, groups)
    best = credence(problem).truths(problem)
    assert problem.claim_values[best[0]] == "other"
    ungrouped = encode(triples)
    assert ungrouped.claim_values[credence(ungrouped).truths(ungrouped)[0]] == "network-line"


def test_profile_prior_moves_reliability() -> None:
    triples = [("a", "q", "1"), ("b", "q", "2")]
    problem = encode(triples)
    trusted = credence(problem, {0: (0.95, 50.0)})
    assert trusted.accuracy[0] > 0.9
    assert problem.claim_values[trusted.truths(problem)[0]] == "1"
    distrusted = credence(problem, {0: (0.05, 50.0)})
    assert problem.claim_values[distrusted.truths(problem)[0]] == "2"


def test_dependence_posterior_separates_copier_from_independent() -> None:
    triples, truth = copier_world()
    problem = encode(triples)
    # Test the detector against the true answers: copiers share false values.
    p_true = np.array([1.0 if truth[problem.items[i]] == v else 0.0
                       for i, v in zip(problem.claim_item, problem.claim_values, strict=True)])
    hits = np.bincount(problem.app_source, weights=p_true[problem.app_claim])
    acc = hits / problem.source_counts()
    stats, post = dependence(problem, p_true, acc, phi=false_coincidence(problem))
    index = {name: i for i, name in enumerate(problem.sources)}
    pair = {(int(a), int(b)): float(q) for a, b, q in zip(stats.a, stats.b, post, strict=True)}

    def prob(x: str, y: str) -> float:
        i, j = sorted((index[x], index[y]))
        return pair[(i, j)]

    assert prob("copy0", "copy1") > 0.99
    assert prob("bad", "copy1") > 0.99
    assert prob("honest0", "honest1") < 0.05


@pytest.mark.parametrize("world", ["copier", "clique"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_accelerated_learning_reaches_the_plain_fixed_point(world: str, seed: int) -> None:
    from workers.truth.models.credence_model import _fit
    from workers.truth.models.units import units

    triples, _truth = (copier_world if world == "copier" else clique_world)(seed=seed)
    problem = encode(triples)
    labels = units(problem)
    p0, n0 = np.full(problem.n_sources, 0.5), np.full(problem.n_sources, 2.0)
    pooled = np.ones(problem.n_sources, dtype=bool)
    p_fast, acc_fast, rounds = _fit(problem, labels, p0, n0, pooled, 100)
    p_slow, acc_slow, slow = _fit(problem, labels, p0, n0, pooled, 5000, accelerate=False)
    assert rounds < 100 and rounds <= slow
    assert np.max(np.abs(acc_fast - acc_slow)) < 1e-2
    assert np.max(np.abs(p_fast - p_slow)) < 1e-2


def test_copy_test_tells_copiers_from_independent_sources_sharing_a_stale_value() -> None:
    # Honest sources err towards one stale value (as flight times do); a copier pair
    # repeats a weak original. Only the copiers may be merged.
    from workers.truth.models.dependence import local_dependence

    rng = np.random.default_rng(4)
    triples: list[Triple] = []
    for i in range(300):
        for h in range(4):
            ok = rng.random() < 0.9
            stale = rng.random() < 0.6
            triples.append((f"h{h}", f"q{i}", "t" if ok else ("stale" if stale else f"x{h}{i}")))
        orig = "t" if rng.random() < 0.5 else f"bad{i}"
        triples += [("orig", f"q{i}", orig), ("copy", f"q{i}", orig)]
    problem = encode(triples)
    truth = np.array([1.0 if v == "t" else 0.0 for v in problem.claim_values])
    stats, post = local_dependence(problem, truth, copy_rate=0.5)
    names = [(problem.sources[a], problem.sources[b]) for a, b in zip(stats.a, stats.b,
                                                                       strict=True)]
    flagged = {frozenset(n) for n, p in zip(names, post, strict=True) if p > 0.5}
    assert flagged == {frozenset(("orig", "copy"))}
