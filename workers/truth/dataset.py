"""Encoding of truth-discovery input as sparse matrices.

Vocabulary (DESIGN.md "Domain model", mapped onto the truth-discovery literature):

* a *data item* is a question (``(object, attribute)`` on the benchmarks);
* every distinct answer to an item is a *claim* (Dong et al. 2009: a "value");
* every source's answer is an *appearance*.

All models work on :class:`Dataset`, which holds integer codes only, so every
iteration is a handful of sparse matrix products instead of Python loops.
"""

from __future__ import annotations

import operator
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

Item = Hashable
Source = Hashable


@dataclass(frozen=True)
class Dataset:
    """One truth-discovery problem with dense integer codes.

    ``app_source[k]``, ``app_claim[k]`` describe appearance ``k``;
    ``claim_item[c]`` is the item that claim ``c`` answers. A source answers an
    item at most once (see :func:`encode`).
    """

    sources: list[Any]
    items: list[Any]
    claim_values: list[Any]
    claim_item: np.ndarray
    app_source: np.ndarray
    app_claim: np.ndarray
    app_item: np.ndarray
    groups: np.ndarray | None = None  # per-source group code, -1 = no group
    _cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def n_sources(self) -> int:
        return len(self.sources)

    @property
    def n_items(self) -> int:
        return len(self.items)

    @property
    def n_claims(self) -> int:
        return len(self.claim_values)

    @property
    def n_apps(self) -> int:
        return int(self.app_source.size)

    def source_claim(self) -> sp.csr_matrix:
        """Binary sources x claims incidence (S·C)."""
        if "sc" not in self._cache:
            ones = np.ones(self.n_apps)
            self._cache["sc"] = sp.csr_matrix(
                (ones, (self.app_source, self.app_claim)), shape=(self.n_sources, self.n_claims)
            )
        return self._cache["sc"]

    def source_item(self) -> sp.csr_matrix:
        """Binary sources x items incidence."""
        if "si" not in self._cache:
            ones = np.ones(self.n_apps)
            self._cache["si"] = sp.csr_matrix(
                (ones, (self.app_source, self.app_item)), shape=(self.n_sources, self.n_items)
            )
        return self._cache["si"]

    def claim_item_matrix(self) -> sp.csr_matrix:
        """Binary claims x items membership, for per-item sums of per-claim scores."""
        if "ci" not in self._cache:
            ones = np.ones(self.n_claims)
            self._cache["ci"] = sp.csr_matrix(
                (ones, (np.arange(self.n_claims), self.claim_item)),
                shape=(self.n_claims, self.n_items),
            )
        return self._cache["ci"]

    def source_counts(self) -> np.ndarray:
        """Number of items each source answers."""
        return np.bincount(self.app_source, minlength=self.n_sources).astype(float)

    def claim_support(self) -> np.ndarray:
        """Number of sources asserting each claim."""
        return np.bincount(self.app_claim, minlength=self.n_claims).astype(float)


def encode(
    appearances: Iterable[tuple[Source, Item, Any]],
    groups: Mapping[Source, Hashable] | None = None,
) -> Dataset:
    """Encode ``(source, item, value)`` triples.

    A source that answers the same item several times keeps its *last* answer:
    re-publication is a correction (weather sites refresh readings), and one
    source must not vote twice on one question.
    """
    src_code: dict[Any, int] = {}
    item_code: dict[Any, int] = {}
    latest: dict[tuple[int, int], Any] = {}
    for source, item, value in appearances:
        s = src_code.setdefault(source, len(src_code))
        i = item_code.setdefault(item, len(item_code))
        latest.pop((s, i), None)  # re-insert so dict order follows the last answer
        latest[(s, i)] = value
    claim_code: dict[tuple[int, Any], int] = {}
    claim_item: list[int] = []
    claim_values: list[Any] = []
    n = len(latest)
    app_source = np.empty(n, dtype=np.int64)
    app_item = np.empty(n, dtype=np.int64)
    app_claim = np.empty(n, dtype=np.int64)
    for k, ((s, i), value) in enumerate(latest.items()):
        key = (i, value)
        c = claim_code.get(key)
        if c is None:
            c = claim_code[key] = len(claim_values)
            claim_item.append(i)
            claim_values.append(value)
        app_source[k], app_item[k], app_claim[k] = s, i, c
    sources = list(src_code)
    group_arr: np.ndarray | None = None
    if groups:
        gcode: dict[Hashable, int] = {}
        group_arr = np.full(len(sources), -1, dtype=np.int64)
        for idx, source in enumerate(sources):
            g = groups.get(source)
            if g is not None:
                group_arr[idx] = gcode.setdefault(g, len(gcode))
    return Dataset(
        sources=sources,
        items=list(item_code),
        claim_values=claim_values,
        claim_item=np.asarray(claim_item, dtype=np.int64),
        app_source=app_source,
        app_claim=app_claim,
        app_item=app_item,
        groups=group_arr,
    )


