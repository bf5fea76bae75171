"""Real ``credence worker`` processes: one running beside a test, one killed mid-job (the
fault the suite injects)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rq.registry import StartedJobRegistry


@contextmanager
def running_worker(env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    """A real ``credence worker`` process (no reconciler) for the duration."""
    worker = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "credence"), "worker", "--no-reconciler"],
        env=os.environ | env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield worker
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


def kill_worker_mid_job(env: dict[str, str], redis: Any, queue_name: str, job_prefix: str) -> None:
    """Start a worker, wait until it has started a job whose id begins with
    ``job_prefix``, then SIGKILL it and its work horse together."""
    worker = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "credence"), "worker", "--no-reconciler"],
        env=os.environ | env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        started = StartedJobRegistry(queue_name, connection=redis)
        deadline = time.monotonic() + 180  # a guard, not a budget: a loaded machine is slow to start one
        while not any(j.startswith(job_prefix) for j in started.get_job_ids()):
            assert time.monotonic() < deadline, f"worker never started a {job_prefix} job"
            assert worker.poll() is None, "worker died on its own"
            time.sleep(0.005)
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()


def children(pid: int) -> dict[int, str]:
    """The direct children of ``pid``: pid → command line (from /proc)."""
    found: dict[int, str] = {}
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as f:
                kids = [int(p) for p in f.read().split()]
        except (FileNotFoundError, ValueError):
            continue
        for kid in kids:
            try:
                with open(f"/proc/{kid}/cmdline", "rb") as f:
                    found[kid] = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
            except FileNotFoundError:
                continue
    return found


def child_running(pid: int, needle: str) -> int | None:
    """The pid of ``pid``'s child whose command line contains ``needle`` (None if none)."""
    return next((kid for kid, cmd in children(pid).items() if needle in cmd), None)
