"""SQLite writers queue on a lock instead of polling for SQLite's.

SQLite lets one connection write at a time. The others get ``SQLITE_BUSY``, and its busy
handler sleeps and retries: 1, 2, 5, 10 … ms. Under sustained ingest, two web processes and
the workers collide on most commits. Those sleeps left a fifth of the CPU idle while
requests waited, and a writer that kept retrying could be overtaken again and again (the
web tier starved while workers wrote). A blocking ``flock`` on a file beside the database
queues writers instead: the next one starts as soon as the lock is released.

The lock is taken just before a connection's first writing statement, where SQLite would
take its own write lock, and released when the connection goes back to the pool (a unit of
work's end: ``db.transaction``, ``engine.begin()``). So readers never wait for it, and the
order is always this lock, then SQLite's. A writer that does not take it (the ``sqlite3``
shell, Alembic) is still arbitrated by SQLite's own busy timeout.

A ``flock`` belongs to an open file, which threads share and a fork inherits. So each
process opens its own file (checked by pid), and a thread lock admits one thread of a
process at a time. A thread that already writes on one connection and starts writing on a
second connection would wait on itself: that wait times out like SQLite's own would.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import sqlite3
import threading
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Engine, event

log = logging.getLogger(__name__)
_HELD = "credence_writer_lock"
# SQLite's own checkpoint runs inside the commit that crosses ``wal_autocheckpoint`` pages,
# that is under this lock, and blocks every other writer while it copies and fsyncs: in
# the ingest benchmark that was ~0.1 ms a request, paid in bursts of tens of ms. So each
# process checkpoints after every this many write transactions, PASSIVE (it waits for
# nobody), on a thread of its own: SQLite runs it without the GIL, so requests go on.
CHECKPOINT_EVERY = 300
# The statements that take SQLite's write lock. Reads (SELECT, PRAGMA, WITH … SELECT)
# do not; this code base writes no data-modifying CTEs.
_WRITES = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b", re.IGNORECASE)


class WriterLock:
    def __init__(self, database: str, timeout: float, checkpoint_every: int = CHECKPOINT_EVERY) -> None:
        self.database = database
        self.path = Path(database + "-writer.lock")
        self.timeout = timeout
        self.checkpoint_every = checkpoint_every
        self._pid = -1
        self._file: IO[bytes] | None = None
        self._local = threading.Lock()
        self._writes = 0

    def _open(self) -> IO[bytes]:
        if self._pid != os.getpid() or self._file is None:
            # A child of a fork must neither share the parent's open file (one flock for
            # both) nor inherit a thread lock held by a thread that did not come along.
            self._local = threading.Lock()
            self._file = open(self.path, "ab")  # noqa: SIM115 (kept open for the process)
            self._pid = os.getpid()
            self._writes = 0
        return self._file

    def acquire(self) -> None:
        handle = self._open()
        if not self._local.acquire(timeout=self.timeout):
            raise sqlite3.OperationalError("database is locked (a writer of this process holds it)")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        except BaseException:
            self._local.release()
            raise

    def release(self) -> None:
        if self._file is not None and self._pid == os.getpid():
            fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
        if self._local.locked():
            self._local.release()

    def hold(self, info: dict[Any, Any]) -> None:
        """Hold the lock for the pooled connection whose ``info`` this is, until it goes
        back to the pool."""
        if not info.get(_HELD):
            self.acquire()
            info[_HELD] = True

    def returned(self, info: dict[Any, Any]) -> None:
        if not info.pop(_HELD, False):
            return
        self.release()
        self._writes += 1
        if self._writes % self.checkpoint_every == 0:
            self._checkpointer().request()

    def _checkpointer(self) -> Checkpointer:
        return checkpointer(self.database)

    def checkpoint_now(self, timeout: float = 10.0) -> bool:
        """Checkpoint and wait for it (tests, shutdown)."""
        return self._checkpointer().request(wait=timeout)


class Checkpointer:
    """One daemon thread per process and database, with its own connection, that runs a
    PASSIVE checkpoint when asked; requests made while one runs are merged into the next."""

    def __init__(self, database: str) -> None:
        self.database = database
        self.pid = os.getpid()
        self._cond = threading.Condition()
        self._asked = 0
        self._done = 0
        self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True)
        self._thread.start()

    def request(self, wait: float | None = None) -> bool:
        with self._cond:
            self._asked += 1
            ticket = self._asked
            self._cond.notify_all()
            if wait is None:
                return True
            return self._cond.wait_for(lambda: self._done >= ticket, wait)

    def _run(self) -> None:
        conn = sqlite3.connect(self.database, timeout=5, check_same_thread=False)
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._asked > self._done)
                ticket = self._asked
            try:
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            except sqlite3.Error:
                log.warning("WAL checkpoint failed; the next one will catch up", exc_info=True)
            with self._cond:
                self._done = ticket
                self._cond.notify_all()


_checkpointers: dict[str, Checkpointer] = {}
_checkpointers_lock = threading.Lock()


def checkpointer(database: str) -> Checkpointer:
    """The process's checkpoint thread for ``database``: one, however many engines."""
    with _checkpointers_lock:
        found = _checkpointers.get(database)
        if found is None or found.pid != os.getpid():
            found = _checkpointers[database] = Checkpointer(database)
        return found


def install(engine: Engine, lock: WriterLock) -> None:
    """Take ``lock`` before each connection's first write; release it when the connection
    returns to the pool (after the pool's rollback-on-return, so never before SQLite let go
    of its own lock)."""

    def before_execute(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not conn.info.get(_HELD) and _WRITES.match(statement):
            lock.hold(conn.info)

    def checkin(_dbapi_connection: Any, record: Any) -> None:
        if record is not None:
            lock.returned(record.info)

    event.listen(engine, "before_cursor_execute", before_execute)
    event.listen(engine.pool, "checkin", checkin)
