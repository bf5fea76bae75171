"""Evidence units and the iteration helpers shared by Credence's model passes.

A unit is a set of appearances of one claim whose sources share a network or were
found copying; it counts once. Units are connected components (one scipy call), so a
chain of copiers is one unit.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from workers.truth.dataset import Dataset
from workers.truth.models.dependence import co_providers


def _group_edges(problem: Dataset) -> tuple[np.ndarray, np.ndarray, int]:
    """Edges appearance -> virtual node (claim, group) for grouped sources."""
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
        self.units_per_claim = np.bincount(self.claim, minlength=self.n_claims)
        # Most units have one member: their evidence is one sparse product per round;
        # only the appearances of merged units go through the per-unit maximum.
        size = np.diff(np.r_[self.starts, labels.size])
        member_size = np.repeat(size, size)
        alone = member_size == 1
        self.single = sp.csr_matrix(
            (np.ones(int(alone.sum())), (problem.app_claim[self.order][alone],
                                         self.source[alone])),
            shape=(problem.n_claims, problem.n_sources))
        merged = ~alone
        self.merged_source = self.source[merged]
        merged_starts = np.flatnonzero(np.r_[True, np.diff(sorted_labels[merged]) != 0]) \
            if merged.any() else np.zeros(0, np.int64)
        self.merged_starts = merged_starts
        self.merged_claim = problem.app_claim[self.order][merged][merged_starts]

    def evidence(self, per_source: np.ndarray) -> np.ndarray:
        """Per claim: the sum over its units of the unit's best member's ``per_source``."""
        total: np.ndarray = self.single @ per_source
        if self.merged_source.size:
            best = np.maximum.reduceat(per_source[self.merged_source], self.merged_starts)
            total += np.bincount(self.merged_claim, weights=best, minlength=self.n_claims)
        return total


def source_components(problem: Dataset) -> tuple[np.ndarray, int]:
    """Component of every source in the source-item graph (independent sub-problems)."""
    if "source_components" not in problem._cache:
        si = problem.source_item()
        graph = sp.bmat([[None, si], [si.T, None]], format="csr")
        n, labels = connected_components(graph, directed=False)
        problem._cache["source_components"] = (labels[: problem.n_sources], n)
    out: tuple[np.ndarray, int] = problem._cache["source_components"]
    return out


def squarem(
    r0: np.ndarray, r1: np.ndarray, r2: np.ndarray, comp: np.ndarray, n_comp: int
) -> np.ndarray:
    """SQUAREM step (Varadhan & Roland 2008, scheme S3) from three successive iterates.

    Extrapolates along the iteration's own path by a = max(1, |r1 - r0| / |r2 - 2 r1 +
    r0|); a = 1 is the plain two-step update, so the step only goes further along a
    geometric tail. Norms are per connected component of the data (``comp``), so
    learning each component alone (the worker's fan-out) takes the same steps.
    """
    d1 = r1 - r0
    v = r2 - 2 * r1 + r0
    nd = np.sqrt(np.bincount(comp, weights=d1 * d1, minlength=n_comp))
    nv = np.sqrt(np.bincount(comp, weights=v * v, minlength=n_comp))
    a = np.maximum(np.divide(nd, nv, out=np.ones(n_comp), where=nv > 0), 1.0)[comp]
    out: np.ndarray = np.clip(r0 + 2 * a * d1 + a * a * v, 0.0, 1.0)
    return out
