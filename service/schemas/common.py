from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import marshmallow as ma
from marshmallow import fields, validate

from service.util.ids import SLUG_RE


class Pattern(validate.Regexp):
    """``validate.Regexp`` matching the whole value. The patterns it takes end in
    ``(?!\n)$``: Python's ``$`` (and so Python's JSON Schema validators) also matches
    before a final newline, ECMAScript's does not; this reads the same in both."""

    def __call__(self, value: Any) -> Any:
        if self.regex.fullmatch(value) is None:
            raise ma.ValidationError(self._format_error(value))
        return value


SLUG_MESSAGE = "Must be a slug: [a-z0-9][a-z0-9-]{0,63}."
# marshmallow formats the message (str.format), so the quantifier braces are doubled.
slug = Pattern(SLUG_RE, error=SLUG_MESSAGE.replace("{", "{{").replace("}", "}}"))
# Integer keys and version numbers are INTEGER columns (32-bit on PostgreSQL): a larger
# number names no row, and must be a 422 rather than reach the database as an overflow.
INT_KEY_MAX = 2**31 - 1
version_number = validate.Range(min=1, max=INT_KEY_MAX)


_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_PORT = r"(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3})"
# An http(s) URL as this API takes one, written once for the validator and the OpenAPI
# document alike (so a URL the document allows is one the service takes): a host name of
# DNS labels or a bracketed IPv6 literal, an optional port 1-65535, no credentials, no
# whitespace. Whether the host is one we may send to is netguard's question, not this.
URL_PATTERN = (
    rf"^[Hh][Tt][Tt][Pp][Ss]?://(?:{_LABEL}(?:\.{_LABEL})*\.?|\[[0-9A-Fa-f:.]{{2,45}}\])"
    rf"(?::{_PORT})?(?:[/?#][^\s]*)?(?!\n)$"
)


class HttpUrl(fields.String):
    """An http(s) URL matching ``URL_PATTERN``."""

    def __init__(self, **kwargs: Any) -> None:
        extra = Pattern(URL_PATTERN, error="Not a valid http(s) URL.")
        given = kwargs.pop("validate", None)
        rest = [] if given is None else (list(given) if isinstance(given, list | tuple) else [given])
        super().__init__(validate=[extra, *rest], **kwargs)


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


# A cursor is "k1." and the last key of the previous page (service.http.pagination):
# text keys are ids and slugs, integer keys are row numbers and versions. Any cursor of
# the pattern is one the list takes (it pages from that key on).
CURSOR_PATTERN = r"^k1\.[a-z0-9_-]{1,128}(?!\n)$"
INT_CURSOR_PATTERN = r"^k1\.[0-9]{1,9}(?!\n)$"
CURSOR_MESSAGE = "Not a cursor this API issued."


class PageArgs(StrictSchema):
    limit = fields.Integer(
        load_default=None,
        validate=validate.Range(min=1, max=500),
        metadata={"description": "items on a page (default 50)"},
    )
    cursor = fields.String(
        load_default=None,
        validate=Pattern(CURSOR_PATTERN, error=CURSOR_MESSAGE),
        metadata={"description": "next_cursor of the previous page"},
    )


class IntPageArgs(PageArgs):
    """For lists keyed by an integer (audit entries, versions, delivery attempts)."""

    cursor = fields.String(
        load_default=None,
        validate=Pattern(INT_CURSOR_PATTERN, error=CURSOR_MESSAGE),
        metadata={"description": "next_cursor of the previous page"},
    )


class ProblemSchema(ma.Schema):
    """RFC 9457 problem document; some carry extension members (``current_version`` on a
    412, ``checks`` on /readyz's 503), which RFC 9457 allows any problem to have."""

    class Meta:
        unknown = ma.INCLUDE

    type = fields.String()
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class StrictBoolean(fields.Boolean):
    """A JSON boolean, and nothing else: marshmallow's Boolean also takes 0, 1, "yes"…,
    which the document (``type: boolean``) does not allow."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):  # 1 == True, so the truthy set alone would take 1
            raise self.make_error("invalid", input=value)
        return value


# A Regexp (not a function) so the OpenAPI document says it too: some non-space character.
not_blank = validate.Regexp(r"\s*\S", error="Must not be blank.")


COUNTRY_RE = re.compile(r"^[A-Z]{2}(?!\n)$")
