from __future__ import annotations

import re
from typing import Any

import marshmallow as ma
from marshmallow import fields, validate

from service.ids import SLUG_RE

# marshmallow formats the message (str.format), so the quantifier braces are doubled.
slug = validate.Regexp(SLUG_RE, error="Must be a slug: [a-z0-9][a-z0-9-]{{0,63}}.")


class HttpUrl(fields.Url):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(schemes={"http", "https"}, require_tld=False, **kwargs)


class StrictSchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE


class PageArgs(StrictSchema):
    limit = fields.Integer(load_default=None, validate=validate.Range(min=1, max=500))
    cursor = fields.String(load_default=None, validate=validate.Length(max=200))


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
