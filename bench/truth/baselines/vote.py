"""Majority vote: the baseline every truth-discovery paper reports."""

from __future__ import annotations

import numpy as np

from workers.truth.dataset import Dataset
from workers.truth.models.base import ModelResult


def majority_vote(problem: Dataset) -> ModelResult:
    """Each item takes the value most sources give; ties go to the value seen first.

    A source's "accuracy" is the share of its answers that agree with the vote, which
    is what the table of source estimates shows for the baseline.
    """
    support = problem.claim_support()
    result = ModelResult(confidence=support, accuracy=np.zeros(problem.n_sources))
    chosen = np.zeros(problem.n_claims)
    chosen[result.truths(problem)] = 1.0
    hits = np.bincount(problem.app_source, weights=chosen[problem.app_claim],
                       minlength=problem.n_sources)
    result.accuracy = hits / np.maximum(problem.source_counts(), 1.0)
    return result
