"""``GET /v1/lookup?url=`` and ``POST /v1/lookup``: outlet and score for each URL's domain.

Built for the page-view hot path: every URL's candidate hosts are resolved with one MGET,
and the outlets and scores with a second; the database is read only on cache misses, and
unknown domains are cached too (as empty) so random links do not reach the database.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from typing import Any

import redis
from flask import Response, g, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields, validate

from service import auth, cache, domains
from service.api._util import SECURITY, json_response
from service.api.outlets import cached_outlet
from service.api.scores import cached_score
from service.errors import Problem
from service.extensions import services
from service.models import OutletDomain
from service.schemas.common import StrictSchema

blp = Blueprint("lookup", __name__, url_prefix="/v1/lookup", description="Lookup by URL")


class LookupArgs(StrictSchema):
    url = fields.String(required=True, validate=validate.Length(min=1, max=2048))


class LookupBatchIn(StrictSchema):
    urls = fields.List(
        fields.String(validate=validate.Length(min=1, max=2048)),
        required=True,
        validate=validate.Length(min=1, max=1000),
    )


class LookupItem(StrictSchema):
    url = fields.String()
    domain = fields.String(allow_none=True)
    outlet = fields.Dict(allow_none=True)
    score = fields.Integer(allow_none=True)
    reliability = fields.Float(allow_none=True)
    interval = fields.List(fields.Float(), allow_none=True)
    label = fields.String()
    error = fields.String()


class LookupBatchOut(StrictSchema):
    items = fields.List(fields.Nested(LookupItem))


def _mget(keys: Sequence[str]) -> list[bytes | None]:
    """Values for ``keys``: those fetched along with the API key record are not asked again."""
    pre: dict[str, bytes | None] = g.get("prefetched") or {}
    rest = [k for k in keys if k not in pre]
    fetched: dict[str, bytes | None] = {}
    if rest:
        with contextlib.suppress(redis.RedisError):
            values = services().redis.mget(rest)
            fetched = {k: v if isinstance(v, bytes) else None for k, v in zip(rest, values, strict=True)}
    return [pre[k] if k in pre else fetched.get(k) for k in keys]


def _resolve_domains(names: set[str]) -> dict[str, str]:
    """host name → outlet id ('' when no outlet has it), cache first."""
    ordered = sorted(names)
    found: dict[str, str] = {}
    missing = []
    for name, hit in zip(ordered, _mget([cache.domain(n) for n in ordered]), strict=True):
        if hit is None:
            missing.append(name)
        else:
            found[name] = hit.decode()
    if missing:
        svc = services()
        with svc.sessions() as session:
            rows = session.query(OutletDomain).filter(OutletDomain.domain.in_(missing)).all()
            fresh = {r.domain: r.outlet_id for r in rows}
        try:
            pipe = svc.redis.pipeline(transaction=False)
            for name in missing:
                pipe.set(cache.domain(name), fresh.get(name, ""), ex=svc.settings.cache_ttl_seconds)
            pipe.execute()
        except redis.RedisError:
            pass
        found.update({n: fresh.get(n, "") for n in missing})
    return found


def lookup(urls: Sequence[str]) -> list[dict[str, Any]]:
    cands = {u: domains.candidates(u) for u in urls}
    resolved = _resolve_domains({n for c in cands.values() for n in c})
    outlet_of: dict[str, str | None] = {}
    for u, hosts in cands.items():
        outlet_of[u] = next((resolved[n] for n in hosts if resolved.get(n)), None)
    ids = sorted({o for o in outlet_of.values() if o})
    hits = _mget([k for i in ids for k in (cache.outlet(i), cache.outlet_score(i))])
    outlets: dict[str, Any] = {}
    scores: dict[str, Any] = {}
    for n, oid in enumerate(ids):
        o_raw = hits[2 * n] or cached_outlet(oid)
        s_raw = hits[2 * n + 1] or cached_score(oid)
        if o_raw:
            outlets[oid] = json.loads(o_raw)
        if isinstance(s_raw, bytes):
            scores[oid] = json.loads(s_raw)
    out = []
    for u in urls:
        names = cands[u]
        item: dict[str, Any] = {"url": u, "domain": names[-1] if names else None}
        found = outlet_of[u]
        o = outlets.get(found) if found else None
        s = scores.get(found) if found else None
        item["outlet"] = {k: o[k] for k in ("id", "name", "kind", "country", "network")} if o else None
        item["score"] = s["score"] if s else None
        item["reliability"] = s["reliability"] if s else None
        item["interval"] = s["interval"] if s else None
        item["label"] = s["label"] if s else "unrated"
        if not names:
            item["error"] = "Not a URL or host with a registrable domain."
        out.append(item)
    return out


def _prefetch_domains(_kwargs: dict[str, Any]) -> list[str]:
    return [cache.domain(n) for n in domains.candidates(request.args.get("url", ""))]


@blp.route("")
class Lookup(MethodView):
    @auth.require("reader", prefetch=_prefetch_domains)
    @blp.doc(security=SECURITY)
    @blp.arguments(LookupArgs(), location="query")
    @blp.response(200, LookupItem)
    def get(self, args: dict[str, Any]) -> Response:
        """Outlet and reliability for one URL or domain; unknown domains are ``unrated``."""
        (item,) = lookup([args["url"]])
        if "error" in item:
            raise Problem(422, "The request has invalid fields.", errors={"url": [item["error"]]})
        return json_response(item)

    @auth.require("reader")
    @blp.doc(security=SECURITY)
    @blp.arguments(LookupBatchIn())
    @blp.response(200, LookupBatchOut)
    def post(self, data: dict[str, Any]) -> Response:
        """Batch lookup of up to 1,000 URLs (e.g. every link in a draft), in input order."""
        limit = services().settings.lookup_max_urls
        if len(data["urls"]) > limit:
            raise Problem(
                422,
                "The request has invalid fields.",
                errors={"urls": [f"At most {limit} URLs per request."]},
            )
        return json_response({"items": lookup(data["urls"])})
