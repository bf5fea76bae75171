"""Group commit: concurrent writers of one process share a transaction and its commit.

On PostgreSQL with ``synchronous_commit`` on, a commit waits for its WAL to reach the
disk; an ingest delivery does little else, so under load the web process spends most of
a request waiting for flushes it could share. Here the threads that want to write queue
their items; one of them (the leader) runs every queued item in one batch (the caller's
``run``: one transaction, one commit) and hands each its own outcome. A thread returns
only once the batch that holds its item has committed (or failed), so an answer still
means committed.

How long a leader waits for company:

* idle (no other thread of the process on its way to ``submit``): not at all;
* otherwise until every thread announced with ``expect()`` has submitted (or given up,
  e.g. a delivery refused before the write) or ``max_wait`` has passed, whichever comes
  first; items that arrive while a batch commits form the next batch on their own.

The batching is in one process: gunicorn's threads share it, its processes do not (each
has its own). ``run`` must never fail as a whole: it returns one outcome per item, an
exception standing for that item's failure, so one bad item never fails its neighbours.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MAX_WAIT = 0.0015  # s: at most this long a leader waits for announced writers
MAX_BATCH = 64


@dataclass
class _Ticket(Generic[T, R]):
    item: T
    key: Hashable
    done: bool = False
    result: R | None = None
    error: BaseException | None = None


class GroupCommit(Generic[T, R]):
    def __init__(
        self,
        run: Callable[[Sequence[T]], Sequence[R | BaseException]],
        *,
        max_wait: float = MAX_WAIT,
        max_batch: int = MAX_BATCH,
    ) -> None:
        self._run = run
        self.max_wait = max_wait
        self.max_batch = max_batch
        self._cond = threading.Condition()
        self._queue: list[_Ticket[T, R]] = []
        self._leading = False
        self._expected = 0  # threads inside expect() that have not submitted yet
        self._local = threading.local()
        self.batches = 0  # counters for tests and metrics
        self.items = 0

    @contextmanager
    def expect(self) -> Iterator[None]:
        """Announce that this thread will probably ``submit`` soon (a request that has
        started): a leader waits for it rather than commit alone a moment before it."""
        with self._cond:
            self._expected += 1
        self._local.announced = True
        try:
            yield
        finally:
            if self._local.announced:  # left without submitting (refused, failed)
                self._local.announced = False
                with self._cond:
                    self._expected -= 1
                    self._cond.notify_all()

    def submit(self, item: T, key: Hashable | None = None) -> R:
        """Write ``item`` in the next batch and return its outcome once that batch has
        committed; raise its exception if it failed. Two items with one ``key`` never share
        a batch (a replayed delivery id is decided by the transaction after the first's)."""
        ticket: _Ticket[T, R] = _Ticket(item, key if key is not None else object())
        announced = getattr(self._local, "announced", False)
        self._local.announced = False
        with self._cond:
            if announced:
                self._expected -= 1
            self._queue.append(ticket)
            self._cond.notify_all()
            while not ticket.done:
                if self._leading:
                    self._cond.wait()
                    continue
                self._leading = True
                try:
                    batch = self._gather()
                finally:
                    self._cond.release()
                try:
                    self._execute(batch)
                finally:
                    self._cond.acquire()
                    self._leading = False
                    self._cond.notify_all()
        if ticket.error is not None:
            raise ticket.error
        return ticket.result  # type: ignore[return-value]

    def _gather(self) -> list[_Ticket[T, R]]:
        """The next batch (called with the lock held, by the leader). Waits while threads
        it was told to expect are still on their way, at most ``max_wait``."""
        deadline = time.monotonic() + self.max_wait
        while len(self._queue) < self.max_batch and self._expected > 0:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            self._cond.wait(left)
        batch: list[_Ticket[T, R]] = []
        keys: set[Hashable] = set()
        rest: list[_Ticket[T, R]] = []
        for t in self._queue:
            if len(batch) < self.max_batch and t.key not in keys:
                keys.add(t.key)
                batch.append(t)
            else:
                rest.append(t)
        self._queue = rest
        return batch

    def _execute(self, batch: list[_Ticket[T, R]]) -> None:
        try:
            outcomes = self._run([t.item for t in batch])
            if len(outcomes) != len(batch):
                raise RuntimeError(f"a batch of {len(batch)} gave {len(outcomes)} outcomes")
        except BaseException as exc:
            outcomes = [exc] * len(batch)
        with self._cond:
            self.batches += 1
            self.items += len(batch)
            for t, out in zip(batch, outcomes, strict=True):
                if isinstance(out, BaseException):
                    t.error = out
                else:
                    t.result = out
                t.done = True
            self._cond.notify_all()
