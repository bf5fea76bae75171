"""The two shapes every resource's work takes: a write (one transaction, then — never
before the commit — the cache keys dropped and the jobs enqueued) and a cached read
(Redis, else the database, refilling Redis)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.http import auth
from service.http.problems import Problem
from service.http.services import services
from service.jobs.effects import Effects
from service.jobs.enqueue import enqueue_effects
from service.store import cache
from service.store.db import transaction

T = TypeVar("T")


def write(fn: Callable[[Session], tuple[T, Effects]]) -> tuple[T, dict[str, str]]:
    """Run ``fn`` in one transaction; after the commit (never before) drop cache keys and
    enqueue the scoring it made necessary. Any error rolls everything back."""
    svc = services()
    try:
        with transaction(svc.sessions) as session:
            result, effects = fn(session)
    except IntegrityError as exc:
        # Raced with another writer past our own checks: the database constraint decides.
        raise Problem(409, "The change conflicts with existing records.", type_="conflict") from exc
    jobs = enqueue_effects(svc.redis, svc.settings, effects)
    return result, jobs


L = TypeVar("L")


def read_through(key: str, load: Callable[[Session], bytes | L]) -> bytes | L:
    """A cached JSON body: prefetched with the API key, else from Redis, else built by
    ``load`` from the database and cached. ``load`` returns something other than bytes
    (None, False) to say there is nothing to cache."""
    svc = services()
    hit = auth.prefetched(key) or cache.get_raw(svc.redis, key)
    if hit is not None:
        return hit
    with svc.sessions() as session:
        data = load(session)
    if isinstance(data, bytes):
        cache.put(svc.redis, key, data, svc.settings.cache_ttl_seconds)
    return data


def dry_run(fn: Callable[[Session], T]) -> T:
    """Run ``fn`` on a session that is always rolled back: a preview computes with the
    same record operations as a write and saves nothing."""
    session = services().sessions()
    try:
        return fn(session)
    finally:
        session.rollback()
        session.close()
