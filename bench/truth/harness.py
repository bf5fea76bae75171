"""Benchmark harness: run every model (and crowd-kit) on one normalised dataset."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bench.truth.crowd import CROWDKIT_MODELS, crowdkit_status, run_crowdkit
from bench.truth.models import MODELS, ModelResult
from bench.truth.normalise import Normalised
from workers.truth.dataset import Dataset, encode


@dataclass
class Score:
    """One model's outcome on one dataset."""

    name: str
    precision: float
    correct: int
    gold_items: int
    seconds: float
    iterations: int = 0
    result: ModelResult | None = field(default=None, repr=False)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "precision": round(self.precision, 4),
            "seconds": round(self.seconds, 4),
            "correct": self.correct,
            "gold_items": self.gold_items,
        }
        if self.result is not None:
            out["iterations"] = self.result.iterations
            out["dependent_pairs"] = len(self.result.dependent_pairs)
        return out


@dataclass
class Report:
    dataset: str
    problem: Dataset
    scores: list[Score]
    notes: list[str]


def gold_index(problem: Dataset, data: Normalised) -> list[tuple[Any, int]]:
    """Gold items that at least one source answered (the others cannot be scored)."""
    index = {item: i for i, item in enumerate(problem.items)}
    return [(item, index[item]) for item in data.gold if item in index]


def precision(problem: Dataset, data: Normalised, chosen: np.ndarray) -> tuple[float, int, int]:
    gold = gold_index(problem, data)
    correct = sum(
        1 for item, i in gold
        if chosen[i] >= 0 and data.matches(item, problem.claim_values[chosen[i]])
    )
    return (correct / len(gold) if gold else 0.0), correct, len(gold)


def fresh(problem: Dataset) -> Dataset:
    """Same problem without cached matrices, so no model is timed on another's work."""
    return dataclasses.replace(problem, _cache={})


def run_benchmark(
    data: Normalised,
    models: Sequence[str] | None = None,
    crowdkit: bool = True,
    progress: Callable[[Iterable[str]], Iterable[str]] = lambda xs: xs,
) -> Report:
    problem = encode(data.claims)
    notes: list[str] = []
    scores: list[Score] = []
    names = list(models or MODELS)
    ck_names = [n for n in names if n in CROWDKIT_MODELS]
    if crowdkit and not models:
        ck_names = list(CROWDKIT_MODELS)
    own = [n for n in names if n in MODELS]
    status = crowdkit_status() if ck_names else None
    if status:
        notes.append(status)
        ck_names = []
    for name in progress(own + ck_names):
        if name in MODELS:
            work = fresh(problem)
            start = time.perf_counter()
            result = MODELS[name](work)
            seconds = time.perf_counter() - start
            prec, ok, total = precision(problem, data, result.truths(problem))
            scores.append(Score(name, prec, ok, total, seconds, result.iterations, result))
        else:
            chosen, seconds = run_crowdkit(fresh(problem), (name,))[name]
            prec, ok, total = precision(problem, data, chosen)
            scores.append(Score(name, prec, ok, total, seconds))
    return Report(data.name, problem, scores, notes)
