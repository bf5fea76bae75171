"""ACCU, DEPEN and AccuNoDep (Dong, Berti-Équille & Srivastava, VLDB 2009).

With n false values per item (uniform), accuracy A(S) and independence weight I(S, v):

    A'(S) = ln(n·A(S) / (1 - A(S)))                      (vote weight of a source)
    C(v)  = Σ_{S provides v} A'(S)·I(S, v)               (vote count of a value)
    P(v)  = exp C(v) / Σ_{v' in the item's domain} exp C(v')   (n+1 values; unseen: C=0)
    A(S)  = mean of P(v) over the values S provides

I(S, v) comes from the copy detector (:mod:`dependence`). Variants, as in the paper's
Table 6: ``depen`` keeps every accuracy at the initial value and only discounts copies;
``accu_nodep`` learns accuracies without copy detection; ``accu`` does both.
Rounds repeat until no item changes its answer and accuracies move < 1e-4, or 20 rounds.
"""

from __future__ import annotations

import numpy as np

from workers.truth.dataset import Dataset, argmax_per_item, item_softmax
from workers.truth.models.base import ModelResult
from workers.truth.models.dependence import (
    ALPHA,
    COPY_RATE,
    dependence,
    dependent_pairs,
    independence_weights,
)

N_FALSE = 100  # Dong et al. 2009's n (number of false values in an item's domain)
INITIAL_ACCURACY = 0.8  # Dong et al. 2009: every source starts at A = 0.8 (ε = 0.2)
MAX_ROUNDS = 20
TOL = 1e-4


def accu(
    problem: Dataset,
    *,
    learn_accuracy: bool = True,
    detect_copying: bool = True,
    n_false: int = N_FALSE,
    max_rounds: int = MAX_ROUNDS,
) -> ModelResult:
    acc = np.full(problem.n_sources, INITIAL_ACCURACY)
    n_values = np.bincount(problem.claim_item, minlength=problem.n_items)
    unseen = np.maximum(n_false + 1 - n_values, 0).astype(float)
    phi = np.full(problem.n_claims, 1.0 / n_false)
    weights = np.ones(problem.n_apps)
    pairs: list[tuple[int, int, float]] = []
    p_true = np.zeros(problem.n_claims)
    best = np.full(problem.n_items, -1)
    rounds = 0
    for rounds in range(1, max_rounds + 1):  # noqa: B007 - rounds is reported
        a = np.clip(acc, 1e-6, 1 - 1e-6)
        vote = np.log(n_false * a / (1 - a))
        count = np.bincount(problem.app_claim, weights=vote[problem.app_source] * weights,
                            minlength=problem.n_claims)
        p_true = item_softmax(problem, count, unseen)
        new_best = argmax_per_item(problem, count)
        new_acc = acc
        if learn_accuracy:
            new_acc = np.bincount(problem.app_source, weights=p_true[problem.app_claim],
                                  minlength=problem.n_sources) / problem.source_counts()
        if detect_copying:
            stats, pdep = dependence(problem, p_true, new_acc, ALPHA, COPY_RATE, phi)
            weights = independence_weights(problem, stats, pdep, new_acc, COPY_RATE)
            pairs = dependent_pairs(stats, pdep)
        done = np.array_equal(new_best, best) and np.max(np.abs(new_acc - acc)) < TOL
        acc, best = new_acc, new_best
        if done:
            break
    return ModelResult(confidence=p_true, accuracy=acc, iterations=rounds,
                       dependent_pairs=pairs)


def accu_full(problem: Dataset) -> ModelResult:
    return accu(problem)


def accu_nodep(problem: Dataset) -> ModelResult:
    return accu(problem, detect_copying=False)


def depen(problem: Dataset) -> ModelResult:
    return accu(problem, learn_accuracy=False)
