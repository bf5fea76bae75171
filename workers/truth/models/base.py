"""Common result type of the truth-discovery models."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from workers.truth.dataset import Dataset, argmax_per_item


@dataclass
class ModelResult:
    """Per-claim confidence, per-source accuracy and (optionally) dependence.

    ``confidence[c]`` ranks the claims of one item (higher = more likely true; a
    probability for the Bayesian models). ``dependent_pairs`` lists detected
    copier pairs as ``(source_index, source_index, probability)``.
    """

    confidence: np.ndarray
    accuracy: np.ndarray
    iterations: int = 0
    dependent_pairs: list[tuple[int, int, float]] = field(default_factory=list)

    def truths(self, problem: Dataset) -> np.ndarray:
        """Chosen claim index for every item."""
        return argmax_per_item(problem, self.confidence)
