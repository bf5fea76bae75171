"""The client against the real service: the app served over real HTTP (werkzeug, threaded:
``served`` in tests/conftest.py) on each database, with real Redis; jobs are run by a real
RQ worker in this process (``run_jobs``) while the client waits in a thread of its own."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from typing import Any, TypeVar

import pytest

from service.client import Credence

T = TypeVar("T")


@pytest.fixture
def base(served: str) -> str:
    return served.removesuffix("/v1/webhooks/ingest")


def _secret(headers: dict[str, str]) -> str:
    return headers["Authorization"].removeprefix("Bearer ")


@pytest.fixture
def clients(base: str, keys: dict[str, dict[str, str]]) -> Iterator[dict[str, Credence]]:
    """A client per role; polls every 20 ms (the service advises 1 s) to keep tests short."""
    made = {role: Credence(base, _secret(h), poll_interval=0.02) for role, h in keys.items()}
    yield made
    for c in made.values():
        c.close()


@pytest.fixture
def while_working(run_jobs: Any) -> Callable[[Callable[[], T]], T]:
    """Run ``call`` (a client call that waits for a job) while a worker works the queue."""

    def run(call: Callable[[], T]) -> T:
        with ThreadPoolExecutor(1) as pool:
            future = pool.submit(call)
            while not future.done():
                run_jobs()
                wait([future], timeout=0.05)
            return future.result()

    return run
