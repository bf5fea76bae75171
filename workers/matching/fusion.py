"""Rank fusion of the lexical and dense candidate lists (the untuned comparison system)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def rrf_scores(lex_ranks: Sequence[int | None], dense_ranks: Sequence[int | None], *, k: float = 10.0,
               dense_weight: float = 1.5) -> np.ndarray:
    """Weighted reciprocal-rank fusion; ranks are 0-based, ``None`` = not retrieved by that side.

    RRF needs no score calibration between BM25 and cosine, which is why it is the
    baseline; the learned re-ranker in :mod:`workers.matching.rerank` replaces it.
    """
    out = np.zeros(len(lex_ranks), dtype=np.float64)
    for i, (lr, dr) in enumerate(zip(lex_ranks, dense_ranks, strict=True)):
        if lr is not None:
            out[i] += 1.0 / (k + lr + 1)
        if dr is not None:
            out[i] += dense_weight / (k + dr + 1)
    return out
