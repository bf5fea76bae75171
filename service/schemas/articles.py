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


class ExtractedClaimOut(ma.Schema):
    text = fields.String(metadata={"description": "the statement without its reporting frame"})
    quote = fields.String(metadata={"description": "the exact words of the article"})
    start = fields.Integer(metadata={"description": "offset of the quote in the article text"})
    end = fields.Integer()
    source = fields.String(allow_none=True, metadata={"description": "who it is attributed to, as written"})
    origin = fields.String(allow_none=True, metadata={"description": "the outlet the source resolved to"})
    resolution = fields.String(
        metadata={"description": "resolved | publisher (the article's own voice) | ambiguous | created"}
    )
    candidates = fields.List(
        fields.String(), metadata={"description": "the outlets an ambiguous source may be"}
    )
    via = fields.List(fields.String(), metadata={"description": "the relay chain: outlet ids, or words"})
    hedged = fields.Boolean()
    stance = fields.String()
    confidence = fields.Float()
    extractor = fields.String()
    claim = fields.String(allow_none=True, metadata={"description": "the claim it became"})


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
    text_format = fields.String(metadata={"description": "text | html"})
    language = fields.String(allow_none=True)
    extractor = fields.String(allow_none=True)
    skipped_reason = fields.String(
        allow_none=True, metadata={"description": "why nothing was extracted (not English, no text)"}
    )
    extracted_claims = fields.List(fields.Nested(ExtractedClaimOut))
    created_at = fields.String()
    updated_at = fields.String()
    processed_at = fields.String(allow_none=True)


class ArticleListArgs(PageArgs):
    outlet = fields.String(
        load_default=None,
        validate=validate.Length(min=1, max=253),
        metadata={"description": "the publisher: its outlet id, or the reference sent before processing"},
    )
    status = fields.String(
        load_default=None,
        validate=validate.OneOf(ARTICLE_STATUSES),
        metadata={"description": "pending | processed | failed"},
    )
    since = UtcDateTime(load_default=None, metadata={"description": "received at or after this time"})
    until = UtcDateTime(load_default=None, metadata={"description": "received before this time"})


class ArticlePage(ma.Schema):
    items = fields.List(fields.Nested(ArticleOut))
    next_cursor = fields.String(allow_none=True)
