from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import fields, validate

from service.models import OUTLET_KINDS, RATINGS, STANCES
from service.schemas.common import (
    HttpUrl,
    PageArgs,
    StrictBoolean,
    StrictSchema,
    UtcDateTime,
    not_blank,
    slug,
)
from workers.scoring import CORROBORATION_LABELS


class OutletRefObject(StrictSchema):
    name = fields.String(required=True, validate=[validate.Length(min=1, max=300), not_blank])
    kind = fields.String(load_default=None, validate=validate.OneOf(OUTLET_KINDS))
    network = fields.String(load_default=None, allow_none=True, validate=slug)


# Built once: building a schema (copying and binding its fields) costs more than a load,
# and every ingested claim with a new origin comes through here.
_OUTLET_REF_OBJECT = OutletRefObject()


# What OutletRef takes, for the OpenAPI document (OutletRefObject is registered as a
# component by service.api.spec).
OUTLET_REF_DOC = {
    "oneOf": [
        {"type": "string", "minLength": 1, "maxLength": 253, "pattern": r"\S"},
        {"$ref": "#/components/schemas/OutletRefObject"},
    ]
}


class OutletRef(fields.Field):
    """An outlet id or domain (string), or ``{name, kind, network}`` for a new source."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["metadata"] = {**OUTLET_REF_DOC, **kwargs.get("metadata", {})}
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, str):
            if not value.strip() or len(value) > 253:
                raise ma.ValidationError("Must be an outlet id or domain (1 to 253 characters).")
            return value.strip()
        if isinstance(value, dict):
            return _OUTLET_REF_OBJECT.load(value)
        raise ma.ValidationError("Must be an outlet id, a domain, or {name, kind, network}.")


class AppearanceIn(StrictSchema):
    outlet = OutletRef(required=True, metadata={"description": "publisher: id, domain or object"})
    url = HttpUrl(required=True, validate=validate.Length(max=2048))
    published_at = UtcDateTime(load_default=None)
    stance = fields.String(load_default="supports", validate=validate.OneOf(STANCES))
    origin = OutletRef(load_default=None, allow_none=True)
    hedged = StrictBoolean(load_default=False)
    excerpt = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=5000))


class VerdictIn(StrictSchema):
    reviewer = OutletRef(required=True)
    rating = fields.String(required=True, validate=validate.OneOf(RATINGS))
    url = HttpUrl(load_default=None, allow_none=True, validate=validate.Length(max=2048))
    reviewed_at = UtcDateTime(load_default=None)


class ClaimIn(StrictSchema):
    text = fields.String(required=True, validate=[validate.Length(min=1, max=5000), not_blank])
    question = fields.String(load_default=None, allow_none=True, validate=slug)
    topics = fields.List(
        fields.String(validate=validate.Length(min=1, max=100)),
        load_default=list,
        validate=validate.Length(max=50),
    )
    appearances = fields.List(
        fields.Nested(AppearanceIn), load_default=list, validate=validate.Length(max=1000)
    )
    verdicts = fields.List(fields.Nested(VerdictIn), load_default=list, validate=validate.Length(max=100))


class ClaimListArgs(PageArgs):
    q = fields.String(
        load_default=None,
        validate=validate.Length(min=1, max=500),
        metadata={"description": "text the claim contains (case-insensitive)"},
    )
    question = fields.String(
        load_default=None, validate=slug, metadata={"description": "id of the question the claim answers"}
    )
    label = fields.String(
        load_default=None,
        validate=validate.OneOf(CORROBORATION_LABELS),
        metadata={"description": "current corroboration label"},
    )
    outlet = fields.String(load_default=None, validate=slug, metadata={"description": "publisher or origin"})


class ClaimOut(ma.Schema):
    id = fields.String()
    text = fields.String()
    question = fields.String(allow_none=True)
    topics = fields.List(fields.String())
    created_at = fields.String()
    updated_at = fields.String()
    stale = fields.Boolean()
    corroboration = fields.Dict(allow_none=True)
    appearances = fields.List(fields.Dict())
    verdicts = fields.List(fields.Dict())


class ClaimPage(ma.Schema):
    items = fields.List(fields.Nested(ClaimOut))
    next_cursor = fields.String(allow_none=True)
