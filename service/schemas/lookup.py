"""Lookup by URL, single and batch."""

from __future__ import annotations

from marshmallow import fields, validate

from service.schemas.common import StrictSchema


class LookupArgs(StrictSchema):
    url = fields.String(
        required=True,
        validate=validate.Length(min=1, max=2048),
        metadata={"description": "an article URL or a bare domain; www. and subdomains fold"},
    )


class LookupBatchIn(StrictSchema):
    urls = fields.List(
        fields.String(validate=validate.Length(min=1, max=2048)),
        required=True,
        validate=validate.Length(min=1, max=1000),
    )


class LookupItem(StrictSchema):
    url = fields.String()
    domain = fields.String(allow_none=True)
    outlet = fields.Dict(allow_none=True)
    score = fields.Integer(allow_none=True)
    reliability = fields.Float(allow_none=True)
    interval = fields.List(fields.Float(), allow_none=True)
    label = fields.String()
    error = fields.String()


class LookupBatchOut(StrictSchema):
    items = fields.List(fields.Nested(LookupItem))
