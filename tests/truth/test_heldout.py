"""The run guard (held-out check) and the per-source evidence."""

from __future__ import annotations

import random

import numpy as np

from tests.support.truth_worlds import copier_world
from workers.truth import held_out_check, learn
from workers.truth.dataset import encode, restrict


def test_check_passes_where_the_model_knows_better_than_vote() -> None:
    triples, _truth = copier_world(n_items=300, seed=1)
    check = held_out_check(triples)
    assert check.items > 10 and check.answers >= 3 * check.items
    assert check.passed and check.model_accuracy > check.vote_accuracy


def test_check_is_deterministic_and_independent_of_row_order() -> None:
    triples, _ = copier_world(n_items=200, seed=2)
    shuffled = triples[:]
    random.Random(0).shuffle(shuffled)
    assert held_out_check(triples) == held_out_check(triples) == held_out_check(shuffled)


def test_check_without_contested_items_checks_nothing_and_passes() -> None:
    triples = [("a", "q", "1"), ("b", "q", "1"), ("c", "r", "2")]
    check = held_out_check(triples)
    assert (check.items, check.answers, check.passed) == (0, 0, True)
    assert held_out_check([]).as_dict()["passed"] is True


def test_check_fails_a_run_whose_priors_are_wrong() -> None:
    # Ten equally good independent sources; a profile prior insisting that one bad
    # source is near-perfect makes the model follow it on every item it answers.
    rng = np.random.default_rng(0)
    triples = []
    for i in range(300):
        for s in range(9):
            triples.append((f"s{s}", f"q{i}", "t" if rng.random() < 0.8 else f"f{rng.integers(3)}"))
        triples.append(("liar", f"q{i}", "t" if rng.random() < 0.2 else f"f{rng.integers(3)}"))
    check = held_out_check(triples, priors={"liar": (0.999, 100000.0)})
    assert not check.passed


def test_evidence_counts_items_shared_and_contested_answers() -> None:
    triples = [("a", "q1", "x"), ("b", "q1", "x"), ("a", "q2", "x"), ("b", "q2", "y"),
               ("a", "lone", "z")]
    ev = learn(triples, priors={"a": (0.9, 10.0)}).evidence
    assert (ev["a"].items, ev["a"].shared, ev["a"].contested) == (3, 2, 1)
    assert (ev["b"].items, ev["b"].shared, ev["b"].contested) == (2, 2, 1)
    assert ev["b"].prior_agreement is None  # no profile
    assert ev["a"].prior_agreement is not None and 0.0 <= ev["a"].prior_agreement <= 1.0
    assert ev["a"].contested_accuracy is not None


def test_prior_agreement_is_low_when_the_record_contradicts_the_profile() -> None:
    # Four independent witnesses, right 90 % of the time, contradict x on every item.
    # (Four witnesses in perfect lockstep would be indistinguishable from copiers.)
    rng = np.random.default_rng(1)
    triples = []
    for i in range(60):
        triples += [(f"w{k}", f"q{i}", "t" if rng.random() < 0.9 else f"e{k}{i}")
                    for k in range(4)]
        triples.append(("x", f"q{i}", f"f{i}"))
    praised = learn(triples, priors={"x": (0.95, 10.0)}).evidence["x"]
    panned = learn(triples, priors={"x": (0.05, 10.0)}).evidence["x"]
    assert praised.prior_agreement is not None and praised.prior_agreement < 0.01
    assert panned.prior_agreement is not None and panned.prior_agreement > 0.5


def test_restrict_keeps_sources_and_renumbers_items_and_claims() -> None:
    problem = encode([("a", "q1", "x"), ("b", "q1", "y"), ("c", "q2", "z"), ("a", "q3", "x")])
    keep = np.array([True, True, False, True])
    sub, claims = restrict(problem, keep)
    assert sub.sources == problem.sources
    assert sub.items == ["q1", "q3"]
    assert [problem.claim_values[c] for c in claims] == sub.claim_values == ["x", "y", "x"]
    assert sub.n_apps == 3 and list(sub.claim_item) == [0, 0, 1]
