"""crowd-kit baselines (MajorityVote, Wawa, DawidSkene, MACE) on the same problems.

crowd-kit is an optional extra (``pip install credence[bench]``). Its aggregators
take a DataFrame ``task, worker, label`` and assume one label vocabulary shared by all
tasks; here every item has its own answers, so labels are the *local* index of an
answer within its item, ordered by support (0 = the most common answer), ties by
value text. Dawid-Skene
and MACE then learn each worker's confusion over those ranks, the usual way to fit
them to open-answer data. Library defaults are used for every aggregator.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from workers.truth.dataset import Dataset

CROWDKIT_MODELS = ("crowdkit_mv", "crowdkit_wawa", "crowdkit_ds", "crowdkit_mace")


def crowdkit_status() -> str | None:
    """None when crowd-kit imports, else the reason it does not."""
    try:
        import crowdkit.aggregation  # noqa: F401
    except Exception as exc:  # ImportError, or a broken install of its dependencies
        return f"crowd-kit not importable ({exc.__class__.__name__}: {exc}); skipped"
    return None


def _wawa(frame: Any) -> Any:
    """crowd-kit's Wawa: skills from agreement with MV, then MV weighted by skill.

    ``Wawa.predict`` in crowd-kit 1.4.2 calls scikit-learn's ``check_is_fitted``, which
    raises on scikit-learn >= 1.6 (no ``__sklearn_tags__``); so its two documented
    steps are called directly: ``Wawa.fit`` then ``MajorityVote.fit(skills=...)``.
    """
    from crowdkit.aggregation import MajorityVote, Wawa

    wawa = Wawa().fit(frame)
    return MajorityVote().fit(frame, skills=wawa.skills_).labels_


def _factories() -> dict[str, Callable[[Any], Any]]:
    from crowdkit.aggregation import MACE, DawidSkene, MajorityVote

    return {
        "crowdkit_mv": lambda f: MajorityVote().fit_predict(f),
        "crowdkit_wawa": _wawa,
        "crowdkit_ds": lambda f: DawidSkene().fit_predict(f),
        "crowdkit_mace": lambda f: MACE().fit_predict(f),
    }


def local_labels(problem: Dataset) -> np.ndarray:
    """Rank of every claim among its item's claims by support, ties by value text.

    Ties must not be broken by order of appearance: the input is grouped by source
    (one file per weather site), so "first seen" would let a label stand for *who*
    gave it, and Dawid-Skene/MACE could learn source identities from label ids.
    """
    support = problem.claim_support()
    text = np.array([str(v) for v in problem.claim_values], dtype=object)
    text_rank = np.unique(text, return_inverse=True)[1]
    order = np.lexsort((text_rank, -support, problem.claim_item))
    items_sorted = problem.claim_item[order]
    starts = np.flatnonzero(np.r_[True, items_sorted[1:] != items_sorted[:-1]])
    run_start = np.repeat(starts, np.diff(np.r_[starts, order.size]))
    rank = np.empty(problem.n_claims, dtype=np.int64)
    rank[order] = np.arange(order.size) - run_start
    return rank


def run_crowdkit(
    problem: Dataset, names: tuple[str, ...] = CROWDKIT_MODELS
) -> dict[str, tuple[np.ndarray, float]]:
    """Chosen claim per item and fit time (seconds) of every crowd-kit aggregator."""
    import pandas as pd

    rank = local_labels(problem)
    frame = pd.DataFrame({
        "task": problem.app_item,
        "worker": problem.app_source,
        "label": rank[problem.app_claim],
    })
    lookup = {(int(i), int(r)): c for c, (i, r) in enumerate(zip(problem.claim_item, rank,
                                                                  strict=True))}
    out: dict[str, tuple[np.ndarray, float]] = {}
    factories = _factories()
    for name in names:
        with warnings.catch_warnings():
            # crowd-kit 1.4.2 trips pandas 3 deprecation warnings on every call; they
            # say nothing about the results and would bury the benchmark output.
            warnings.simplefilter("ignore")
            start = time.perf_counter()
            predicted = factories[name](frame)
            seconds = time.perf_counter() - start
        chosen = np.full(problem.n_items, -1, dtype=np.int64)
        for task, label in predicted.items():
            chosen[int(task)] = lookup.get((int(task), int(label)), -1)
        out[name] = (chosen, seconds)
    return out