def _item_runs(problem: Dataset) -> tuple[np.ndarray, np.ndarray]:
    """Claims ordered by item (stable) and where each item's run starts.

    Every item has at least one claim and items are numbered 0..n-1, so run k is item k;
    per-item reductions become ``ufunc.reduceat`` calls, O(claims) with no Python loop.
    """
    if "runs" not in problem._cache:
        order = np.argsort(problem.claim_item, kind="stable")
        starts = np.flatnonzero(np.r_[True, np.diff(problem.claim_item[order]) != 0])
        problem._cache["runs"] = (order, starts)
        # Claims already numbered item by item (see :func:`restrict`) need no gather.
        problem._cache["sorted"] = bool(np.all(order == np.arange(order.size)))
    runs: tuple[np.ndarray, np.ndarray] = problem._cache["runs"]
    return runs


def item_max(problem: Dataset, score: np.ndarray) -> np.ndarray:
    order, starts = _item_runs(problem)
    ordered = score if problem._cache["sorted"] else score[order]
    out: np.ndarray = np.maximum.reduceat(ordered, starts)
    return out


def item_softmax(
    problem: Dataset, score: np.ndarray, extra: float | np.ndarray = 0.0
) -> np.ndarray:
    """Per-item softmax of claim scores: P(c) = exp(score_c) / (sum_item exp + extra).

    ``extra`` is the mass of answers nobody gave (ACCU's n unseen false values; the
    "none of these" answer of Credence's model). Scores are shifted by the per-item
    maximum so large vote counts cannot overflow.
    """
    top = item_max(problem, score)
    e = np.exp(score - top[problem.claim_item])
    if problem._cache["sorted"]:
        denom = np.add.reduceat(e, _item_runs(problem)[1])
    else:
        denom = np.bincount(problem.claim_item, weights=e, minlength=problem.n_items)
    extra_arr = np.broadcast_to(np.asarray(extra, dtype=float), (problem.n_items,))
    denom = denom + extra_arr * np.exp(-top)
    out: np.ndarray = e / denom[problem.claim_item]
    return out


def argmax_per_item(problem: Dataset, score: np.ndarray) -> np.ndarray:
    """Index of the best claim of every item; ties go to the claim seen first."""
    order, starts = _item_runs(problem)
    s = score if problem._cache["sorted"] else score[order]
    top = np.maximum.reduceat(s, starts)
    run_len = np.diff(np.r_[starts, order.size])
    is_top = s >= np.repeat(top, run_len)
    # Claims are numbered in order of first sighting, so the smallest index among the
    # tied maxima is the one seen first.
    cand = np.where(is_top, order, np.iinfo(np.int64).max)
    best: np.ndarray = np.minimum.reduceat(cand, starts)
    return best


def restrict(problem: Dataset, keep: np.ndarray) -> tuple[Dataset, np.ndarray]:
    """The problem with only the appearances flagged in ``keep``.

    Sources keep their indices (so per-source arrays carry over unchanged); items are
    renumbered densely in their original order, and claims item by item (in their
    original order within an item, so ties still go to the claim seen first): per-item
    reductions then run on the claim arrays directly. Returns the sub-problem and, for
    each of its claims, the claim's index in ``problem``.
    """
    app_claim = problem.app_claim[keep]
    claims = np.flatnonzero(np.bincount(app_claim, minlength=problem.n_claims))
    claims = claims[np.argsort(problem.claim_item[claims], kind="stable")]
    items = np.flatnonzero(np.bincount(problem.claim_item[claims], minlength=problem.n_items))
    item_map = np.full(problem.n_items, -1, dtype=np.int64)
    item_map[items] = np.arange(items.size)
    claim_map = np.full(problem.n_claims, -1, dtype=np.int64)
    claim_map[claims] = np.arange(claims.size)
    sub = Dataset(
        sources=problem.sources,
        items=_pick(problem.items, items),
        claim_values=_pick(problem.claim_values, claims),
        claim_item=item_map[problem.claim_item[claims]],
        app_source=problem.app_source[keep],
        app_claim=claim_map[app_claim],
        app_item=item_map[problem.app_item[keep]],
        groups=problem.groups,
    )
    return sub, claims


def _pick(values: list[Any], index: np.ndarray) -> list[Any]:
    if index.size == 0:
        return []
    picked = operator.itemgetter(*index.tolist())(values)
    return list(picked) if index.size > 1 else [picked]
