"""Ingested articles as the API shows them."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from service.models import ARTICLE_STATUSES
from service.schemas.common import PageArgs, UtcDateTime


class ArticleClaimOut(ma.Schema):
    text = fields.String()
    stance = fields.String()
    origin = fields.Raw(allow_none=True)
    hedged = fields.Boolean()
    excerpt = fields.String(allow_none=True)
    claim = fields.String(allow_none=True, metadata={"description": "claim id, once processed"})


class ArticleOut(ma.Schema):
    id = fields.String()
    url = fields.String()
    outlet = fields.String(metadata={"description": "outlet id once processed, else the reference sent"})
    title = fields.String(allow_none=True)
    published_at = fields.String(allow_none=True)
    authors = fields.List(fields.String())
    status = fields.String(metadata={"description": "pending | processed | failed"})
    error = fields.String(allow_none=True, metadata={"description": "why the last attempt failed"})
    attempts = fields.Integer()
    claims = fields.List(fields.Nested(ArticleClaimOut))
    created_at = fields.String()
    updated_at = fields.String()
    processed_at = fields.String(allow_none=True)


class ArticleListArgs(PageArgs):
    status = fields.String(load_default=None, validate=validate.OneOf(ARTICLE_STATUSES))
    outlet = fields.String(load_default=None, validate=validate.Length(min=1, max=253))
    since = UtcDateTime(load_default=None, metadata={"description": "received at or after"})
    until = UtcDateTime(load_default=None, metadata={"description": "received before"})
