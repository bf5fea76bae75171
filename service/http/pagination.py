"""Cursor pagination: keyset pages on a unique, insertion-ordered key, with cursors that
stay valid while rows are added."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import InstrumentedAttribute, Session

from service.http.problems import Problem
from service.http.services import services
from service.schemas.common import CURSOR_MESSAGE, INT_KEY_MAX

# "k1." and the last key seen: keys are ids, slugs and integers, so the cursor is URL-safe
# as it is, and its documented pattern (service.schemas.common) says exactly which
# cursors a list takes. "k1" leaves room for another form later.
PREFIX = "k1."
_KEY = re.compile(r"[a-z0-9_-]{1,128}")


def encode_cursor(value: str) -> str:
    return PREFIX + value


def decode_cursor(cursor: str) -> str:
    """The key a cursor names. The argument schemas have checked its pattern already;
    this is for callers that did not."""
    if not cursor.startswith(PREFIX) or not _KEY.fullmatch(cursor[len(PREFIX) :]):
        raise Problem(422, "The request has invalid fields.", errors={"cursor": [CURSOR_MESSAGE]})
    return cursor[len(PREFIX) :]


def page(
    session: Session,
    stmt: Select[Any],
    key: InstrumentedAttribute[Any],
    cursor: str | None,
    limit: int | None,
    cast: Callable[[str], Any] = str,
    *,
    newest_first: bool = False,
) -> tuple[Sequence[Any], str | None]:
    """Keyset pagination on a unique, insertion-ordered key: a cursor is the last key seen,
    so rows added later never shift or repeat a page. ``newest_first`` walks the key
    downwards (the desk's ingest list and audit log); rows added later then appear on
    the first page, never in the middle of a walk."""
    settings = services().settings
    size = min(limit or settings.page_default, settings.page_max)
    if cursor:
        try:
            after = cast(decode_cursor(cursor))
            if isinstance(after, int) and not -INT_KEY_MAX <= after <= INT_KEY_MAX:
                raise ValueError(after)
        except ValueError as exc:
            raise Problem(
                422, "The request has invalid fields.", errors={"cursor": [CURSOR_MESSAGE]}
            ) from exc
        stmt = stmt.where(key < after if newest_first else key > after)
    order = key.desc() if newest_first else key
    rows = session.execute(stmt.order_by(order).limit(size + 1)).scalars().all()
    more = len(rows) > size
    rows = rows[:size]
    return rows, (encode_cursor(str(getattr(rows[-1], key.key))) if more and rows else None)
