"""The SQLite writer lock (``service.store.writelock``): taken at a connection's first write,
released when the connection is back in the pool, exclusive across processes and
threads, never inherited by a fork; the WAL is checkpointed by a thread of each process."""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from service.store import writelock
from service.store.db import make_engine, make_sessionmaker, transaction, writer_lock


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    eng = make_engine(f"sqlite:///{tmp_path / 'w.db'}")
    with eng.begin() as conn:
        conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"))
    yield eng
    eng.dispose()


def _held_elsewhere(path: Path) -> bool:
    """Whether some open file holds the lock: probed through a file of our own."""
    with open(path, "ab") as probe:
        try:
            fcntl.flock(probe.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(probe.fileno(), fcntl.LOCK_UN)
        return False


def test_sqlite_engines_have_one_and_other_databases_none(engine: Engine) -> None:
    lock = writer_lock(engine)
    assert lock is not None and lock.path.name == "w.db-writer.lock"
    assert writer_lock(make_engine("sqlite:///:memory:")) is None
    assert writer_lock(make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")) is None


def test_a_write_holds_the_lock_until_the_connection_is_back_in_the_pool(engine: Engine) -> None:
    lock = writer_lock(engine)
    assert lock is not None
    with engine.connect() as conn:
        conn.execute(text("SELECT count(*) FROM t")).scalar_one()
        assert not _held_elsewhere(lock.path)  # reads never take it
        conn.execute(text("INSERT INTO t (v) VALUES ('a')"))
        assert _held_elsewhere(lock.path)
        conn.commit()
    assert not _held_elsewhere(lock.path)

    sessions = make_sessionmaker(engine)
    with pytest.raises(RuntimeError), transaction(sessions) as session:
        session.execute(text("UPDATE t SET v = 'b'"))
        assert _held_elsewhere(lock.path)
        raise RuntimeError("rolled back")
    assert not _held_elsewhere(lock.path)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT v FROM t")).scalar_one() == "a"


def _write_in_child(url: str, started: multiprocessing.Event, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    eng = make_engine(url)
    started.set()
    with eng.begin() as conn:
        # No busy wait at all: without the lock, this INSERT fails at once ("locked").
        conn.execute(text("PRAGMA busy_timeout=0"))
        conn.execute(text("INSERT INTO t (v) VALUES ('child')"))
        out.put(time.monotonic())  # CLOCK_MONOTONIC is shared by processes on one host
    eng.dispose()


def test_a_writer_in_another_process_waits_for_the_lock_not_for_a_busy_error(engine: Engine) -> None:
    ctx = multiprocessing.get_context("spawn")
    started, out = ctx.Event(), ctx.Queue()
    with engine.connect() as conn:
        conn.execute(text("INSERT INTO t (v) VALUES ('parent')"))
        child = ctx.Process(target=_write_in_child, args=(str(engine.url), started, out))
        child.start()
        assert started.wait(30)
        time.sleep(0.5)  # the child is now blocked on the lock
        assert out.empty()
        conn.commit()
        released = time.monotonic()
    wrote_at = out.get(timeout=30)
    child.join(30)
    assert child.exitcode == 0
    assert wrote_at >= released
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM t")).scalar_one() == 2


def test_threads_of_one_process_take_turns(engine: Engine) -> None:
    order: list[str] = []

    def write(name: str, hold: float) -> None:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO t (v) VALUES (:v)"), {"v": name})
            order.append(f"{name} in")
            time.sleep(hold)
            order.append(f"{name} out")

    first = threading.Thread(target=write, args=("first", 0.3))
    first.start()
    time.sleep(0.1)
    second = threading.Thread(target=write, args=("second", 0))
    second.start()
    first.join(30)
    second.join(30)
    assert order == ["first in", "first out", "second in", "second out"]


def test_a_second_connection_of_the_holding_thread_times_out_instead_of_hanging(tmp_path: Path) -> None:
    lock = writelock.WriterLock(str(tmp_path / "x.db"), timeout=0.2)
    lock.hold({})
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        lock.hold({})
    lock.release()


def _acquire_in_forked_child(lock: writelock.WriterLock, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    t0 = time.monotonic()
    lock.acquire()  # must wait for the parent: the child opened a file of its own
    out.put(time.monotonic() - t0)
    lock.release()


def test_a_forked_child_does_not_inherit_the_parents_hold(tmp_path: Path) -> None:
    lock = writelock.WriterLock(str(tmp_path / "x.db"), timeout=30)
    lock.acquire()
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    child = ctx.Process(target=_acquire_in_forked_child, args=(lock, out))
    child.start()
    time.sleep(0.5)
    lock.release()
    waited = out.get(timeout=30)
    child.join(30)
    assert child.exitcode == 0
    assert waited >= 0.4


def test_writers_checkpoint_the_wal_after_releasing_the_lock(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    eng = make_engine(f"sqlite:///{db}")
    lock = writer_lock(eng)
    assert lock is not None
    lock.checkpoint_every = 3
    with eng.begin() as conn:  # write 1
        conn.execute(text("CREATE TABLE big (v BLOB)"))
    size_before = db.stat().st_size
    for _ in range(2):  # writes 2 and 3: 3 is checkpointed into the database file
        with eng.begin() as conn:
            conn.execute(text("INSERT INTO big (v) VALUES (:v)"), {"v": os.urandom(200_000)})
    deadline = time.monotonic() + 10  # by the process's checkpoint thread
    while db.stat().st_size <= size_before + 300_000 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert db.stat().st_size > size_before + 300_000
    assert lock.checkpoint_now()
    eng.dispose()
