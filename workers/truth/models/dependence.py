"""Pairwise copy detection (Dong, Berti-Équille & Srivastava, VLDB 2009, §3-4).

For two sources S1, S2 that answer common items, the observation Φ is summarised by
k_t (same value, true), k_f (same value, false) and k_d (different values). Under
independence, with accuracies A1, A2 and φ the chance that two independent errors
coincide (Dong et al.'s 1/n for n uniformly drawn false values):

    Pt = A1·A2,   Pf = (1-A1)(1-A2)·φ,   Pd = 1 - Pt - Pf

If one copies the other with copy rate c, a copied item repeats the original's value:

    Pt' = c·Ā + (1-c)·Pt,   Pf' = c·(1-Ā) + (1-c)·Pf,   Pd' = (1-c)·Pd

with Ā the mean of the two accuracies (the direction is unknown, so both directions are
folded into one symmetric hypothesis). Bayes with prior alpha on dependence:

    Pr(S1~S2 | Φ) = 1 / (1 + (1-alpha)/alpha · exp(-Λ)),
    Λ = k_t·ln(Pt'/Pt) + k_f·ln(Pf'/Pf) + k_d·ln(1-c)

Truth is uncertain while learning, so k_t and k_f are *expected* counts:
k_t = Σ P(v) over the shared same values, k_f = Σ (1 - P(v)). All pairs are scored at
once with sparse products of the source x claim incidence matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.special import logsumexp

from workers.truth.dataset import Dataset

ALPHA = 0.2  # Dong et al. 2009: a-priori probability that two sources are dependent
COPY_RATE = 0.8  # Dong et al. 2009: c, the share of items a copier copies
COPY_RATES = np.linspace(0.1, 0.9, 9)  # c unknown: the truth-aware test averages over these


@dataclass
class PairStats:
    """Upper-triangle source pairs (a < b) that answer at least one common item."""

    a: np.ndarray
    b: np.ndarray
    shared: np.ndarray  # items both answer
    same: np.ndarray  # items where they give the same value


def pair_stats(problem: Dataset) -> PairStats:
    if "pairs" in problem._cache:
        return problem._cache["pairs"]
    si = problem.source_item()
    shared = sp.triu(si @ si.T, k=1).tocoo()
    order = np.lexsort((shared.col, shared.row))
    a = shared.row[order].astype(np.int64)
    b = shared.col[order].astype(np.int64)
    stats = PairStats(a, b, shared.data[order].astype(float), np.zeros(a.size))
    problem._cache["pairs"] = stats
    stats.same = same_value_sum(problem, np.ones(problem.n_claims))
    return stats


def co_providers(problem: Dataset) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(pair index, claim, appearance, appearance) for every two sources giving the same
    claim, built once.

    Weighted same-value counts of all pairs are then one ``np.bincount`` instead of a
    sparse product, a triangle extraction and a gather per call.
    """
    if "co" in problem._cache:
        return problem._cache["co"]
    stats = pair_stats(problem)
    order = np.argsort(problem.app_claim, kind="stable")
    claims = problem.app_claim[order]
    sources = problem.app_source[order]
    starts = np.flatnonzero(np.r_[True, claims[1:] != claims[:-1]])
    sizes = np.diff(np.r_[starts, order.size])
    first: list[np.ndarray] = [np.zeros(0, np.int64)]
    second: list[np.ndarray] = [np.zeros(0, np.int64)]
    for k in np.unique(sizes[sizes > 1]):  # one vectorised step per distinct claim size
        iu, ju = np.triu_indices(int(k), 1)
        base = starts[sizes == k][:, None]
        first.append((base + iu).ravel())
        second.append((base + ju).ravel())
    i, j = np.concatenate(first), np.concatenate(second)
    sa, sb = sources[i], sources[j]
    lo, hi = np.minimum(sa, sb), np.maximum(sa, sb)
    n = problem.n_sources
    keys = stats.a * n + stats.b  # sorted: pair_stats orders pairs by (a, b)
    index = np.searchsorted(keys, lo * n + hi)
    problem._cache["co"] = (index, claims[i], order[i], order[j])
    return problem._cache["co"]


def same_value_sum(problem: Dataset, weight: np.ndarray) -> np.ndarray:
    """Per pair: sum of ``weight[v]`` over the claims v that both sources give."""
    stats = pair_stats(problem)
    index, claim, _, _ = co_providers(problem)
    out: np.ndarray = np.bincount(index, weights=weight[claim], minlength=stats.a.size)
    return out


def at_pairs(problem: Dataset, stats: PairStats, mat: sp.spmatrix) -> tuple[np.ndarray, np.ndarray]:
    """``mat[a, b]`` and ``mat[b, a]`` for every pair (a < b), read in one pass.

    ``mat`` must be zero outside pairs that share an item (true of every product of the
    incidence matrices used here), so its entries can be placed by searching the
    pairs' sorted keys instead of fancy indexing, which is slow for many pairs.
    """
    coo = mat.tocoo()
    n = problem.n_sources
    keys = stats.a * n + stats.b
    upper = np.zeros(stats.a.size)
    lower = np.zeros(stats.a.size)
    above = coo.row < coo.col
    below = coo.row > coo.col
    upper[np.searchsorted(keys, coo.row[above] * n + coo.col[above])] = coo.data[above]
    lower[np.searchsorted(keys, coo.col[below] * n + coo.row[below])] = coo.data[below]
    return upper, lower


