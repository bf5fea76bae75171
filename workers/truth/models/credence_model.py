"""Credence's model: a one-coin Dawid-Skene vote over evidence units, with copy detection.

Each source s has an accuracy a_s: it gives the true answer with probability a_s and
otherwise one of the item's n_i false answers (n_i = distinct answers seen on the
item - 1, at least 1; no per-domain constant). An *evidence unit* is a set of
appearances of one value by sources that share a network or were detected copying;
a unit counts once, with its most accurate member (DESIGN.md's unit = max member).

1. **Truth.**  score(v) = Σ_{units u giving v} [ln(a_u / (1 - a_u)) + ln n_i] and
   P(v) = e^score(v) / (Σ_{v' on i} e^score(v') + unseen_i), where unseen_i counts
   false answers nobody gave (1 on an item with a single answer, so a lone answer gets
   P = its source's odds, not certainty). This is the exact posterior of the model with
   a uniform prior over answers (Dong et al. 2009's ACCU with n taken from the data).
2. **Accuracy.**  a_s = (n0·p0 + Σ P(v_s)) / (n0 + #shared answers(s)) over the answers
   to items someone else also answered (a lone answer is no evidence about its source).
   (p0, n0) is the profile prior; a source without one gets n0 = 2 centred on the pooled
   accuracy of all sources, re-estimated every round. So a source with little evidence
   weighs what the typical source weighs, and with no evidence at all every weight is
   equal: the model *is* majority vote over units (no per-dataset constant decides
   when to trust accuracies; the amount of evidence does).
3. **Copying.**  Pass 0: a truth-free test (agreement on answers the other sources
   rarely give) merges only pairs with overwhelming odds, so a clique cannot win pass 1
   by out-numbering the sources it contradicts. Pass 1: steps 1-2 to convergence. Then
   Dong et al.'s copy test (:func:`dependence.local_dependence`) with each pair's
   accuracies measured on the items the pair shares and false-value coincidence taken
   from how the *other* sources' errors spread; pairs with posterior > 1/2 form units
   for pass 2 (the pass-0 merges are dropped).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from workers.truth.dataset import Dataset, argmax_per_item, item_softmax
from workers.truth.models.base import ModelResult
from workers.truth.models.dependence import (
    ALPHA,
    COPY_RATE,
    agreement_log_odds,
    dependent_pairs,
    local_dependence,
)
from workers.truth.models.units import UnitIndex, source_components, squarem, units

UNRATED_STRENGTH = 2.0  # DESIGN's default strength for an unrated outlet
MERGE_THRESHOLD = 0.5  # dependent when more likely than not
MAX_ROUNDS = 100  # a guard: every benchmark converges in far fewer rounds
TOL = 1e-4
EPS = 1e-3  # accuracies stay in [EPS, 1 - EPS]: no single source is ever certain
# Truth-free merges need posterior odds above e^20 (~5e8 : 1): that test cannot tell
# copiers from two sources both right against a wrong majority, so it must stay below
# one false merge even when every pair of 30,000 outlets is tested (4.5e8 pairs).
STRONG_EVIDENCE = 20.0


def item_alternatives(problem: Dataset) -> tuple[np.ndarray, np.ndarray]:
    """ln n_i per claim (n_i false answers per item) and per item its unseen false answers."""
    k = np.bincount(problem.claim_item, minlength=problem.n_items).astype(float)
    n = np.maximum(k - 1.0, 1.0)
    return np.log(n)[problem.claim_item], n + 1.0 - k


def claim_scores(index: UnitIndex, acc: np.ndarray, log_n: np.ndarray) -> np.ndarray:
    """score(v) = Σ over units of (log-odds of the unit's best member + ln n_i)."""
    a = np.clip(acc, EPS, 1 - EPS)
    per_source = np.log(a) - np.log1p(-a)
    evidence = per_source[index.source]
    if not index.singletons:
        evidence = np.maximum.reduceat(evidence, index.starts)
    units_per_claim = np.bincount(index.claim, minlength=index.n_claims)
    out: np.ndarray = (np.bincount(index.claim, weights=evidence, minlength=index.n_claims)
                       + units_per_claim * log_n)
    return out


def _fit(
    problem: Dataset, labels: np.ndarray, p0: np.ndarray, n0: np.ndarray, pooled: np.ndarray,
    max_rounds: int,
) -> tuple[np.ndarray, np.ndarray, int]:
    """EM over accuracies with fixed units, SQUAREM-accelerated (see :func:`squarem`).

    ``pooled`` flags the sources whose prior mean is the pooled accuracy (no profile).
    The stopping test is made on a plain round whose input came from a plain round, so
    the result is a fixed point of the model's own update, not of the accelerator.
    """
    index = UnitIndex(problem, labels)
    log_n, unseen = item_alternatives(problem)
    per_item = np.bincount(problem.app_item, minlength=problem.n_items)
    weight = (per_item[problem.app_item] > 1).astype(float)
    counts = np.bincount(problem.app_source, weights=weight, minlength=problem.n_sources)
    comp, n_comp = source_components(problem)

    def m_step(p_true: np.ndarray) -> np.ndarray:
        correct = np.bincount(problem.app_source, weights=p_true[problem.app_claim] * weight,
                              minlength=problem.n_sources)
        # The pooled accuracy is taken per connected component, so learning each
        # component alone (the worker's fan-out) gives the same result as learning all.
        comp_correct = np.bincount(comp, weights=correct, minlength=n_comp)
        comp_total = np.bincount(comp, weights=counts, minlength=n_comp)
        mean = ((comp_correct + 1.0) / (comp_total + 2.0))[comp]
        prior = np.where(pooled, mean, p0)
        out: np.ndarray = (n0 * prior + correct) / (n0 + counts)
        return out

    # Start from the vote shares (Dawid & Skene's initialisation): from equal accuracies
    # a two-answer item has no preferred answer and EM could stay at that saddle.
    support = problem.claim_support()
    p_true = support / np.bincount(problem.claim_item, weights=support,
                                   minlength=problem.n_items)[problem.claim_item]
    acc = m_step(p_true)
    best = np.full(problem.n_items, -1)
    path: list[np.ndarray] = []
    rounds = 0
    for rounds in range(1, max_rounds + 1):
        score = claim_scores(index, acc, log_n)
        p_true = item_softmax(problem, score, unseen)
        new_best = argmax_per_item(problem, score)
        new_acc = m_step(p_true)
        done = np.array_equal(new_best, best) and np.max(np.abs(new_acc - acc)) < TOL
        path = [*(path or [acc]), new_acc]
        acc, best = new_acc, new_best
        if done:
            break
        if len(path) == 3 and rounds < max_rounds:
            acc = squarem(path[0], path[1], path[2], comp, n_comp)
            path = []
            best = np.full(problem.n_items, -1)
    return p_true, acc, rounds


def credence(
    problem: Dataset,
    priors: Mapping[int, tuple[float, float]] | None = None,
    max_rounds: int = MAX_ROUNDS,
) -> ModelResult:
    """Run the model; ``priors`` maps a source *index* to its profile prior (p0, n0)."""
    p0 = np.full(problem.n_sources, 0.5)
    n0 = np.full(problem.n_sources, UNRATED_STRENGTH)
    pooled = np.ones(problem.n_sources, dtype=bool)
    for s, (p, n) in (priors or {}).items():
        p0[s], n0[s], pooled[s] = p, n, False
    stats, log_odds = agreement_log_odds(problem, ALPHA, COPY_RATE)
    strong = log_odds > STRONG_EVIDENCE
    labels = units(problem, strong)
    p_true, acc, rounds = _fit(problem, labels, p0, n0, pooled, max_rounds)
    stats, pdep = local_dependence(problem, p_true, ALPHA, COPY_RATE)
    keep = pdep > MERGE_THRESHOLD
    if keep.any() or strong.any():
        labels = units(problem, keep)
        p_true, acc, more = _fit(problem, labels, p0, n0, pooled, max_rounds)
        rounds += more
    pairs = dependent_pairs(stats, pdep, MERGE_THRESHOLD)
    return ModelResult(confidence=p_true, accuracy=acc, iterations=rounds,
                       dependent_pairs=pairs)
