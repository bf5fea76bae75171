"""Who is signed in to the desk, and what they may do: the same roles as the API
(``service.records.keys.RANK``), checked before any view runs.

A request is signed in when its cookie names an open, unexpired session (cached in
Redis, kept in the database) and the session's API key is still live. The key record
and the session record come in one Redis round trip (the key lookup's prefetch).
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar
from urllib.parse import urlsplit

import redis
from flask import g, redirect, request, session, url_for
from werkzeug.exceptions import Forbidden, TooManyRequests, Unauthorized

from service.http import auth
from service.http.auth import Principal
from service.http.services import services
from service.jobs.enqueue import enqueue_effects
from service.models import utcnow
from service.records.keys import RANK
from service.records.sessions import close_session, is_open, open_session, session_record, token_hash
from service.store import cache
from service.store.db import transaction

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])
CACHED = "credence.desk_principal"


def current_principal() -> Principal | None:
    """The signed-in principal of this request, or None (worked out once per request:
    kept in the WSGI environ, which — unlike ``g`` — never outlives the request)."""
    if CACHED in request.environ:
        found: Principal | None = request.environ[CACHED]
        return found
    request.environ[CACHED] = None
    token, key_id = session.get("sid"), session.get("kid")
    if not isinstance(token, str) or not isinstance(key_id, str):
        return None
    hashed = token_hash(token)
    ckey = cache.desk_session(hashed)
    principal = auth.key_principal(key_id, prefetch=[ckey])
    if principal is None:
        return None
    if is_open(_session_record(hashed, ckey), key_id, utcnow()):
        request.environ[CACHED] = principal
        g.principal = principal  # the actor that records audit (service.http.auth.current_actor)
    return principal if request.environ[CACHED] else None


def _session_record(hashed: str, ckey: str) -> dict[str, Any]:
    svc = services()
    raw = auth.prefetched(ckey)
    if raw is not None:
        rec: dict[str, Any] = json.loads(raw)
        return rec
    with svc.sessions() as db:
        rec = session_record(db, hashed)
    with contextlib.suppress(redis.RedisError):
        svc.redis.set(ckey, json.dumps(rec), ex=svc.settings.cache_ttl_seconds)
    return rec


def needs(role: str) -> Callable[[F], F]:
    """Signed in with at least ``role``: otherwise a GET goes to the sign-in page (and
    back here after), anything else is 401; a lower role is 403 (a page saying so)."""
    rank = RANK[role]

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            principal = current_principal()
            if principal is None:
                if request.method == "GET":
                    return redirect(url_for("desk.signin.form", next=request.full_path.rstrip("?")), 303)
                raise Unauthorized("You are not signed in (or your session ended). Sign in and try again.")
            if RANK[principal.role] < rank:
                raise Forbidden(f"This page needs the {role} role; you are signed in as {principal.role}.")
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site, never another host."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("desk.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return url_for("desk.home")
    return target


# ------------------------------------------------------------------ sign-in and sign-out


def _failure_keys(key_token: str) -> list[str]:
    minute = int(time.time()) // 60
    keys = [f"{cache.PREFIX}desk-signin:ip:{request.remote_addr}:{minute}"]
    key_id = key_token.split("_")[1] if key_token.count("_") >= 2 else ""
    if key_id:
        keys.append(f"{cache.PREFIX}desk-signin:key:{key_id[:32]}:{minute}")
    return keys


def check_attempts(key_token: str) -> None:
    """429 once an address (or a key id) has failed too often this minute. If Redis is
    down the attempt is let through: a key is 256 random bits, the limit is a second line."""
    limit = services().settings.desk_signin_failures_per_minute
    if limit <= 0:
        return
    try:
        counts = services().redis.mget(_failure_keys(key_token))
    except redis.RedisError:
        log.warning("redis unavailable; sign-in attempts not limited")
        return
    if any(int(c or 0) >= limit for c in counts):
        raise TooManyRequests("Too many failed sign-ins from here. Wait a minute and try again.")


def record_failure(key_token: str) -> None:
    try:
        pipe = services().redis.pipeline(transaction=False)
        for k in _failure_keys(key_token):
            pipe.incr(k)
            pipe.expire(k, 120)
        pipe.execute()
    except redis.RedisError:
        log.warning("redis unavailable; failed sign-in not counted")


def sign_in(key_token: str) -> Principal | None:
    """Open a session for a valid key; the cookie gets a fresh token (a session id
    chosen before sign-in is never kept) and a fresh CSRF token."""
    check_attempts(key_token)
    principal = auth.verify_key(key_token)
    if principal is None:
        record_failure(key_token)
        return None
    svc = services()
    hours = timedelta(hours=svc.settings.desk_session_hours)
    with transaction(svc.sessions) as db:
        token, _ = open_session(db, principal.key_id, hours)
    session.clear()
    session.permanent = True
    session["sid"], session["kid"] = token, principal.key_id
    return principal


def sign_out() -> None:
    token = session.get("sid")
    if isinstance(token, str):
        svc = services()
        with transaction(svc.sessions) as db:
            effects = close_session(db, token_hash(token))
        enqueue_effects(svc.redis, svc.settings, effects)
    session.clear()