def false_coincidence(problem: Dataset) -> np.ndarray:
    """φ per claim: chance two independent wrong answers to its item coincide.

    Dong et al. assume n false values drawn uniformly; rather than fix n for every
    domain, the false values are taken to be uniform over the item's *observed*
    alternatives: φ = 1 / max(1, distinct values on the item - 1). Two wrong sources
    on a two-valued item cannot help but agree, so that agreement is no evidence.
    """
    k = np.bincount(problem.claim_item, minlength=problem.n_items).astype(float)
    return 1.0 / np.maximum(k - 1.0, 1.0)[problem.claim_item]


def dependence(
    problem: Dataset,
    p_true: np.ndarray,
    accuracy: np.ndarray,
    alpha: float = ALPHA,
    copy_rate: float = COPY_RATE,
    phi: np.ndarray | None = None,
) -> tuple[PairStats, np.ndarray]:
    """Posterior probability of dependence for every pair that shares an item."""
    stats = pair_stats(problem)
    if stats.a.size == 0:
        return stats, np.zeros(0)
    phi = false_coincidence(problem) if phi is None else phi
    acc = np.clip(accuracy, 1e-3, 1 - 1e-3)
    a1, a2 = acc[stats.a], acc[stats.b]
    pt = a1 * a2
    abar = 0.5 * (a1 + a2)
    # Expected counts of same-true / same-false values and Σφ over the same-false ones.
    kt = np.minimum(same_value_sum(problem, p_true), stats.same)
    kf = stats.same - kt
    # ln(Pf'/Pf) depends on φ per item; use the pair's mean φ over its same-false values.
    kphi = same_value_sum(problem, (1.0 - p_true) * phi)
    mean_phi = np.where(kf > 1e-12, kphi / np.maximum(kf, 1e-12), 1.0)
    pf = (1 - a1) * (1 - a2) * mean_phi
    # Pd needs no estimate: Pd'/Pd = 1 - c for every pair.
    lam = (
        kt * np.log((copy_rate * abar + (1 - copy_rate) * pt) / pt)
        + kf * np.log((copy_rate * (1 - abar) + (1 - copy_rate) * pf) / pf)
        + (stats.shared - stats.same) * np.log(1 - copy_rate)
    )
    log_odds = np.log(alpha / (1 - alpha)) + lam
    return stats, 1.0 / (1.0 + np.exp(-np.clip(log_odds, -500, 500)))


def independence_weights(
    problem: Dataset,
    stats: PairStats,
    pdep: np.ndarray,
    accuracy: np.ndarray,
    copy_rate: float = COPY_RATE,
) -> np.ndarray:
    """Dong et al.'s discount I(S, v) = Π (1 - c·Pr(S~S')) per appearance.

    The product runs over the sources S' that give the same value and come *before* S
    in a fixed order; sources are ordered by decreasing accuracy (then index), i.e. the
    more accurate of two dependent sources is treated as the original, so the first
    provider of a value keeps its full vote and each likely copier keeps 1 - c of it.
    Done as one sparse product: log-discount matrix (sources x sources) times the
    source x claim incidence, read at every appearance.
    """
    if stats.a.size == 0:
        return np.ones(problem.n_apps)
    order = np.lexsort((np.arange(problem.n_sources), -accuracy))
    rank = np.empty(problem.n_sources, dtype=np.int64)
    rank[order] = np.arange(problem.n_sources)
    keep = pdep > 1e-6
    a, b, p = stats.a[keep], stats.b[keep], pdep[keep]
    later = np.where(rank[a] > rank[b], a, b)
    earlier = np.where(rank[a] > rank[b], b, a)
    logd = np.log1p(-copy_rate * p)
    mat = sp.csr_matrix((logd, (later, earlier)), shape=(problem.n_sources, problem.n_sources))
    prod = (mat @ problem.source_claim()).tocsr()
    logw = np.asarray(prod[problem.app_source, problem.app_claim]).ravel()
    return np.exp(logw)


def dependent_pairs(
    stats: PairStats, pdep: np.ndarray, threshold: float = 0.5
) -> list[tuple[int, int, float]]:
    """Pairs whose dependence posterior exceeds ``threshold``, most certain first."""
    idx = np.flatnonzero(pdep > threshold)
    idx = idx[np.argsort(-pdep[idx], kind="stable")]
    return [(int(stats.a[i]), int(stats.b[i]), float(pdep[i])) for i in idx]



