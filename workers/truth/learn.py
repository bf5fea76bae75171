"""DB-independent entry points for the batch job: :func:`learn` and :func:`connected_components`.

The worker loads appearances from the DB, calls these, and stores the results; nothing
here does I/O. Vocabulary as in DESIGN.md: an *item* is a question, a *value* one
answer to it, and each ``(source, item, value)`` triple is one source's appearance.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.sparse import csgraph

from workers.truth.dataset import encode
from workers.truth.evidence import SourceEvidence, source_evidence
from workers.truth.models.credence_model import credence

Appearance = tuple[Hashable, Hashable, Hashable]


@dataclass
class LearnResult:
    """What the batch estimator learned.

    * ``accuracy``: source -> posterior mean reliability r (DESIGN's Beta posterior).
    * ``observations``: source -> number of its answers the estimate rests on, i.e.
      answers to items that at least one other source also answered. An answer nobody
      else gave leaves r unchanged at the fixed point (its P equals r), so it is not
      evidence about the source.
    * ``dependent_pairs``: detected copier pairs ``(a, b, probability)``, most certain
      first (declared groups are not listed: they are known, not detected).
    * ``truths``: item -> most probable value; ``confidence``: item -> its probability.
    * ``evidence``: source -> :class:`SourceEvidence` (items, shared and contested
      answers, accuracy on contested answers, agreement with the profile prior), what
      the outlet's explanation shows beside the learned accuracy.
    """

    accuracy: dict[Any, float] = field(default_factory=dict)
    observations: dict[Any, float] = field(default_factory=dict)
    dependent_pairs: list[tuple[Any, Any, float]] = field(default_factory=list)
    truths: dict[Any, Any] = field(default_factory=dict)
    confidence: dict[Any, float] = field(default_factory=dict)
    iterations: int = 0
    evidence: dict[Any, SourceEvidence] = field(default_factory=dict)


def learn(
    appearances: Sequence[Appearance],
    priors: Mapping[Hashable, tuple[float, float]] | None = None,
    groups: Mapping[Hashable, Hashable] | None = None,
) -> LearnResult:
    """Learn source reliability, source dependence and the truth of every item jointly.

    ``priors`` maps a source to its profile prior ``(p0, n0)`` (DESIGN.md "Outlet
    reliability" step 1); sources without one get the uniform Beta(1, 1).
    ``groups`` maps a source to its network: appearances of one network on one value
    always form a single evidence unit. A source answering an item twice keeps its
    last answer (pass appearances in publication order). Results do not depend on the
    input order otherwise: exact ties go to the value whose text sorts first.
    """
    if not appearances:
        return LearnResult()
    for p0, n0 in (priors or {}).values():
        if not (0.0 <= p0 <= 1.0) or n0 < 0:
            raise ValueError(f"prior (p0={p0}, n0={n0}) needs 0 <= p0 <= 1 and n0 >= 0")
    problem = encode(appearances, groups)
    index = {s: i for i, s in enumerate(problem.sources)}
    prior_idx = {index[s]: (float(p), float(n)) for s, (p, n) in (priors or {}).items()
                 if s in index}
    result = credence(problem, prior_idx)
    # Exact ties go to the smallest value text, not to the claim seen first, so the
    # answer does not depend on the order the DB returned the rows in.
    text_rank = np.unique(np.array([str(v) for v in problem.claim_values], dtype=object),
                          return_inverse=True)[1]
    order = np.lexsort((text_rank, -result.confidence, problem.claim_item))
    first = np.r_[True, problem.claim_item[order][1:] != problem.claim_item[order][:-1]]
    best = np.empty(problem.n_items, dtype=np.int64)
    best[problem.claim_item[order][first]] = order[first]
    per_item = np.bincount(problem.app_item, minlength=problem.n_items)
    shared = per_item[problem.app_item] > 1
    observed = np.bincount(problem.app_source, weights=shared.astype(float),
                           minlength=problem.n_sources)
    return LearnResult(
        accuracy={s: float(result.accuracy[i]) for i, s in enumerate(problem.sources)},
        observations={s: float(observed[i]) for i, s in enumerate(problem.sources)},
        dependent_pairs=[(problem.sources[a], problem.sources[b], p)
                         for a, b, p in result.dependent_pairs],
        truths={item: problem.claim_values[best[i]] for i, item in enumerate(problem.items)},
        confidence={item: float(result.confidence[best[i]])
                    for i, item in enumerate(problem.items)},
        iterations=result.iterations,
        evidence=dict(zip(problem.sources, source_evidence(problem, result.confidence,
                                                           prior_idx), strict=True)),
    )


def connected_components(appearances: Sequence[Appearance]) -> list[list[Appearance]]:
    """Partition appearances by the connected components of the source-item graph.

    Sources and items are the nodes; every appearance links its source to its item.
    Components share no source and no item, so :func:`learn` can run on each one
    separately (in parallel jobs): no model parameter is shared across components, so
    the union of the results equals one run on all. Largest component first; the input
    order is kept inside a component.
    """
    if not appearances:
        return []
    src: dict[Hashable, int] = {}
    itm: dict[Hashable, int] = {}
    rows = np.fromiter((src.setdefault(a[0], len(src)) for a in appearances), np.int64,
                       len(appearances))
    cols = np.fromiter((itm.setdefault(a[1], len(itm)) for a in appearances), np.int64,
                       len(appearances))
    n = len(src) + len(itm)
    graph = sp.csr_matrix((np.ones(rows.size), (rows, cols + len(src))), shape=(n, n))
    _, labels = csgraph.connected_components(graph, directed=False)
    app_label = labels[rows]
    parts: dict[int, list[Appearance]] = {}
    for label, app in zip(app_label.tolist(), appearances, strict=True):
        parts.setdefault(label, []).append(app)
    return sorted(parts.values(), key=len, reverse=True)
