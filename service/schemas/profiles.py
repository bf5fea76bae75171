"""Source profiles: edits, versions, restore."""

from __future__ import annotations

from marshmallow import fields, validate

from service.schemas.common import PageArgs, StrictSchema, version_number


class ProfileIn(StrictSchema):
    criteria = fields.Dict(
        keys=fields.String(validate=validate.Length(min=1, max=64)),
        values=fields.Float(validate=validate.Range(min=0, max=1), allow_nan=False),
        required=True,
    )
    prior_strength = fields.Float(
        load_default=None,
        allow_none=True,
        validate=validate.Range(min=0, min_inclusive=False, max=1e6),
        allow_nan=False,
        metadata={"exclusiveMinimum": True},  # apispec leaves min_inclusive out
    )
    notes = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=5000))


class ProfileOut(StrictSchema):
    id = fields.String()
    version = fields.Integer()
    criteria = fields.Dict(keys=fields.String(), values=fields.Float())
    prior_strength = fields.Float(allow_none=True)
    notes = fields.String(allow_none=True)
    updated_by = fields.String()
    updated_at = fields.String()
    jobs = fields.Dict(keys=fields.String(), values=fields.String())


class RestoreIn(StrictSchema):
    version = fields.Integer(required=True, validate=version_number)


class VersionPage(StrictSchema):
    items = fields.List(fields.Dict())
    next_cursor = fields.String(allow_none=True)


class ProfileListArgs(PageArgs):
    q = fields.String(
        load_default=None,
        validate=validate.Length(min=1, max=64),
        metadata={"description": "text in the profile's id"},
    )


class ProfileSummary(ProfileOut):
    outlets = fields.Integer(metadata={"description": "outlets that score from this profile"})


class ProfilePage(StrictSchema):
    items = fields.List(fields.Nested(ProfileSummary))
    next_cursor = fields.String(allow_none=True)