def agreement_log_odds(
    problem: Dataset, alpha: float = ALPHA, copy_rate: float = COPY_RATE
) -> tuple[PairStats, np.ndarray]:
    """Truth-free copy test: log posterior odds of dependence from agreement alone.

    Under independence the chance that a source gives claim v is estimated by v's share
    among the *other* sources on the item, pi_v = (s_v - 1) / (n_i - 2 + k_i) (s_v
    supporters, n_i answers, k_i distinct answers; add-one smoothing). A copier repeats
    the other source with probability c, so each shared value adds
    ln((c + (1 - c) pi_v) / pi_v) and each item answered differently adds ln(1 - c).
    Agreeing on what few others say is the evidence; no truth estimate is involved, so
    a clique that dominates the vote cannot hide behind the truth it imposes - but two
    sources that are both right where most others are wrong look the same, which is
    why the caller only acts on overwhelming odds.
    """
    stats = pair_stats(problem)
    if stats.a.size == 0:
        return stats, np.zeros(0)
    support = problem.claim_support()
    n_item = np.bincount(problem.app_item, minlength=problem.n_items)[problem.claim_item]
    k_item = np.bincount(problem.claim_item, minlength=problem.n_items)[problem.claim_item]
    pi = np.clip((support - 1.0) / np.maximum(n_item - 2.0 + k_item, 1.0), 1e-9, 1.0)
    weight = np.log((copy_rate + (1 - copy_rate) * pi) / pi)
    lam = same_value_sum(problem, weight) + (stats.shared - stats.same) * np.log(1 - copy_rate)
    out: np.ndarray = np.log(alpha / (1 - alpha)) + lam
    return stats, out


def coincidence(problem: Dataset, p_true: np.ndarray) -> np.ndarray:
    """q_v per claim: chance that an independent wrong answer to v's item is v.

    Read from how the *other* sources' errors spread on the item, not assumed uniform:
    q_v = (n_v - 2 + 1) / (W_i - 2(1 - P(v)) + k_i), with n_v the sources giving v, W_i
    the expected number of wrong answers on the item and k_i its distinct answers (add
    one per answer); the two sources under test are left out. A stale value that many
    sources give independently is a likely coincidence; a value nobody else gives is not.
    """
    support = problem.claim_support()
    wrong = np.bincount(problem.claim_item, weights=support * (1.0 - p_true),
                        minlength=problem.n_items)[problem.claim_item]
    k = np.bincount(problem.claim_item, minlength=problem.n_items)[problem.claim_item]
    others = np.maximum(wrong - 2.0 * (1.0 - p_true), 0.0)
    out: np.ndarray = np.clip((support - 1.0) / (others + k), 1e-6, 1.0)
    return out


def local_dependence(
    problem: Dataset,
    p_true: np.ndarray,
    alpha: float = ALPHA,
    copy_rate: float | None = None,
) -> tuple[PairStats, np.ndarray]:
    """Dong et al.'s copy test with each pair's accuracies measured on its shared items.

    Global accuracies make the test fragile: where they are under-estimated, two good
    independent sources agree on the truth more often than A1·A2 predicts and look like
    copiers (merging them hands the vote to the sources they outnumbered). Measured on
    the items the pair shares, A1 and A2 already contain that agreement, so only the
    excess — rare differences, shared wrong values no coincidence explains (q_v from
    :func:`coincidence`) — is evidence of copying.

    How much a copier copies varies (a syndicating site copies everything, a loose one
    half), so unless ``copy_rate`` fixes it the rate is integrated out: the Bayes factor
    is the mean of Dong et al.'s likelihood ratio over c in .1, .2, ..., .9.
    """
    stats = pair_stats(problem)
    if stats.a.size == 0:
        return stats, np.zeros(0)
    p_app = p_true[problem.app_claim]
    shape = (problem.n_sources, problem.n_items)
    sp_right = sp.csr_matrix((p_app + 1e-300, (problem.app_source, problem.app_item)), shape)
    r1, r2 = at_pairs(problem, stats, sp_right @ problem.source_item().T)
    a1 = np.clip((r1 + 1.0) / (stats.shared + 2.0), 1e-3, 1 - 1e-3)
    a2 = np.clip((r2 + 1.0) / (stats.shared + 2.0), 1e-3, 1 - 1e-3)
    abar = 0.5 * (a1 + a2)
    pt = a1 * a2
    kt = np.minimum(same_value_sum(problem, p_true), stats.same)
    kf = stats.same - kt
    q = coincidence(problem, p_true)
    kq = same_value_sum(problem, (1.0 - p_true) * q)
    mean_q = np.where(kf > 1e-12, kq / np.maximum(kf, 1e-12), 1.0)
    pf = (1 - a1) * (1 - a2) * mean_q
    rates = COPY_RATES if copy_rate is None else np.array([copy_rate])
    lam = np.stack([
        kt * np.log((c * abar + (1 - c) * pt) / pt)
        + kf * np.log((c * (1 - abar) + (1 - c) * pf) / pf)
        + (stats.shared - stats.same) * np.log(1 - c)
        for c in rates
    ])
    # Bayes factor with the copy rate unknown (uniform over the grid), not fixed.
    log_bf = logsumexp(lam, axis=0) - np.log(rates.size)
    log_odds = np.log(alpha / (1 - alpha)) + log_bf
    return stats, 1.0 / (1.0 + np.exp(-np.clip(log_odds, -500, 500)))
