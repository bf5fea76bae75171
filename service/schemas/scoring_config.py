"""The scoring config's admin API: the config body, its versions, restore."""

from __future__ import annotations

from marshmallow import fields

from service.schemas.common import StrictSchema, version_number


class ConfigIn(StrictSchema):
    config = fields.Dict(required=True, metadata={"description": "criteria, weights, priors, labels…"})


class ConfigOut(StrictSchema):
    version = fields.Integer()
    updated_by = fields.String()
    updated_at = fields.String()
    cause = fields.String()
    config = fields.Dict()
    jobs = fields.Dict()


class ConfigRestoreIn(StrictSchema):
    version = fields.Integer(required=True, validate=version_number)
