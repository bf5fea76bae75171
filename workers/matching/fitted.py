"""Parameters fitted on CheckThat! 2020 train (placeholder until fit runs)."""

from __future__ import annotations

from typing import Any

from workers.matching.features import ALL_FEATURES, LEXICAL_FEATURES

FUSION: dict[str, Any] = {"k": 10.0, "dense_weight": 1.5}


def _unit(names: tuple[str, ...]) -> dict[str, Any]:
    return {"features": list(names), "mean": [0.0] * len(names), "scale": [1.0] * len(names),
            "weights": [1.0] * len(names), "bias": 0.0}


RERANKER: dict[str, Any] = {"hybrid": _unit(ALL_FEATURES), "lexical": _unit(LEXICAL_FEATURES)}
DECISION: dict[str, Any] = {
    m: {"model": _unit(("logit", "gap")), "same": 0.9, "candidate": 0.3} for m in ("hybrid", "lexical")
}
