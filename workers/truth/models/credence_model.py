"""Credence's model: a one-coin Dawid-Skene vote over evidence units, with copy detection.

Each source s has an accuracy a_s: it gives the true answer with probability a_s and
otherwise one of the item's n_i false answers (n_i = distinct answers seen on the
item - 1, at least 1; no per-domain constant). An *evidence unit* is a set of
appearances of one value by sources that share a network or were detected copying;
a unit counts once, with its most accurate member (DESIGN.md's unit = max member).

1. **Truth.**  score(v) = Σ_{units u giving v} [ln(a_u / (1 - a_u)) + ln n_i] and
   P(v) = e^score(v) / (Σ_{v' on i} e^score(v') + unseen_i), where unseen_i counts
   false answers nobody gave (1 on an item with a single answer, so a lone answer gets
   P = a_s, not certainty). This is the exact posterior of the model with
   a uniform prior over answers (Dong et al. 2009's ACCU with n taken from the data).
2. **Accuracy.**  a_s = (n0·p0 + Σ P(v_s)) / (n0 + #shared answers(s)) over the answers
   to items someone else also answered (a lone answer is no evidence about its source).
   (p0, n0) is the profile prior; a source without one gets n0 = 2 centred on the pooled
   accuracy of its connected component, re-estimated every round. EM starts from the
   vote shares over units. So a source with little evidence
   weighs what the typical source weighs, and with no evidence at all every weight is
   equal: the model *is* majority vote over units (no per-dataset constant decides
   when to trust accuracies; the amount of evidence does).
3. **Copying.**  Pass 0: a truth-free test (agreement on answers the other sources
   rarely give) merges only pairs with odds above e^m x pairs tested, so a clique cannot
   win pass 1 by out-numbering the sources it contradicts. Pass 1: steps 1-2 to
   convergence. Then Dong et al.'s copy test (:func:`dependence.local_dependence`) on
   pass 1's chosen answers, with each pair's accuracies measured on the items the pair
   shares and false-value coincidence taken from how the *other* sources' errors
   spread; pairs with posterior > 1/2 form units for pass 2 (the pass-0 merges are
   dropped). The old test's false positives - good independent sources read as
   copiers, which handed the vote to the sources they outnumbered - are what made the
   previous model lose to majority vote on held-out deep-web data (issue 19).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from workers.truth.dataset import Dataset, argmax_per_item, item_softmax, restrict
from workers.truth.models.base import ModelResult
from workers.truth.models.dependence import (
    ALPHA,
    agreement_log_odds,
    dependent_pairs,
    local_dependence,
)
from workers.truth.models.units import UnitIndex, source_components, squarem, units

MERGE_THRESHOLD = 0.5  # dependent when more likely than not
MAX_ROUNDS = 100  # a guard: every benchmark converges in far fewer rounds
TOL = 1e-4
EPS = 1e-3  # accuracies stay in [EPS, 1 - EPS]: no single source is ever certain


@dataclass(frozen=True)
class Settings:
    """The model's free settings, one value for every dataset.

    Chosen by leave-one-dataset-out over the shared sets (``bench.truth.lodo``;
    docs/truth-discovery.md has the protocol and the grid).

    * ``strength``: pseudo-answers behind an unrated source's pooled prior (DESIGN's
      default strength for an unrated outlet is 2).
    * ``bootstrap``: margin m of the truth-free copy test: a pair merges before the
      first fit only if its log posterior odds exceed m + ln(pairs tested). That test
      cannot tell copiers from two sources both right against a wrong majority, so the
      expected number of such false merges, e^-m, is kept far below one however many
      pairs the data hold (the fixed bar of 20 it replaces was m + ln(4.5e8 pairs);
      a fixed bar misses cliques in small data and is loose in large data).
    * ``copy_rate``: Dong et al.'s c (the share of items a copier copies) in the
      truth-aware test, or None to integrate it out (uniform over .1-.9).
    * ``bootstrap_copy_rate``: c in the truth-free test. Only faithful copiers can be
      told from honest sources without a truth: at Dong et al.'s .8 a disagreement costs
      a pair only ln 5, so good honest sources agreeing against a stale or copied
      majority pass the bar; at .95 each disagreement costs ln 20.
    """

    strength: float = 2.0
    bootstrap: float = 14.0
    copy_rate: float | None = 0.5
    detections: int = 1
    bootstrap_copy_rate: float = 0.95


DEFAULT = Settings()


def item_alternatives(problem: Dataset) -> tuple[np.ndarray, np.ndarray]:
    """ln n_i per claim (n_i false answers per item) and per item its unseen false answers."""
    k = np.bincount(problem.claim_item, minlength=problem.n_items).astype(float)
    n = np.maximum(k - 1.0, 1.0)
    return np.log(n)[problem.claim_item], n + 1.0 - k


def claim_scores(index: UnitIndex, acc: np.ndarray, log_n: np.ndarray) -> np.ndarray:
    """score(v) = Σ over units of (log-odds of the unit's best member + ln n_i)."""
    a = np.clip(acc, EPS, 1 - EPS)
    out: np.ndarray = index.evidence(np.log(a) - np.log1p(-a)) + index.units_per_claim * log_n
    return out


def _fit(
    problem: Dataset, labels: np.ndarray, p0: np.ndarray, n0: np.ndarray, pooled: np.ndarray,
    max_rounds: int, accelerate: bool = True,
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
    # Per-round sums as sparse products with fixed incidence matrices (cheaper than
    # gathering per appearance and bincounting every round).
    shared_sc = sp.csr_matrix((weight, (problem.app_source, problem.app_claim)),
                              shape=(problem.n_sources, problem.n_claims))

    def m_step(p_true: np.ndarray) -> np.ndarray:
        correct = shared_sc @ p_true
        # The pooled accuracy is taken per connected component, so learning each
        # component alone (the worker's fan-out) gives the same result as learning all.
        comp_correct = np.bincount(comp, weights=correct, minlength=n_comp)
        comp_total = np.bincount(comp, weights=counts, minlength=n_comp)
        mean = ((comp_correct + 1.0) / (comp_total + 2.0))[comp]
        prior = np.where(pooled, mean, p0)
        out: np.ndarray = (n0 * prior + correct) / (n0 + counts)
        return out

    # Start from the vote shares over *units* (Dawid & Skene's initialisation, with each
    # unit voting once): from equal accuracies a two-answer item has no preferred answer
    # and EM could stay at that saddle; and counting a detected clique's members
    # separately would start EM in the mode where the clique is right and the sources
    # it contradicts are always wrong.
    support = index.units_per_claim.astype(float)
    p_true = support / np.bincount(problem.claim_item, weights=support,
                                   minlength=problem.n_items)[problem.claim_item]
    acc = m_step(p_true)
    best = np.full(problem.n_items, -1)
    path: list[np.ndarray] = []
    rounds = 0
    for rounds in range(1, max_rounds + 1):
        score = claim_scores(index, acc, log_n)
        p_true = item_softmax(problem, score, unseen)
        new_acc = m_step(p_true)
        moved = float(np.max(np.abs(new_acc - acc)))
        # Answers are compared only once accuracies have settled (argmax is not free).
        done = False
        if moved < TOL:
            new_best = argmax_per_item(problem, score)
            done = np.array_equal(new_best, best)
            best = new_best
        path = [*(path or [acc]), new_acc]
        acc = new_acc
        if done:
            break
        if accelerate and len(path) == 3 and rounds < max_rounds:
            acc = squarem(path[0], path[1], path[2], comp, n_comp)
            path = []
            best = np.full(problem.n_items, -1)
    return p_true, acc, rounds


def credence(
    problem: Dataset,
    priors: Mapping[int, tuple[float, float]] | None = None,
    max_rounds: int = MAX_ROUNDS,
    settings: Settings = DEFAULT,
) -> ModelResult:
    """Run the model; ``priors`` maps a source *index* to its profile prior (p0, n0)."""
    p0 = np.full(problem.n_sources, 0.5)
    n0 = np.full(problem.n_sources, settings.strength)
    pooled = np.ones(problem.n_sources, dtype=bool)
    for s, (p, n) in (priors or {}).items():
        p0[s], n0[s], pooled[s] = p, n, False
    # Only items with two or more answers say anything about a source (a lone answer
    # has P = its source's accuracy); learning on them alone is the same fixed point at
    # a fraction of the cost where most items have one answer.
    per_item = np.bincount(problem.app_item, minlength=problem.n_items)
    shared = per_item[problem.app_item] > 1
    sub, claims = restrict(problem, shared)
    if sub.n_apps:
        result = _credence(sub, p0, n0, pooled, max_rounds, settings)
    else:  # nothing is shared: every source keeps its prior mean (pooled: no data, 1/2)
        result = ModelResult(np.zeros(0), np.where(pooled, 0.5, p0))
    confidence = np.zeros(problem.n_claims)
    lone = problem.app_claim[~shared]
    # A lone answer with n_i = 1 and one unseen false answer: P = e^logit(a) / (e^.. + 1).
    confidence[lone] = np.clip(result.accuracy, EPS, 1 - EPS)[problem.app_source[~shared]]
    confidence[claims] = result.confidence
    return ModelResult(confidence=confidence, accuracy=result.accuracy,
                       iterations=result.iterations, dependent_pairs=result.dependent_pairs)


def _credence(problem: Dataset, p0: np.ndarray, n0: np.ndarray, pooled: np.ndarray,
              max_rounds: int, settings: Settings) -> ModelResult:
    stats, log_odds = agreement_log_odds(problem, ALPHA, settings.bootstrap_copy_rate)
    # Bonferroni-like: the more pairs are tested, the stronger the evidence a truth-free
    # merge needs (the test has a systematic false-positive mode, so the margin is wide).
    strong = log_odds > settings.bootstrap + np.log(max(stats.a.size, 1))
    labels = units(problem, strong)
    p_true, acc, rounds = _fit(problem, labels, p0, n0, pooled, max_rounds)
    merged = strong
    pdep = np.zeros(stats.a.size)
    for _ in range(settings.detections):
        # The copy test reads the chosen answers, not the soft P: where the truth is
        # uncertain, a soft P counts a shared answer as partly true for both sources
        # and partly false for both, an agreement beyond A1·A2 that is only doubt.
        chosen = np.zeros(problem.n_claims)
        chosen[argmax_per_item(problem, p_true)] = 1.0
        stats, pdep = local_dependence(problem, chosen, ALPHA, settings.copy_rate)
        keep = pdep > MERGE_THRESHOLD
        if not (keep.any() or merged.any()) or np.array_equal(keep, merged):
            break
        labels = units(problem, keep)
        p_true, acc, more = _fit(problem, labels, p0, n0, pooled, max_rounds)
        rounds += more
        merged = keep
    pairs = dependent_pairs(stats, pdep, MERGE_THRESHOLD)
    return ModelResult(confidence=p_true, accuracy=acc, iterations=rounds,
                       dependent_pairs=pairs)
