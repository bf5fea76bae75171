"""The clients an app holds, created in ``create_app`` and kept in ``app.extensions``."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field

from flask import current_app
from redis import Redis
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from service.jobs.inbox import InboxPoster
from service.records import articles
from service.store.group_commit import MAX_BATCH, GroupCommit
from service.store.settings import Settings


@dataclass
class Services:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    redis: Redis
    _poster: InboxPoster | None = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _commits: GroupCommit[articles.Delivery, articles.Accepted] | None = field(
        default=None, init=False, repr=False
    )
    _commits_pid: int = field(default=-1, init=False, repr=False)

    def inbox(self) -> InboxPoster:
        """This process's inbox poster, started on first use: after gunicorn's fork, never
        before it (a thread does not survive a fork)."""
        poster = self._poster
        if poster is None or poster.pid != os.getpid():
            from service.jobs.inbox import inbox_key

            with self._lock:
                poster = self._poster
                if poster is None or poster.pid != os.getpid():
                    poster = self._poster = InboxPoster(self.redis, inbox_key(self.settings))
        return poster

    def ingest_commits(self) -> GroupCommit[articles.Delivery, articles.Accepted]:
        """This process's group commit for ingest deliveries (its lock and waiting threads
        belong to one process: a fork gets a new one)."""
        commits = self._commits
        if commits is None or self._commits_pid != os.getpid():
            with self._lock:
                commits = self._commits
                if commits is None or self._commits_pid != os.getpid():
                    engine = self.engine
                    # CREDENCE_INGEST_BATCH=1 turns the sharing off (each delivery its own
                    # commit): the benchmark's A/B of group commit against threads alone.
                    most = max(1, int(os.environ.get("CREDENCE_INGEST_BATCH", MAX_BATCH)))
                    commits = self._commits = GroupCommit(
                        lambda batch: articles.accept_many(engine, batch), max_batch=most
                    )
                    self._commits_pid = os.getpid()
        return commits

    def flush_inbox(self, timeout: float = 5.0) -> bool:
        """Push whatever this process has posted (a no-op if it never posted)."""
        poster = self._poster
        return poster is None or poster.pid != os.getpid() or poster.flush(timeout)


def services() -> Services:
    svc: Services = current_app.extensions["credence"]
    return svc
