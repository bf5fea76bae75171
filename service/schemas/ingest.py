"""The ingest webhook's body: the marshmallow schema, and a fast path for plain deliveries.

``IngestBody`` is the contract (OpenAPI, every 422 message). Loading it costs ~120 µs for
an article with three claims — marshmallow's per-field machinery, not the checks — which
was a tenth of the webhook's whole CPU per request under load. ``load`` first tries
``load_plain``: the same checks written out, for a delivery whose every value is plainly
valid (JSON types only, no coercion, no unknown key). Anything else — a wrong type, a
limit crossed, a truthy string for a boolean — makes it answer ``None`` and marshmallow
decides and words the error. So the fast path can only ever be *more* conservative; a
property test (``tests/ingest/test_ingest_schema.py``) holds it to giving exactly what
the schema gives wherever it answers, and to knowing every field the schema declares.
"""

from __future__ import annotations

from typing import Any, TypeGuard

import marshmallow as ma
from marshmallow import fields, validate

from service.models import OUTLET_KINDS, STANCES, TEXT_FORMATS
from service.schemas.claims import OutletRef
from service.schemas.common import HttpUrl, Pattern, StrictBoolean, StrictSchema, UtcDateTime, not_blank
from service.util.ids import SLUG_RE


class IngestClaim(StrictSchema):
    text = fields.String(required=True, validate=[validate.Length(min=1, max=5000), not_blank])
    stance = fields.String(load_default="supports", validate=validate.OneOf(STANCES))
    origin = OutletRef(load_default=None, allow_none=True, metadata={"description": "id, domain or object"})
    hedged = StrictBoolean(load_default=False)
    excerpt = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=5000))


class IngestArticle(StrictSchema):
    url = HttpUrl(required=True, validate=validate.Length(max=2048))
    outlet = fields.String(
        required=True,
        validate=[validate.Length(min=1, max=253), not_blank],
        metadata={"description": "publisher outlet id or domain"},
    )
    title = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))
    published_at = UtcDateTime(load_default=None, allow_none=True)
    authors = fields.List(
        fields.String(validate=validate.Length(min=1, max=300)),
        load_default=list,
        validate=validate.Length(max=100),
    )
    text = fields.String(load_default=None, allow_none=True)
    text_format = fields.String(
        load_default="text",
        validate=validate.OneOf(TEXT_FORMATS),
        metadata={"description": "how `text` is written: plain text, or the article's HTML"},
    )
    claims = fields.Nested(IngestClaim, many=True, load_default=list, validate=validate.Length(max=500))


class IngestBody(ma.Schema):
    class Meta:
        # Pipelines add envelope metadata of their own (timestamps, trace ids); the
        # article itself is strict so a misspelt field is a 422, not silently dropped.
        unknown = ma.EXCLUDE

    type = fields.String(required=True, validate=validate.OneOf(["article.ingested"]))
    article = fields.Nested(IngestArticle, required=True)


class IngestResult(ma.Schema):
    status = fields.String(metadata={"description": "accepted | duplicate"})
    article = fields.String()


# Built once: a schema instance is reusable and building one costs more than a load.
INGEST_BODY = IngestBody()

ARTICLE_FIELDS = frozenset(
    ("url", "outlet", "title", "published_at", "authors", "text", "text_format", "claims")
)
CLAIM_FIELDS = frozenset(("text", "stance", "origin", "hedged", "excerpt"))
ORIGIN_FIELDS = frozenset(("name", "kind", "network"))
_ARTICLE = INGEST_BODY.fields["article"].schema  # type: ignore[attr-defined]
# The schema's own validator and parser, so URL and date rules cannot drift apart.
_URL = next(v for v in _ARTICLE.fields["url"].validators if isinstance(v, Pattern))
_PUBLISHED_AT = _ARTICLE.fields["published_at"]
_STANCES = frozenset(STANCES)
_KINDS = frozenset(OUTLET_KINDS)


def load(payload: Any) -> dict[str, Any]:
    """``INGEST_BODY.load(payload)``, faster for plain deliveries; raises its
    ``ValidationError`` for an invalid one."""
    plain = load_plain(payload)
    return plain if plain is not None else INGEST_BODY.load(payload)


def _text(value: Any, low: int, high: int) -> TypeGuard[str]:
    return isinstance(value, str) and low <= len(value) <= high


def _optional_text(value: Any, high: int | None) -> bool:
    return value is None or (isinstance(value, str) and (high is None or len(value) <= high))


def load_plain(payload: Any) -> dict[str, Any] | None:
    """What ``INGEST_BODY.load`` returns for ``payload`` when every value is plainly valid;
    ``None`` when anything needs marshmallow's judgement."""
    if type(payload) is not dict or payload.get("type") != "article.ingested":
        return None
    raw = payload.get("article")
    if type(raw) is not dict or not raw.keys() <= ARTICLE_FIELDS:
        return None
    url, outlet = raw.get("url"), raw.get("outlet")
    title, text = raw.get("title"), raw.get("text")
    text_format = raw.get("text_format", "text")
    if not (isinstance(text_format, str) and text_format in TEXT_FORMATS):
        return None
    if not (_text(url, 1, 2048) and _text(outlet, 1, 253) and outlet.strip()):
        return None
    if not (_optional_text(title, 2000) and _optional_text(text, None)):
        return None
    try:
        _URL(url)
        published_at = raw.get("published_at")
        if published_at is not None:
            if not isinstance(published_at, str):
                return None
            published_at = _PUBLISHED_AT.deserialize(published_at)
    except ma.ValidationError:
        return None
    authors = raw.get("authors", [])
    if type(authors) is not list or len(authors) > 100 or not all(_text(a, 1, 300) for a in authors):
        return None
    claims_in = raw.get("claims", [])
    if type(claims_in) is not list or len(claims_in) > 500:
        return None
    claims = []
    for item in claims_in:
        claim = _plain_claim(item)
        if claim is None:
            return None
        claims.append(claim)
    article = {
        "url": url,
        "outlet": outlet,
        "title": title,
        "published_at": published_at,
        "authors": list(authors),
        "text": text,
        "text_format": text_format,
        "claims": claims,
    }
    return {"type": "article.ingested", "article": article}


def _plain_claim(item: Any) -> dict[str, Any] | None:
    if type(item) is not dict or not item.keys() <= CLAIM_FIELDS:
        return None
    text, stance = item.get("text"), item.get("stance", "supports")
    hedged, excerpt = item.get("hedged", False), item.get("excerpt")
    if not (_text(text, 1, 5000) and text.strip() and isinstance(stance, str) and stance in _STANCES):
        return None
    if type(hedged) is not bool or not _optional_text(excerpt, 5000):
        return None
    origin = item.get("origin")
    if isinstance(origin, str):
        # OutletRef: the length is checked before stripping, the stripped value kept.
        origin = origin.strip()
        if not origin or len(item["origin"]) > 253:
            return None
    elif origin is not None:
        origin = _plain_origin(origin)
        if origin is None:
            return None
    return {"text": text, "stance": stance, "origin": origin, "hedged": hedged, "excerpt": excerpt}


def _plain_origin(value: Any) -> dict[str, Any] | None:
    if type(value) is not dict or not value.keys() <= ORIGIN_FIELDS:
        return None
    name, kind, network = value.get("name"), value.get("kind"), value.get("network")
    if not (_text(name, 1, 300) and name.strip()):
        return None
    if not (kind is None or (isinstance(kind, str) and kind in _KINDS)):
        return None
    if not (network is None or (isinstance(network, str) and SLUG_RE.fullmatch(network))):
        return None
    return {"name": name, "kind": kind, "network": network}
