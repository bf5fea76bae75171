"""Outlet reliability and its history."""

from __future__ import annotations

from marshmallow import fields

from service.schemas.common import StrictSchema


class ScoreOut(StrictSchema):
    outlet = fields.String()
    score = fields.Integer()
    reliability = fields.Float()
    interval = fields.List(fields.Float())
    label = fields.String()
    computed_at = fields.String()
    profile_version = fields.Integer(allow_none=True)
    config_version = fields.Integer()
    stale = fields.Boolean()
    explanation = fields.Dict()


class JobAccepted(StrictSchema):
    status = fields.String()
    job = fields.String()


class HistoryItem(StrictSchema):
    at = fields.String()
    cause = fields.String()
    old_score = fields.Integer(allow_none=True)
    new_score = fields.Integer()
    old_label = fields.String(allow_none=True)
    new_label = fields.String()
    reliability = fields.Float()
    profile_version = fields.Integer(allow_none=True)
    config_version = fields.Integer()


class HistoryPage(StrictSchema):
    items = fields.List(fields.Nested(HistoryItem))
    next_cursor = fields.String(allow_none=True)
