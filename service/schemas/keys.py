"""API keys: creation (the secret shown once) and listing."""

from __future__ import annotations

from marshmallow import fields, validate

from service.models import ROLES
from service.schemas.common import StrictSchema, not_blank


class KeyIn(StrictSchema):
    name = fields.String(required=True, validate=[validate.Length(min=1, max=128), not_blank])
    role = fields.String(required=True, validate=validate.OneOf(ROLES))


class KeyOut(StrictSchema):
    id = fields.String()
    name = fields.String()
    role = fields.String()
    created_at = fields.String()
    last_used_at = fields.String(allow_none=True)
    revoked_at = fields.String(allow_none=True)
    key = fields.String(metadata={"description": "the secret; only in the creation response"})


class KeyPage(StrictSchema):
    items = fields.List(fields.Nested(KeyOut))
    next_cursor = fields.String(allow_none=True)
