"""Per-process clients for jobs: settings, engine, sessions and Redis, built lazily.

RQ's default worker forks a work horse per job; a pooled connection must never cross a
fork, so the clients are keyed by process id and rebuilt in each new process.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from redis import Redis
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from service.store import db, redis_conn
from service.store.settings import Settings, load_settings, var_dir


@dataclass
class Context:
    pid: int
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    redis: Redis


_ctx: Context | None = None
DISPATCH_TIMEOUT = 3.0


def context() -> Context:
    global _ctx
    if _ctx is None or _ctx.pid != os.getpid():
        settings = load_settings()
        engine = db.make_engine(settings.database_url)
        url = redis_conn.resolve_url(settings.redis_url, var_dir())
        # The dispatcher's blocking pop waits up to a second: the timeout allows for it.
        redis = redis_conn.connect(url, timeout=DISPATCH_TIMEOUT)
        _ctx = Context(os.getpid(), settings, engine, db.make_sessionmaker(engine), redis)
    return _ctx


def reset() -> None:
    """Forget the clients (tests switch databases between runs)."""
    global _ctx
    if _ctx is not None and _ctx.pid == os.getpid():
        _ctx.engine.dispose()
    _ctx = None
