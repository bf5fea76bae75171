"""List pages: filters validated by the API's own query schemas, pages cut by the API's
cursors (``service.http.pagination``), and the link to the next page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import marshmallow as ma
from flask import request, url_for

from service.http.problems import flatten_messages

DATE_FIELDS = ("since", "until")


def filters(schema: ma.Schema, args: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The query's filters as the API would take them (blank fields dropped; a bare date
    from a date input is midnight UTC), or the API's field messages."""
    raw: dict[str, str] = {}
    for key, value in args.items():
        value = value.strip()
        if not value:
            continue
        if key in DATE_FIELDS and len(value) == 10:
            value += "T00:00:00Z"
        raw[key] = value
    try:
        return schema.load(raw), {}
    except ma.ValidationError as exc:
        return {}, flatten_messages(exc.messages)


def next_url(cursor: str | None) -> str | None:
    """This page's address with the next cursor (every filter kept)."""
    if cursor is None:
        return None
    values: dict[str, Any] = dict(request.view_args or {})
    values |= {k: v for k, v in request.args.items() if k != "cursor" and v}
    return url_for(str(request.endpoint), **values, cursor=cursor)


def first_url() -> str | None:
    """This page's address without a cursor, when the page shown is not the first."""
    if not request.args.get("cursor"):
        return None
    values: dict[str, Any] = dict(request.view_args or {})
    values |= {k: v for k, v in request.args.items() if k != "cursor" and v}
    return url_for(str(request.endpoint), **values)
