"""Authentication and roles for HTTP requests: a bearer API key (``service.records.keys``)
checked before anything else runs, then the role, then the per-key rate limit.

Key records are cached in Redis so a request costs one round trip; revoking deletes the
cache entry after the commit, so a revoked key stops working at once. Ids that name no
key are not cached, and each client address may try only so many of them a minute.
"""

from __future__ import annotations

import contextlib
import functools
import hmac
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import redis
from flask import g, request

from service.http.problems import Problem
from service.http.services import services
from service.records.keys import RANK, hash_secret, key_record, parse_key, touch_key
from service.store import cache

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])
_LAST_USED_EVERY = 60.0
_last_used_written: dict[str, float] = {}


@dataclass(frozen=True)
class Principal:
    key_id: str
    name: str
    role: str


def _load_record(key_id: str, prefetch: list[str]) -> dict[str, Any] | None:
    """The key's record; the view's ``prefetch`` keys ride along in the same MGET (kept
    in ``g.prefetched``) so a cached read costs one Redis round trip in all.

    An id that names no key costs a database lookup and is not cached (a made-up id must
    not leave a Redis key behind); so that made-up ids cannot be tried at database speed,
    each client address gets ``auth_misses_per_minute`` of them, then 429."""
    svc = services()
    ckey = cache.api_key(key_id)
    try:
        raw, *extra = svc.redis.mget([ckey, *prefetch])
        g.prefetched = dict(zip(prefetch, extra, strict=True))
        if raw is not None:
            rec: dict[str, Any] = json.loads(raw)
            return rec or None
    except redis.RedisError:
        log.debug("redis unavailable for key lookup; using the database")
    misses = _misses_window()
    _refuse_guessing(misses)
    with svc.sessions() as session:
        found = key_record(session, key_id)
    if found is None:
        _count_miss(misses)
        return None
    with contextlib.suppress(redis.RedisError):
        svc.redis.set(ckey, json.dumps(found), ex=svc.settings.cache_ttl_seconds)
    return found or None


def _misses_window() -> str | None:
    """This client address's counter of unknown key ids for this minute (None when the
    limit is off)."""
    if services().settings.auth_misses_per_minute <= 0:
        return None
    return f"{cache.PREFIX}authmiss:{request.remote_addr or '-'}:{int(time.time()) // 60}"


def _refuse_guessing(window: str | None) -> None:
    svc = services()
    limit = svc.settings.auth_misses_per_minute
    if window is None:
        return
    try:
        count = int(svc.redis.get(window) or 0)
    except redis.RedisError:
        return  # as the per-key limit: without Redis, let it through
    if count >= limit:
        raise Problem(
            429,
            f"More than {limit} unknown API keys from this address this minute.",
            headers={"Retry-After": str(60 - int(time.time()) % 60)},
            type_="rate-limited",
        )


def _count_miss(window: str | None) -> None:
    if window is None:
        return
    with contextlib.suppress(redis.RedisError):
        pipe = services().redis.pipeline(transaction=False)
        pipe.incr(window)
        pipe.expire(window, 120)
        pipe.execute()


def verify_key(token: str, prefetch: list[str] | None = None) -> Principal | None:
    """The principal of a live key ``crd_<id>_<secret>``, else None (the API's bearer
    check and the desk's sign-in both use this)."""
    parsed = parse_key(token)
    rec = _load_record(parsed[0], prefetch or []) if parsed else None
    # Compare even when the record is missing so timing does not reveal which ids exist.
    expected = rec["hash"] if rec else "0" * 64
    ok = hmac.compare_digest(expected, hash_secret(parsed[1] if parsed else token))
    if not (rec and ok and parsed):
        return None
    return Principal(parsed[0], rec["name"], rec["role"])


def key_principal(key_id: str, prefetch: list[str] | None = None) -> Principal | None:
    """The principal of key ``key_id`` if it is live, for a caller that proved it holds
    the key earlier (a desk session); its secret is not checked again."""
    rec = _load_record(key_id, prefetch or [])
    return Principal(key_id, rec["name"], rec["role"]) if rec else None


def authenticate(prefetch: list[str] | None = None) -> Principal:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Problem(401, "A bearer API key is required.", headers={"WWW-Authenticate": "Bearer"})
    principal = verify_key(token.strip(), prefetch)
    if principal is None:
        raise Problem(
            401,
            "The API key is invalid or revoked.",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    _rate_limit(principal.key_id)
    _touch(principal.key_id)
    return principal


def _rate_limit(key_id: str) -> None:
    """A fixed one-minute window per key (``rate_limit_per_minute``, 0 = off). Counted only
    after the key is verified, so nobody can spend another key's allowance; if Redis is
    down the request is let through rather than refused."""
    svc = services()
    limit = svc.settings.rate_limit_per_minute
    if limit <= 0:
        return
    now = int(time.time())
    window = f"{cache.PREFIX}rate:{key_id}:{now // 60}"
    try:
        pipe = svc.redis.pipeline(transaction=False)
        pipe.incr(window)
        pipe.expire(window, 120)
        count = int(pipe.execute()[0])
    except redis.RedisError:
        return
    if count > limit:
        raise Problem(
            429,
            f"More than {limit} requests this minute for this key.",
            headers={"Retry-After": str(60 - now % 60)},
            type_="rate-limited",
        )


def _touch(key_id: str) -> None:
    # last_used_at is informational; writing it on every request would put a DB write on
    # the hot path, so each process writes it at most once a minute per key.
    now = time.monotonic()
    if now - _last_used_written.get(key_id, -_LAST_USED_EVERY) < _LAST_USED_EVERY:
        return
    _last_used_written[key_id] = now
    try:
        with services().sessions.begin() as session:
            touch_key(session, key_id)
    except Exception:
        log.warning("could not record last_used_at", exc_info=True)


def require(role: str, prefetch: Callable[[dict[str, Any]], list[str]] | None = None) -> Callable[[F], F]:
    """Authenticate and authorise before anything else runs (a 401/403 never depends on
    the body). ``prefetch`` names cache keys the view will read, from its URL arguments;
    they are fetched together with the key record."""
    needed = RANK[role]

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            principal = authenticate(prefetch(kwargs) if prefetch else None)
            if RANK[principal.role] < needed:
                raise Problem(403, f"This needs the {role} role; the key has {principal.role}.")
            g.principal = principal
            return view(*args, **kwargs)

        wrapper._credence_role = role  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorator


def current_actor() -> str:
    principal: Principal | None = g.get("principal")
    return principal.name if principal else "system"


def prefetched(key: str) -> bytes | None:
    """A value fetched with the key record (None if absent or not prefetched)."""
    found: dict[str, bytes | None] = g.get("prefetched") or {}
    return found.get(key)
