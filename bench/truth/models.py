"""The truth-discovery models compared by `credence bench-truth`: Credence's own (the
service's, from `workers.truth`) beside the paper baselines, all on `Dataset`."""

from __future__ import annotations

from collections.abc import Callable

from bench.truth.baselines.accu import accu_full, accu_nodep, depen
from bench.truth.baselines.truthfinder import truthfinder
from bench.truth.baselines.vote import majority_vote
from workers.truth.dataset import Dataset
from workers.truth.models.base import ModelResult
from workers.truth.models.credence_model import credence

Model = Callable[[Dataset], ModelResult]

# Order = column order of the benchmark table.
MODELS: dict[str, Model] = {
    "vote": majority_vote,
    "truthfinder": truthfinder,
    "accu_nodep": accu_nodep,
    "depen": depen,
    "accu": accu_full,
    "credence": credence,
}

__all__ = ["MODELS", "Model", "ModelResult"]
