"""A draft to analyse (``POST /v1/analyze``) and what the analysis answers."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from service.models import TEXT_FORMATS
from service.schemas.common import HttpUrl, StrictSchema, not_blank


class AnalyzeIn(StrictSchema):
    text = fields.String(required=True, validate=[validate.Length(min=1), not_blank])
    text_format = fields.String(load_default="text", validate=validate.OneOf(TEXT_FORMATS))
    title = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))
    url = HttpUrl(load_default=None, allow_none=True, validate=validate.Length(max=2048))
    outlet = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(min=1, max=253),
        metadata={"description": "the publisher: outlet id or domain (else taken from the URL)"},
    )


class SourceReliability(ma.Schema):
    outlet = fields.String()
    name = fields.String()
    network = fields.String(allow_none=True)
    score = fields.Integer(allow_none=True)
    reliability = fields.Float(allow_none=True)
    label = fields.String()


class AnalyzedClaim(ma.Schema):
    text = fields.String()
    quote = fields.String()
    start = fields.Integer()
    end = fields.Integer()
    source = fields.String(allow_none=True)
    origin = fields.String(allow_none=True)
    resolution = fields.String(metadata={"description": "resolved | publisher | ambiguous | unknown"})
    candidates = fields.List(fields.String())
    via = fields.List(fields.String())
    hedged = fields.Boolean()
    stance = fields.String()
    confidence = fields.Float()
    source_reliability = fields.Nested(SourceReliability, allow_none=True)
    claim = fields.Dict(
        allow_none=True, metadata={"description": "the known claim it is, with its corroboration"}
    )


class AnalyzeOut(ma.Schema):
    language = fields.String(allow_none=True)
    skipped_reason = fields.String(allow_none=True)
    extractor = fields.String()
    publisher = fields.Nested(SourceReliability, allow_none=True)
    claims = fields.List(fields.Nested(AnalyzedClaim))


class AnalyzeQueued(ma.Schema):
    status = fields.String(metadata={"description": "queued | started"})
    job = fields.String()
