from __future__ import annotations

from marshmallow import fields, validate

from service.models import OUTLET_KINDS
from service.schemas.common import COUNTRY_RE, PageArgs, Pattern, StrictSchema, not_blank, slug
from workers.scoring import RELIABILITY_LABELS


class OutletIn(StrictSchema):
    name = fields.String(required=True, validate=[validate.Length(min=1, max=300), not_blank])
    kind = fields.String(required=True, validate=validate.OneOf(OUTLET_KINDS))
    domains = fields.List(
        fields.String(validate=validate.Length(min=1, max=253)),
        load_default=list,
        validate=validate.Length(max=100),
    )
    aliases = fields.List(
        fields.String(validate=[validate.Length(min=1, max=300), not_blank]),
        load_default=list,
        validate=validate.Length(max=100),
        metadata={
            "description": "names a text may use for it (abbreviations, people who speak for it); "
            "unique across outlets after folding case, diacritics, leading articles and possessives"
        },
    )
    country = fields.String(
        load_default=None,
        allow_none=True,
        validate=Pattern(COUNTRY_RE, error="Must be an ISO 3166-1 alpha-2 code, e.g. GB."),
    )
    network = fields.String(load_default=None, allow_none=True, validate=slug)
    profile = fields.String(load_default=None, allow_none=True, validate=slug)


class OutletOut(StrictSchema):
    id = fields.String()
    name = fields.String()
    kind = fields.String()
    domains = fields.List(fields.String())
    aliases = fields.List(fields.String())
    country = fields.String(allow_none=True)
    network = fields.String(allow_none=True)
    profile = fields.String(allow_none=True)
    created_at = fields.String()
    updated_at = fields.String()


class OutletPage(StrictSchema):
    items = fields.List(fields.Nested(OutletOut))
    next_cursor = fields.String(allow_none=True)


class OutletListArgs(PageArgs):
    q = fields.String(
        load_default=None,
        validate=validate.Length(min=1, max=300),
        metadata={"description": "text in the outlet's name or id (case-insensitive)"},
    )
    domain = fields.String(
        load_default=None,
        metadata={"description": "a domain the outlet publishes on (www. and subdomains fold)"},
    )
    kind = fields.String(
        load_default=None, validate=validate.OneOf(OUTLET_KINDS), metadata={"description": "outlet kind"}
    )
    network = fields.String(
        load_default=None, validate=slug, metadata={"description": "network id (one owner or state)"}
    )
    label = fields.String(
        load_default=None,
        validate=validate.OneOf(RELIABILITY_LABELS),
        metadata={"description": "current reliability label"},
    )
    country = fields.String(
        load_default=None,
        validate=validate.Regexp(COUNTRY_RE, error="Must be an ISO 3166-1 alpha-2 code."),
        metadata={"description": "ISO 3166-1 alpha-2 country code, e.g. GB"},
    )
