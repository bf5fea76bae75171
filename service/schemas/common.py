from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import marshmallow as ma
from marshmallow import fields, validate

from service.util.ids import SLUG_RE

SLUG_MESSAGE = "Must be a slug: [a-z0-9][a-z0-9-]{0,63}."
# marshmallow formats the message (str.format), so the quantifier braces are doubled.
slug = validate.Regexp(SLUG_RE, error=SLUG_MESSAGE.replace("{", "{{").replace("}", "}}"))
# Integer keys and version numbers are INTEGER columns (32-bit on PostgreSQL): a larger
# number names no row, and must be a 422 rather than reach the database as an overflow.
INT_KEY_MAX = 2**31 - 1
version_number = validate.Range(min=1, max=INT_KEY_MAX)


class HttpUrl(fields.Url):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(schemes={"http", "https"}, require_tld=False, **kwargs)


class UtcDateTime(fields.AwareDateTime):
    """An aware date-time, converted to UTC on the way in, as the database stores it. A
    time at the edge of the calendar (0001-01-01T00:00+05:00) has no UTC equivalent: a
    422 here, where it would otherwise be an OverflowError at the database."""

    default_error_messages = {"out_of_range": "Not a representable date-time once converted to UTC."}

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime:
        moment = super()._deserialize(value, attr, data, **kwargs)
        try:
            return moment.astimezone(UTC)
        except OverflowError:
            raise self.make_error("out_of_range") from None


class StrictSchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE


# A cursor is unpadded base64url of "k1:" and a row key: "azE6" and then the key's
# base64 (service.http.pagination).
CURSOR_PATTERN = r"^azE6[A-Za-z0-9_-]{2,196}$"


class PageArgs(StrictSchema):
    limit = fields.Integer(load_default=None, validate=validate.Range(min=1, max=500))
    cursor = fields.String(
        load_default=None,
        validate=validate.Regexp(CURSOR_PATTERN, error="Not a cursor this API issued."),
        metadata={"description": "next_cursor of the previous page"},
    )


class ProblemSchema(ma.Schema):
    type = fields.String()
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


def not_blank(value: str) -> None:
    if not value.strip():
        raise ma.ValidationError("Must not be blank.")


COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
