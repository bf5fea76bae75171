"""A background job's state."""

from __future__ import annotations

from marshmallow import fields

from service.schemas.common import StrictSchema


class JobOut(StrictSchema):
    id = fields.String()
    status = fields.String()
    enqueued_at = fields.String(allow_none=True)
    started_at = fields.String(allow_none=True)
    ended_at = fields.String(allow_none=True)
    retries_left = fields.Integer(allow_none=True)
    error = fields.String(allow_none=True)
