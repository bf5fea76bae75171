"""Small helpers every resource uses: the write unit of work and cursor pagination."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from flask import Response
from sqlalchemy import Select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session

from service import auth, cache
from service.db import transaction
from service.errors import Problem
from service.extensions import services
from service.queue import enqueue_effects
from service.records.effects import Effects
from service.schemas.common import INT_KEY_MAX

T = TypeVar("T")
SECURITY: list[dict[str, list[str]]] = [{"bearerAuth": []}]


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


def encode_cursor(value: str) -> str:
    return base64.urlsafe_b64encode(f"k1:{value}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> str:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        raw = base64.b64decode(padded.encode(), altchars=b"-_", validate=True).decode()
        if not raw.startswith("k1:"):
            raise ValueError(cursor)
        return raw[3:]
    except (ValueError, UnicodeDecodeError) as exc:
        raise Problem(
            422, "The request has invalid fields.", errors={"cursor": ["Not a cursor this API issued."]}
        ) from exc


def page(
    session: Session,
    stmt: Select[Any],
    key: InstrumentedAttribute[Any],
    cursor: str | None,
    limit: int | None,
    cast: Callable[[str], Any] = str,
) -> tuple[Sequence[Any], str | None]:
    """Keyset pagination on a unique, insertion-ordered key: a cursor is the last key seen,
    so rows added later never shift or repeat a page."""
    settings = services().settings
    size = min(limit or settings.page_default, settings.page_max)
    if cursor:
        try:
            after = cast(decode_cursor(cursor))
            if isinstance(after, int) and not -INT_KEY_MAX <= after <= INT_KEY_MAX:
                raise ValueError(after)
        except ValueError as exc:
            raise Problem(
                422, "The request has invalid fields.", errors={"cursor": ["Not a cursor this API issued."]}
            ) from exc
        stmt = stmt.where(key > after)
    rows = session.execute(stmt.order_by(key).limit(size + 1)).scalars().all()
    more = len(rows) > size
    rows = rows[:size]
    return rows, (encode_cursor(str(getattr(rows[-1], key.key))) if more and rows else None)


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    resp = Response(json.dumps(body, default=str), status=status, mimetype="application/json")
    for k, v in (headers or {}).items():
        resp.headers[k] = v
    return resp


def raw_json(data: bytes, status: int = 200) -> Response:
    return Response(data, status=status, mimetype="application/json")


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
