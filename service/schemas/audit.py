"""The audit log's filters."""

from __future__ import annotations

from marshmallow import fields, validate

from service.schemas.common import IntPageArgs, UtcDateTime


class AuditArgs(IntPageArgs):
    actor = fields.String(
        load_default=None,
        validate=validate.Length(max=128),
        metadata={"description": "who made the change: an API key's name or a command (import-ratings:FILE)"},
    )
    entity_type = fields.String(
        load_default=None,
        validate=validate.Length(max=32),
        metadata={"description": "the kind of thing changed (outlet, profile, api_key, claim, …)"},
    )
    entity_id = fields.String(
        load_default=None, validate=validate.Length(max=128), metadata={"description": "its id"}
    )
    since = UtcDateTime(load_default=None, metadata={"description": "entries at or after this time"})
    until = UtcDateTime(load_default=None, metadata={"description": "entries before this time"})
