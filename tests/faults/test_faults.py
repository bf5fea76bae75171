"""Faults injected for real under a bounded load (issue 16): Redis killed and restarted
empty, Redis paused, a worker SIGKILLed mid-batch, PostgreSQL backends terminated. After
each: every acknowledged write is present and processed exactly once, nothing is stale,
and the API answered throughout; what each cost goes in the report table."""

from __future__ import annotations

import itertools
import os
import signal
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from tests.faults.harness import (
    CONVERGE_LIMIT,
    Stack,
    batch_running,
    converge,
    refused,
    start_load,
    summary,
    terminate_backends,
    wait_for,
)

pytestmark = pytest.mark.faults

SECONDS = 20.0  # load per scenario
_RUNS = itertools.count(1)
INGEST, CLAIMS = 15.0, 3.0
LOAD = f"{INGEST:g} deliveries/s + {CLAIMS:g} claim writes/s + 5 reads/s, {SECONDS:g} s"


def scenario(s: Stack, name: str, inject: Callable[[], tuple[float, float]]) -> dict[str, Any]:
    """Run the load, ``inject`` the fault while it runs (it returns the fault's start and
    end, wall clock), then wait for convergence and check every acknowledged write."""
    # A tag of its own per fault: two faults' loads must not write the same claim texts.
    tag = f"{name.split()[0].lower()}{next(_RUNS)}"
    load = start_load(s, tag, SECONDS, ingest=INGEST, claims=CLAIMS)
    window: list[float] = []
    thread = threading.Thread(target=lambda: window.extend(inject()))
    thread.start()
    records = load.wait()
    load_end = time.time()
    thread.join()
    start, end = window
    converged_s, state = converge(s, records, end)
    after_load = converged_s - max(0.0, load_end - end)
    facts = summary(records)
    api = [r for r in records if r["kind"] != "readyz"]
    probes = [r for r in records if r["kind"] == "readyz" and start <= r["t"] <= end]
    row = {
        "fault": name,
        "load": LOAD,
        "refused": refused(api, start, end),
        "during": sum(1 for r in api if start <= r["t"] <= end),
        "converged_s": converged_s,
        "after_load_s": after_load,
        "lost": len(state.lost),
        "readyz": f"{sum(1 for r in probes if r['status'] == 503)} of {len(probes)} 503, "
        f"slowest {max((r['ms'] for r in probes), default=0) / 1000:.1f} s",
        **facts,
    }
    s.results.append(row)
    assert state.lost == [], f"acknowledged writes missing: {state.lost[:5]}"
    assert state.wrong == [], f"not processed exactly once: {state.wrong[:5]}"
    assert state.done, f"not converged {CONVERGE_LIMIT:g} s after the fault: {state}"
    # The API answered throughout: something was acknowledged while the fault lasted.
    assert any(r.get("id") and start <= r["t"] <= end for r in records), (
        "no write acknowledged during the fault"
    )
    assert s.served.proc.poll() is None and s.standalone.poll() is None
    return row


def test_redis_killed_and_restarted_empty(faults_stack: Stack) -> None:
    s = faults_stack

    def inject() -> tuple[float, float]:
        time.sleep(5)
        start = time.time()
        s.redis.kill()
        time.sleep(10)
        s.redis.start()
        return start, time.time()

    row = scenario(s, "Redis killed, restarted empty 10 s later", inject)
    assert row["refused"] == {}, row["refused"]  # reads from the database, writes committed


def test_redis_paused(faults_stack: Stack) -> None:
    s = faults_stack

    def inject() -> tuple[float, float]:
        time.sleep(5)
        start = time.time()
        s.redis.pause()
        time.sleep(10)
        s.redis.resume()
        return start, time.time()

    row = scenario(s, "Redis paused (SIGSTOP) 10 s", inject)
    assert row["refused"] == {}, row["refused"]


def test_worker_killed_mid_batch(faults_stack: Stack) -> None:
    s = faults_stack

    def inject() -> tuple[float, float]:
        time.sleep(3)
        assert wait_for(lambda: batch_running(s), 15), "no batch job ever ran"
        start = time.time()
        victim = s.credence_worker_pid()
        assert victim is not None
        os.kill(victim, signal.SIGKILL)
        assert wait_for(lambda: s.credence_worker_pid() not in (None, victim), 30, 0.2), (
            "worker not restarted"
        )
        return start, time.time()

    row = scenario(s, "credence serve's worker SIGKILLed mid-batch", inject)
    assert row["refused"] == {}, row["refused"]


def test_postgres_backends_terminated(faults_stack: Stack) -> None:
    s = faults_stack
    if not s.is_postgres:
        pytest.skip("needs TEST_DATABASE_URL (PostgreSQL)")

    def inject() -> tuple[float, float]:
        time.sleep(5)
        start = time.time()
        for _ in range(3):  # every connection of every process, three times over 4 s
            terminate_backends(s)
            time.sleep(2)
        return start, time.time()

    scenario(s, "PostgreSQL: every backend terminated, 3 times in 4 s", inject)
