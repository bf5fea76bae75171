"""A growable float32 matrix of unit vectors addressed by slot, searched by brute force.

Brute-force inner product is exact and, at 384 dimensions, ~2 ms per 100k rows on one
core, so no approximate index is needed at the product's scale (see docs/matching.md
for the curve to 1M and what to do past one host). Freed rows are zeroed, so they
score 0 and are masked out of results.
"""

from __future__ import annotations

import numpy as np


class VectorStore:
    def __init__(self, dim: int, capacity: int = 1024) -> None:
        self.dim = dim
        self._matrix = np.zeros((capacity, dim), dtype=np.float32)
        self._live = np.zeros(capacity, dtype=bool)
        self._high = 0  # one past the highest slot ever used: the searched prefix

    @property
    def capacity(self) -> int:
        return len(self._live)

    def __len__(self) -> int:
        return int(self._live[: self._high].sum())

    def _grow(self, slot: int) -> None:
        if slot < self.capacity:
            return
        size = max(slot + 1, 2 * self.capacity)
        matrix = np.zeros((size, self.dim), dtype=np.float32)
        matrix[: self._high] = self._matrix[: self._high]
        live = np.zeros(size, dtype=bool)
        live[: self._high] = self._live[: self._high]
        self._matrix, self._live = matrix, live

    def put(self, slot: int, vector: np.ndarray) -> None:
        self._grow(slot)
        self._matrix[slot] = vector
        self._live[slot] = True
        self._high = max(self._high, slot + 1)

    def put_many(self, slots: np.ndarray, vectors: np.ndarray) -> None:
        if len(slots) == 0:
            return
        self._grow(int(slots.max()))
        self._matrix[slots] = vectors
        self._live[slots] = True
        self._high = max(self._high, int(slots.max()) + 1)

    def delete(self, slot: int) -> None:
        if slot < self._high:
            self._matrix[slot] = 0.0
            self._live[slot] = False

    def get(self, slot: int) -> np.ndarray:
        return self._matrix[slot]

    def has(self, slot: int) -> bool:
        return slot < self._high and bool(self._live[slot])

    def rows(self, slots: np.ndarray) -> np.ndarray:
        return self._matrix[slots]

    def scores(self, query: np.ndarray) -> np.ndarray:
        """Inner products with every slot below the high-water mark (dead rows give 0)."""
        return self._matrix[: self._high] @ query.astype(np.float32, copy=False)

    def top(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        scores = self.scores(query)
        live = np.flatnonzero(self._live[: self._high])
        if live.size > k:
            live = live[np.argpartition(-scores[live], k - 1)[:k]]
        order = live[np.argsort(-scores[live], kind="stable")]
        return order, scores[order]

    @property
    def nbytes(self) -> int:
        return int(self._matrix.nbytes + self._live.nbytes)
