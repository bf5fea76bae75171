"""The group-commit mechanism alone (no database): who shares a batch, who gets what."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import pytest

from service.store.group_commit import GroupCommit


class Recorder:
    """A ``run`` that records its batches; the first one blocks until released, so that
    the items submitted meanwhile must queue up for the next."""

    def __init__(self, fail: set[int] | None = None) -> None:
        self.batches: list[list[int]] = []
        self.fail = fail or set()
        self.first_started = threading.Event()
        self.release = threading.Event()

    def __call__(self, items: Sequence[int]) -> list[int | BaseException]:
        self.batches.append(list(items))
        if len(self.batches) == 1:
            self.first_started.set()
            self.release.wait(10)
        return [ValueError(f"bad {i}") if i in self.fail else i * 10 for i in items]


def _submit_all(
    gc: GroupCommit[int, int], items: list[int], keys: list[str] | None = None
) -> dict[int, object]:
    out: dict[int, object] = {}
    lock = threading.Lock()

    def one(i: int, key: str | None) -> None:
        with gc.expect():
            try:
                got: object = gc.submit(i, key)
            except ValueError as exc:
                got = exc
        with lock:
            out[i] = got

    threads = [threading.Thread(target=one, args=(i, keys[n] if keys else None)) for n, i in enumerate(items)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    return out


def test_a_lone_writer_commits_alone() -> None:
    run = Recorder()
    run.release.set()
    gc: GroupCommit[int, int] = GroupCommit(run)
    with gc.expect():
        assert gc.submit(7) == 70
    assert run.batches == [[7]]


def test_writers_queued_behind_a_commit_share_the_next() -> None:
    run = Recorder()
    gc: GroupCommit[int, int] = GroupCommit(run, max_wait=5.0)
    first = threading.Thread(target=lambda: gc.submit(0))
    first.start()
    assert run.first_started.wait(10)
    # Eight more arrive while the first batch is "committing": they form one batch (the
    # leader waits for every announced thread, well inside the 5 s bound).
    results: dict[int, object] = {}
    done = threading.Thread(target=lambda: results.update(_submit_all(gc, list(range(1, 9)))))
    done.start()
    while gc._expected or len(gc._queue) < 8:  # all eight queued behind the first batch
        threading.Event().wait(0.01)
    run.release.set()
    done.join(10)
    first.join(10)
    assert results == {i: i * 10 for i in range(1, 9)}
    assert len(run.batches) == 2  # one commit for the eight, each run exactly once
    assert sorted(run.batches[1]) == list(range(1, 9))


def test_one_failure_fails_only_its_writer() -> None:
    run = Recorder(fail={3})
    run.release.set()
    gc: GroupCommit[int, int] = GroupCommit(run)
    out = _submit_all(gc, list(range(6)))
    assert isinstance(out.pop(3), ValueError)
    assert out == {i: i * 10 for i in (0, 1, 2, 4, 5)}


def test_a_batch_that_breaks_as_a_whole_fails_each_writer_with_its_error() -> None:
    def broken(items: Sequence[int]) -> list[int | BaseException]:
        raise ValueError("connection lost")

    gc: GroupCommit[int, int] = GroupCommit(broken)
    with pytest.raises(ValueError, match="connection lost"):
        gc.submit(1)
    # The mechanism is not left wedged: the next writer leads its own batch.
    gc2: GroupCommit[int, int] = GroupCommit(lambda items: [i for i in items])
    assert gc2.submit(2) == 2


def test_one_key_never_twice_in_a_batch() -> None:
    run = Recorder()
    run.release.set()
    gc: GroupCommit[int, int] = GroupCommit(run, max_wait=1.0)
    out = _submit_all(gc, [1, 2, 3, 4], keys=["a", "a", "b", "a"])
    assert out == {1: 10, 2: 20, 3: 30, 4: 40}
    for batch in run.batches:
        assert len([i for i in batch if i in (1, 2, 4)]) <= 1


def test_leaving_without_submitting_does_not_hold_the_leader() -> None:
    run = Recorder()
    run.release.set()
    gc: GroupCommit[int, int] = GroupCommit(run, max_wait=30.0)
    with gc.expect():
        pass  # e.g. a delivery refused with 401 before the write
    # No announced thread is on its way, so this leader does not wait out the 30 s bound
    # (a wedge would hang the test, not make it slow).
    assert gc.submit(5) == 50
