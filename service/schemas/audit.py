"""The audit log's filters."""

from __future__ import annotations

from marshmallow import fields, validate

from service.schemas.common import IntPageArgs, UtcDateTime


class AuditArgs(IntPageArgs):
    actor = fields.String(load_default=None, validate=validate.Length(max=128))
    entity_type = fields.String(load_default=None, validate=validate.Length(max=32))
    entity_id = fields.String(load_default=None, validate=validate.Length(max=128))
    since = UtcDateTime(load_default=None)
    until = UtcDateTime(load_default=None)
