"""Matching claims: merges and their undo, the review queue, similar claims, search."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from service.models import MATCH_STATUSES
from service.schemas.common import IntPageArgs, StrictSchema, not_blank


class MergeIn(StrictSchema):
    into = fields.String(
        required=True,
        validate=validate.Length(min=1, max=40),
        metadata={"description": "the surviving claim"},
    )


class MergeOut(ma.Schema):
    id = fields.Integer()
    claim = fields.String(metadata={"description": "the merged claim (its id keeps answering)"})
    into = fields.String()
    actor = fields.String()
    cause = fields.String()
    appearances = fields.List(fields.String(), metadata={"description": "appearances moved"})
    verdicts = fields.List(fields.String(), metadata={"description": "verdicts moved"})
    merged_at = fields.String()
    undone_by = fields.String(allow_none=True)
    undone_at = fields.String(allow_none=True)
    jobs = fields.Dict(keys=fields.String(), values=fields.String())


class ReviewArgs(IntPageArgs):  # matches are listed by their integer id
    status = fields.String(
        load_default="pending",
        validate=validate.OneOf(MATCH_STATUSES),
        metadata={"description": "matches proposed for review (pending), merged or rejected"},
    )


class ClaimSummary(ma.Schema):
    id = fields.String()
    text = fields.String()
    question = fields.String(allow_none=True)
    merged_into = fields.String(allow_none=True)
    score = fields.Integer(allow_none=True)
    label = fields.String(allow_none=True)


class MatchOut(ma.Schema):
    id = fields.Integer()
    claim = fields.Nested(
        ClaimSummary, metadata={"description": "the claim created beside its likely duplicate"}
    )
    candidate = fields.Nested(ClaimSummary)
    probability = fields.Float(metadata={"description": "the matcher's probability that they are the same"})
    why = fields.List(fields.String())
    status = fields.String()
    created_at = fields.String()
    decided_by = fields.String(allow_none=True)
    decided_at = fields.String(allow_none=True)


class MatchPage(ma.Schema):
    items = fields.List(fields.Nested(MatchOut))
    next_cursor = fields.String(allow_none=True)


class SearchIn(StrictSchema):
    text = fields.String(required=True, validate=[validate.Length(min=1, max=5000), not_blank])
    limit = fields.Integer(load_default=10, validate=validate.Range(min=1, max=50))


class SimilarArgs(StrictSchema):
    limit = fields.Integer(
        load_default=10,
        validate=validate.Range(min=1, max=50),
        metadata={"description": "at most this many similar claims, best first"},
    )


class Similar(ma.Schema):
    claim = fields.Dict(metadata={"description": "the claim with its corroboration and verdicts"})
    similarity = fields.Float(metadata={"description": "cosine of the sentence vectors (lexical mode: null)"})
    probability = fields.Float(metadata={"description": "the matcher's probability of the same claim"})
    why = fields.List(fields.String())


class SimilarOut(ma.Schema):
    mode = fields.String(metadata={"description": "hybrid (sentence vectors and BM25) or lexical"})
    model = fields.String(allow_none=True)
    items = fields.List(fields.Nested(Similar))
