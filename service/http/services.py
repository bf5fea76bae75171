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
from service.store.settings import Settings


@dataclass
class Services:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    redis: Redis
    _poster: InboxPoster | None = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

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

    def flush_inbox(self, timeout: float = 5.0) -> bool:
        """Push whatever this process has posted (a no-op if it never posted)."""
        poster = self._poster
        return poster is None or poster.pid != os.getpid() or poster.flush(timeout)


def services() -> Services:
    svc: Services = current_app.extensions["credence"]
    return svc
