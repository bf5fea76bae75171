"""Every job the service enqueues names a function the worker can import: a job moved or
renamed without its table entry fails here, not in production."""

from __future__ import annotations

import importlib
import inspect

import pytest

from service.jobs import table


@pytest.mark.parametrize("job", table.JOBS, ids=lambda j: j.prefix)
def test_every_job_path_resolves_to_a_function(job: table.Job) -> None:
    module_name, _, name = job.path.rpartition(".")
    func = getattr(importlib.import_module(module_name), name)
    assert inspect.isfunction(func)
    assert module_name.startswith("workers.jobs.")


def test_job_prefixes_and_paths_are_unique() -> None:
    assert len({j.prefix for j in table.JOBS}) == len(table.JOBS)
    assert len({j.path for j in table.JOBS}) == len(table.JOBS)


def test_every_job_module_function_is_in_the_table() -> None:
    # A public function of a job module that no table entry names is either dead or a job
    # someone enqueues by a path written elsewhere.
    named = {j.path for j in table.JOBS}
    for module_name in ("articles", "learn", "notify", "scores"):
        module = importlib.import_module(f"workers.jobs.{module_name}")
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if func.__module__ == module.__name__ and not name.startswith("_"):
                assert f"{module.__name__}.{name}" in named, name


def test_ids_are_deterministic() -> None:
    assert table.SCORE_CLAIM.id("c_1") == "score-claim--c_1"
    assert table.SCORE_CLAIMS.batch_id(["a", "b", "c"]) == "score-claims--a--c--3"
    assert table.RESCORE_ALL.id() == "rescore-all"
