"""Small linear models over features: the candidate re-ranker and the `same` scorer.

Their parameters are a few dozen numbers fitted on CheckThat! ``train`` by
:mod:`workers.matching.fit` and committed in :mod:`workers.matching.fitted`; nothing
here depends on the data at run time.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from workers.matching import fitted
from workers.matching.features import ALL_FEATURES, select


@dataclass(frozen=True)
class LinearModel:
    """``w · (x - mean) / scale + bias`` over named features."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float = 0.0

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> LinearModel:
        return cls(
            features=tuple(params["features"]),
            mean=np.asarray(params["mean"], dtype=np.float64),
            scale=np.asarray(params["scale"], dtype=np.float64),
            weights=np.asarray(params["weights"], dtype=np.float64),
            bias=float(params.get("bias", 0.0)),
        )

    def to_params(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "mean": [round(float(x), 6) for x in self.mean],
            "scale": [round(float(x), 6) for x in self.scale],
            "weights": [round(float(x), 6) for x in self.weights],
            "bias": round(self.bias, 6),
        }

    def standardize(self, rows: np.ndarray, layout: Sequence[str] = ALL_FEATURES) -> np.ndarray:
        """Rows whose columns are named by ``layout`` → this model's standardised inputs."""
        cols = rows if tuple(layout) == self.features else select(rows, self.features, layout)
        return (cols - self.mean) / self.scale

    def logits(self, rows: np.ndarray, layout: Sequence[str] = ALL_FEATURES) -> np.ndarray:
        return self.standardize(rows, layout) @ self.weights + self.bias

    def contributions(self, row: np.ndarray) -> dict[str, float]:
        """Each feature's share of one row's logit, for explanations."""
        z = self.standardize(row[None, :])[0] * self.weights
        return {n: float(v) for n, v in zip(self.features, z, strict=True)}


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x > -500 else 0.0


def reranker(mode: str) -> LinearModel:
    return LinearModel.from_params(fitted.RERANKER[mode])


def same_model(mode: str) -> LinearModel:
    return LinearModel.from_params(fitted.DECISION[mode]["model"])


def thresholds(mode: str) -> tuple[float | None, float]:
    """Default (`same`, `candidate`) probability thresholds; `same` None = never merge automatically."""
    d = fitted.DECISION[mode]
    return (None if d["same"] is None else float(d["same"])), float(d["candidate"])
