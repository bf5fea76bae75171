"""Notification subscriptions and their delivery log."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from service.models.notifications import EVENT_TYPES
from service.schemas.common import HttpUrl, StrictSchema


class SubscriptionIn(StrictSchema):
    url = HttpUrl(required=True, validate=validate.Length(max=2048))
    events = fields.List(
        fields.String(validate=validate.OneOf(EVENT_TYPES)),
        required=True,
        validate=validate.Length(min=1, max=len(EVENT_TYPES)),
    )


class SubscriptionOut(ma.Schema):
    id = fields.String()
    url = fields.String()
    events = fields.List(fields.String())
    created_at = fields.String()
    created_by = fields.String()
    disabled_at = fields.String(allow_none=True)
    disabled_reason = fields.String(allow_none=True)
    failures = fields.Integer(metadata={"description": "consecutive failed attempts"})
    pending = fields.Integer(
        metadata={"description": "events owed and not yet delivered (queued or waiting to be retried)"}
    )
    secret = fields.String(metadata={"description": "signing secret; only in the creation response"})


class SubscriptionPage(ma.Schema):
    items = fields.List(fields.Nested(SubscriptionOut))
    next_cursor = fields.String(allow_none=True)


class DeliveryOut(ma.Schema):
    id = fields.Integer()
    subscription = fields.String()
    event_type = fields.String()
    event_id = fields.String()
    payload = fields.Dict()
    attempt = fields.Integer()
    status_code = fields.Integer(allow_none=True)
    error = fields.String(allow_none=True)
    at = fields.String()
    duration_ms = fields.Float(allow_none=True)


class DeliveryPage(ma.Schema):
    items = fields.List(fields.Nested(DeliveryOut))
    next_cursor = fields.String(allow_none=True)
