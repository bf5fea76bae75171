"""Engine and sessions. One engine per app (kept in ``app.extensions``), a session per
request that never outlives it, and migrations run through Alembic's API."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, TextClause, create_engine, event, make_url
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from service.store import writelock

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
SQLITE_BUSY_SECONDS = 30
WEB_THREADS = 4  # gunicorn threads per web process, unless CREDENCE_WEB_THREADS says
_writer_locks: WeakKeyDictionary[Engine, writelock.WriterLock] = WeakKeyDictionary()


def make_engine(url: str) -> Engine:
    kwargs: dict[str, Any] = {"future": True}
    database = make_url(url).database if url.startswith("sqlite") else None
    on_disk = bool(database) and database != ":memory:"
    if url.startswith("sqlite"):
        if database and on_disk:
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": SQLITE_BUSY_SECONDS, "check_same_thread": False}
    else:
        kwargs.update(pool_pre_ping=True, **pool_size())
    engine = create_engine(url, **kwargs)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_pragmas)
        if database and on_disk:
            lock = writelock.WriterLock(database, timeout=SQLITE_BUSY_SECONDS)
            writelock.install(engine, lock)
            _writer_locks[engine] = lock
    return engine


def web_threads() -> int:
    """Request threads per web process (``CREDENCE_WEB_THREADS``, default 4)."""
    return max(1, int(os.environ.get("CREDENCE_WEB_THREADS", WEB_THREADS)))


def pool_size() -> dict[str, int]:
    """A PostgreSQL engine's pool, sized from the threads that can use it at once.

    A thread holds one connection at a time (a request's session, or the group commit's
    batch, which one thread runs for all), so ``threads`` pooled connections are kept open
    (no per-request connection setup) and as many again may open for a burst of nested
    use and close after it. A worker process is one thread: it opens only what it uses
    (one or two). README "Benchmarks" gives the count for N web and M worker processes.
    """
    threads = web_threads()
    return {"pool_size": threads, "max_overflow": threads}


def writer_lock(engine: Engine) -> writelock.WriterLock | None:
    """The engine's SQLite writer lock, for writes made on a raw DBAPI connection (which
    bypass the engine's events); None for other databases."""
    return _writer_locks.get(engine)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Foreign keys are off by default in SQLite; WAL lets the API read while a worker writes.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
    # Writers checkpoint after their commit (service.store.writelock); SQLite's own, inside a
    # commit, stays as the backstop for writers that bypass the engine. A WAL that grew
    # is cut back to 64 MB when it restarts.
    cur.execute("PRAGMA wal_autocheckpoint=20000")
    cur.execute("PRAGMA journal_size_limit=67108864")
    cur.close()


def lost_connection(engine: Engine, exc: BaseException) -> bool:
    """Whether ``exc`` says the database connection broke (a terminated backend, a
    restart), as opposed to a statement the database refused: SQLAlchemy's operational
    and interface errors, or the driver's own when a raw DBAPI connection was used."""
    if isinstance(exc, OperationalError | InterfaceError):
        return True
    dbapi = engine.dialect.loaded_dbapi
    return isinstance(exc, dbapi.OperationalError | dbapi.InterfaceError)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, future=True)


@contextmanager
def transaction(factory: sessionmaker[Session], *, commit: bool = True) -> Iterator[Session]:
    """A unit of work: commit on success, roll back everything on any exception.
    ``commit=False`` always rolls back: a dry run executes exactly the real code."""
    session = factory()
    try:
        yield session
        if commit:
            session.commit()
        else:
            session.rollback()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


class Prepared:
    """A textual statement compiled once for a dialect, to run on a DBAPI cursor.

    For the few hot-path writes where SQLAlchemy's per-execution work (context, result
    objects, pool events) costs more than the database does. Parameters still go through
    the statement's own type processors (UTC datetimes, JSON), and the SQL is
    SQLAlchemy's compilation (paramstyle, casts), so rows are stored exactly as the ORM
    would store them.
    """

    def __init__(self, statement: TextClause, dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        self.sql = compiled.string
        self._order = compiled.positiontup  # None for named paramstyles
        self._processors = {
            name: proc
            for name, bind in compiled.binds.items()
            if (proc := bind.type.dialect_impl(dialect).bind_processor(dialect)) is not None
        }

    def params(self, values: Mapping[str, Any]) -> Any:
        bound = {k: (self._processors[k](v) if k in self._processors else v) for k, v in values.items()}
        return tuple(bound[n] for n in self._order) if self._order is not None else bound


@lru_cache(maxsize=64)
def prepared(statement: TextClause, dialect: Dialect) -> Prepared:
    return Prepared(statement, dialect)


def alembic_config(url: str) -> Config:
    # Alembic is imported here, not at the top: every web and worker process imports this
    # module, and only migrating needs Alembic (about a second of imports).
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def migrate(url: str, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(url), revision)
