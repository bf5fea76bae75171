"""Credence's model: DESIGN.md's scoring semantics, learned jointly over all claims.

DESIGN.md scores a claim from *evidence units* — appearances whose origins share an
independence key (same outlet or same network) — with unit strength = the max
reliability of its members, support S = 1 - Π(1 - s_u), and competing answers to one
question refuting each other. Truth discovery runs the same semantics with unknown
reliabilities, learned from all claims at once:

1. **Units.** Two appearances of the same claim are in one unit if their sources share
   a group (DESIGN's network) or the copy detector finds them dependent
   (posterior > 1/2). Units are connected components, so a chain of copiers is one
   unit: copiers' votes count once.
2. **Support.** s_u = max_{a in u} r(source(a));  L(v) = Σ_u -ln(1 - s_u), so that
   S(v) = 1 - e^{-L(v)} is DESIGN's noisy-or and odds(v) = S/(1-S) = e^{L(v)} - 1.
3. **Competition.** DESIGN's corroboration with a competing-answer factor of 1 is
   c(v) = S(v)·Π_{v'≠v}(1 - S(v')). Conditioning on "at most one answer is true"
   gives P(v) = odds(v) / (1 + Σ_{v'} odds(v')); the 1 is "none of these answers"
   (so a lone answer gets exactly P = S, DESIGN's own number).
4. **Reliability.** A Beta(n0·p0, n0·(1-p0)) prior per source (DESIGN's profile prior;
   default Beta(1, 1), uniform) updated with every *shared* answer (to an item that
   another source also answered) as a soft outcome:
   r(s) = (n0·p0 + Σ P(v)) / (n0 + #shared answers(s)) — DESIGN's posterior mean.
   A lone answer has P = r at the fixed point, so it is no evidence about its source.
   Steps 2-4 alternate until no item changes its answer and r moves < 1e-4
   (at most 100 rounds per pass; SQUAREM-accelerated, see :func:`_learn`), starting
   from every source at its prior mean.
5. **Dependence.** Pass 0: a truth-free test (agreement on answers the other sources
   rarely give, :func:`agreement_log_odds`) merges only pairs with overwhelming odds, so
   a clique cannot win pass 1 by out-numbering the sources it contradicts. Pass 1: steps
   2-4 to convergence. Then Dong et al.'s Bayesian copy test (:mod:`dependence`) on pass
   1's r and P, with false values uniform over each item's observed alternatives, decides
   the merges of pass 2 (the pass-0 merges are dropped: honest sources that agreed
   against a wrong majority are re-tested against a truth that no longer sides with it).
   The truth-aware test is not repeated on pass 2: there, an answer that copy-merging
   made lose looks false, its sources look like copiers of a false value, and repeated
   detection locks in its own mistakes (observed on Books and Population).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from workers.truth.dataset import Dataset, argmax_per_item, item_softmax
from workers.truth.models.base import ModelResult
from workers.truth.models.dependence import (
    ALPHA,
    COPY_RATE,
    agreement_log_odds,
    co_providers,
    dependence,
    dependent_pairs,
    false_coincidence,
)

DEFAULT_PRIOR = (0.5, 2.0)  # Beta(1, 1): uniform, the prior of an unrated outlet
MERGE_THRESHOLD = 0.5  # dependent when more likely than not
# A guard, not a tuning knob: the iteration must reach its fixed point. Unaccelerated,
# Population's tail is a geometric creep (answers settle by round ~10, then one editor's
# r closes ~9 % of the remaining gap per round: 64 rounds per pass), and the former cap of
# 20 left reported reliabilities up to .06 short of the fixed point. With SQUAREM every
# benchmark converges in <= 20 rounds per pass; the cap only bounds pathological inputs.
MAX_ROUNDS = 100
TOL = 1e-4
NONE_MASS = 1.0  # odds of "none of the given answers is true" (step 3)
# Truth-free merges need posterior odds above e^20 (~5e8 : 1). That test cannot tell
# copiers from two sources both right against a wrong majority, so it must stay below
# one false merge even when every pair of 30,000 outlets is tested (4.5e8 pairs).
STRONG_EVIDENCE = 20.0


def _group_edges(problem: Dataset) -> tuple[np.ndarray, np.ndarray, int]:
    """Edges appearance → virtual node (claim, group) for grouped sources."""
    if problem.groups is None:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), 0
    g = problem.groups[problem.app_source]
    grouped = np.flatnonzero(g >= 0)
    if grouped.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), 0
    keys = problem.app_claim[grouped] * (int(g.max()) + 1) + g[grouped]
    _, virtual = np.unique(keys, return_inverse=True)
    return grouped, problem.n_apps + virtual, int(virtual.max()) + 1


def units(problem: Dataset, dependent: np.ndarray | None = None) -> np.ndarray:
    """Evidence-unit label of every appearance (connected components per claim).

    ``dependent`` flags the pairs of :func:`pair_stats` to merge; appearances of one
    claim by two flagged sources are joined, as are a group's appearances of one claim.
    """
    rows = [np.zeros(0, np.int64)]
    cols = [np.zeros(0, np.int64)]
    if dependent is not None and dependent.any():
        index, _claim, first, second = co_providers(problem)
        chosen = dependent[index]
        rows.append(first[chosen])
        cols.append(second[chosen])
    ga, gv, n_virtual = _group_edges(problem)
    rows.append(ga)
    cols.append(gv)
    r, c = np.concatenate(rows), np.concatenate(cols)
    n = problem.n_apps + n_virtual
    graph = sp.csr_matrix((np.ones(r.size), (r, c)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    out: np.ndarray = labels[: problem.n_apps]
    return out


class UnitIndex:
    """Appearances sorted by unit, so per-unit maxima are one ``reduceat`` per round."""

    def __init__(self, problem: Dataset, labels: np.ndarray) -> None:
        self.order = np.argsort(labels, kind="stable")
        sorted_labels = labels[self.order]
        self.starts = np.flatnonzero(np.r_[True, sorted_labels[1:] != sorted_labels[:-1]])
        self.source = problem.app_source[self.order]
        # Units never span two claims (edges only join appearances of one claim).
        self.singletons = self.starts.size == labels.size
        self.claim = problem.app_claim[self.order][self.starts]
        self.n_claims = problem.n_claims


def claim_scores(index: UnitIndex, rel: np.ndarray) -> np.ndarray:
    """log odds(v) = ln(e^L(v) - 1), L(v) = sum over units of -ln(1 - max member r)."""
    # -ln(1 - r) is increasing in r, so the unit's evidence is its members' maximum
    # evidence; computing it per source keeps the logarithm off the appearance arrays.
    per_source = -np.log1p(-np.clip(rel, 0.0, 1 - 1e-12))
    evidence = per_source[index.source]
    if not index.singletons:
        evidence = np.maximum.reduceat(evidence, index.starts)
    big_l = np.bincount(index.claim, weights=evidence, minlength=index.n_claims)
    big_l = np.maximum(big_l, 1e-300)
    # ln(e^L - 1) without overflow for large L or cancellation for small L.
    out: np.ndarray = np.where(big_l > 30, big_l, np.log(np.expm1(np.minimum(big_l, 30))))
    return out


def source_components(problem: Dataset) -> tuple[np.ndarray, int]:
    """Component of every source in the source-item graph (independent sub-problems)."""
    if "source_components" not in problem._cache:
        si = problem.source_item()
        graph = sp.bmat([[None, si], [si.T, None]], format="csr")
        n, labels = connected_components(graph, directed=False)
        problem._cache["source_components"] = (labels[: problem.n_sources], n)
    out: tuple[np.ndarray, int] = problem._cache["source_components"]
    return out


def _squarem(
    r0: np.ndarray, r1: np.ndarray, r2: np.ndarray, comp: np.ndarray, n_comp: int
) -> np.ndarray:
    """SQUAREM step (Varadhan & Roland 2008, scheme S3) from three successive iterates.

    Extrapolates along the iteration's own path by the step length
    a = max(1, |r1 - r0| / |r2 - 2 r1 + r0|); a = 1 is the plain two-step update, so the
    step can only go further along a geometric tail, never backwards. The norms are
    taken per connected component of the data (``comp``), so learning each component
    on its own (the worker's fan-out) takes exactly the same steps as learning them all.
    """
    d1 = r1 - r0
    v = r2 - 2 * r1 + r0
    nd = np.sqrt(np.bincount(comp, weights=d1 * d1, minlength=n_comp))
    nv = np.sqrt(np.bincount(comp, weights=v * v, minlength=n_comp))
    a = np.maximum(np.divide(nd, nv, out=np.ones(n_comp), where=nv > 0), 1.0)[comp]
    out: np.ndarray = np.clip(r0 + 2 * a * d1 + a * a * v, 0.0, 1.0)
    return out


def _learn(
    problem: Dataset, labels: np.ndarray, p0: np.ndarray, n0: np.ndarray, max_rounds: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Alternate support and reliability with fixed units until the answers settle.

    Every second round is followed by a SQUAREM extrapolation of ``r``: the plain
    iteration's tail is a slow geometric creep (self-confirming reliabilities; 64
    rounds per pass on Population), which the extrapolation jumps over. It only changes
    where the next round starts: the stopping test is always on a plain round whose
    input was itself produced by a plain round, so the result is a fixed point of the
    model's own update (within ``TOL``), not of the accelerator.
    """
    rel = p0.copy()
    index = UnitIndex(problem, labels)
    # Only answers to items someone else also answered are evidence about a source: a
    # lone answer has P = r at the fixed point and would only slow the iteration down.
    shared = (np.bincount(problem.app_item, minlength=problem.n_items)[problem.app_item] > 1)
    weight = shared.astype(float)
    counts = np.bincount(problem.app_source, weights=weight, minlength=problem.n_sources)
    unset = np.full(problem.n_items, -1)
    best = unset
    p_true = np.zeros(problem.n_claims)
    path: list[np.ndarray] = []  # plain iterates since the last extrapolation
    comp, n_comp = source_components(problem)
    rounds = 0
    for rounds in range(1, max_rounds + 1):
        score = claim_scores(index, rel)
        p_true = item_softmax(problem, score, NONE_MASS)
        new_best = argmax_per_item(problem, score)
        correct = np.bincount(problem.app_source, weights=p_true[problem.app_claim] * weight,
                              minlength=problem.n_sources)
        new_rel = (n0 * p0 + correct) / (n0 + counts)
        done = np.array_equal(new_best, best) and np.max(np.abs(new_rel - rel)) < TOL
        path = [*(path or [rel]), new_rel]
        rel, best = new_rel, new_best
        if done:
            break
        if len(path) == 3 and rounds < max_rounds:
            rel = _squarem(path[0], path[1], path[2], comp, n_comp)
            path = []
            best = unset  # answers at an extrapolated point are re-checked by a plain round
    return p_true, best, rel, rounds


def credence(
    problem: Dataset,
    priors: Mapping[int, tuple[float, float]] | None = None,
    max_rounds: int = MAX_ROUNDS,
) -> ModelResult:
    """Run the model; ``priors`` maps a source *index* to its profile prior (p0, n0)."""
    p0 = np.full(problem.n_sources, DEFAULT_PRIOR[0])
    n0 = np.full(problem.n_sources, DEFAULT_PRIOR[1])
    for s, (p, n) in (priors or {}).items():
        p0[s], n0[s] = p, n
    # Pass 0: only overwhelming truth-free evidence of copying merges units up front,
    # so a clique cannot win pass 1 by out-numbering the sources it contradicts.
    stats, log_odds = agreement_log_odds(problem, ALPHA, COPY_RATE)
    strong = log_odds > STRONG_EVIDENCE
    # Pass 1: sources independent except for groups and pass-0 merges.
    labels = units(problem, strong)
    p_true, _best, rel, rounds = _learn(problem, labels, p0, n0, max_rounds)
    stats, pdep = dependence(problem, p_true, rel, ALPHA, COPY_RATE, false_coincidence(problem))
    keep = pdep > MERGE_THRESHOLD
    if keep.any() or strong.any():
        # Pass 2: the truth-aware test alone decides the merges.
        labels = units(problem, keep)
        p_true, _best, rel, more = _learn(problem, labels, p0, n0, max_rounds)
        rounds += more
    pairs = dependent_pairs(stats, pdep, MERGE_THRESHOLD)
    return ModelResult(confidence=p_true, accuracy=rel, iterations=rounds,
                       dependent_pairs=pairs)
