"""Truth-discovery models, all working on :class:`workers.truth.data.Problem`."""

from __future__ import annotations

from collections.abc import Callable

from workers.truth.data import Problem
from workers.truth.models.accu import accu_full, accu_nodep, depen
from workers.truth.models.base import ModelResult
from workers.truth.models.credence_model import credence
from workers.truth.models.truthfinder import truthfinder
from workers.truth.models.vote import majority_vote

Model = Callable[[Problem], ModelResult]

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
