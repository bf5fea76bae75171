"""Redis key names and cache helpers. Every key carries the schema version so a release
that changes a cached shape reads fresh keys instead of misreading old ones."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any

import redis
from redis import Redis

log = logging.getLogger(__name__)
PREFIX = "credence:v1:"


def api_key(key_id: str) -> str:
    return f"{PREFIX}key:{key_id}"


def outlet(outlet_id: str) -> str:
    return f"{PREFIX}outlet:{outlet_id}"


def outlet_score(outlet_id: str) -> str:
    return f"{PREFIX}score:outlet:{outlet_id}"


def claim(claim_id: str) -> str:
    return f"{PREFIX}claim:{claim_id}"


def domain(name: str) -> str:
    return f"{PREFIX}domain:{name}"


def desk_session(hashed: str) -> str:
    return f"{PREFIX}desk-session:{hashed}"


def get_raw(r: Redis, key: str) -> bytes | None:
    try:
        value = r.get(key)
    except redis.RedisError:
        # Said once per outage, by the client's breaker (service.store.redis_conn).
        log.debug("redis unavailable; reading from the database")
        return None
    return value if isinstance(value, bytes) else None


def put(r: Redis, key: str, value: Any, ttl: int) -> None:
    try:
        r.set(key, value if isinstance(value, bytes | str) else json.dumps(value), ex=ttl)
    except redis.RedisError:
        log.debug("redis unavailable; cache not filled")


def drop(r: Redis, keys: Iterable[str]) -> None:
    keys = list(keys)
    if not keys:
        return
    try:
        r.delete(*keys)
    except redis.RedisError:
        # A stale entry would outlive this write; the TTL bounds how long.
        log.warning("redis unavailable; could not invalidate %d keys", len(keys))
