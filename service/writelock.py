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
# that is under this lock, and blocks every other writer while it copies and fsyncs. So
# writers checkpoint after letting go, PASSIVE: each process every this many write
# transactions. Rarely, because a checkpoint's cost is mostly per checkpoint (two fsyncs,
# and index pages rewritten by every commit are copied once): every 150 it cost ingest
# ~0.1 ms a request, every 1,000 (a WAL of ~50 MB at an ingest commit's ~7 pages) ~7 %
# more throughput (bench/README.md).
CHECKPOINT_EVERY = 1000
# The statements that take SQLite's write lock. Reads (SELECT, PRAGMA, WITH … SELECT)
# do not; this code base writes no data-modifying CTEs.
_WRITES = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b", re.IGNORECASE)


class WriterLock:
    def __init__(self, path: Path, timeout: float, checkpoint_every: int = CHECKPOINT_EVERY) -> None:
        self.path = path
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

    def returned(self, dbapi_connection: Any, info: dict[Any, Any]) -> None:
        if not info.pop(_HELD, False):
            return
        self.release()
        self._writes += 1
        if dbapi_connection is not None and self._writes % self.checkpoint_every == 0:
            _checkpoint(dbapi_connection)


def _checkpoint(dbapi_connection: Any) -> None:
    # PASSIVE: copies what it can without waiting for (or blocking) readers and writers.
    try:
        dbapi_connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
    except sqlite3.Error:
        log.warning("WAL checkpoint failed; the next one will catch up", exc_info=True)


def lock_path(database: str) -> Path:
    return Path(database + "-writer.lock")


def install(engine: Engine, lock: WriterLock) -> None:
    """Take ``lock`` before each connection's first write; release it when the connection
    returns to the pool (after the pool's rollback-on-return, so never before SQLite let go
    of its own lock), and now and then checkpoint the WAL after that."""

    def before_execute(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not conn.info.get(_HELD) and _WRITES.match(statement):
            lock.hold(conn.info)

    def checkin(dbapi_connection: Any, record: Any) -> None:
        if record is not None:
            lock.returned(dbapi_connection, record.info)

    event.listen(engine, "before_cursor_execute", before_execute)
    event.listen(engine.pool, "checkin", checkin)
