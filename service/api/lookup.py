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

from service.http import auth
from service.http.blueprint import Blueprint
from service.http.problems import Problem
from service.http.reads import cached_outlet, cached_score
from service.http.responses import SECURITY, raw_json
from service.http.services import services
from service.models import OutletDomain
from service.schemas.lookup import LookupArgs, LookupBatchIn, LookupBatchOut, LookupItem
from service.store import cache
from service.util import domains

blp = Blueprint("lookup", __name__, url_prefix="/v1/lookup", description="Lookup by URL")
# Candidate names per query: a batch of 1,000 URLs, each with several names, stays far
# below any SQLite build's limit on bound parameters.
IN_CHUNK = 500


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


def _entry(outlet_id: str) -> bytes:
    """What a lookup answers for one outlet: its summary and current score, as JSON."""
    o_raw = cached_outlet(outlet_id)
    s_raw = cached_score(outlet_id)
    o = json.loads(o_raw) if o_raw else None
    sc = json.loads(s_raw) if isinstance(s_raw, bytes) else None
    return json.dumps(
        {
            "outlet": {k: o[k] for k in ("id", "name", "kind", "country", "network")} if o else None,
            "score": sc["score"] if sc else None,
            "reliability": sc["reliability"] if sc else None,
            "interval": sc["interval"] if sc else None,
            "label": sc["label"] if sc else "unrated",
        }
    ).encode()


def _resolve(names: set[str]) -> dict[str, bytes]:
    """host name → the lookup entry of the outlet registered under it (b'' for none).

    Entries are cached per host name, so a warm lookup is the one MGET that also fetched
    the API key; writers drop a host's entry when its outlet or that outlet's score moves.
    """
    ordered = sorted(names)
    found: dict[str, bytes] = {}
    missing = []
    for name, hit in zip(ordered, _mget([cache.domain(n) for n in ordered]), strict=True):
        if hit is None:
            missing.append(name)
        else:
            found[name] = hit
    if missing:
        svc = services()
        owner: dict[str, str] = {}
        with svc.sessions() as session:
            for i in range(0, len(missing), IN_CHUNK):
                chunk = missing[i : i + IN_CHUNK]
                rows = session.query(OutletDomain).filter(OutletDomain.domain.in_(chunk)).all()
                owner.update((r.domain, r.outlet_id) for r in rows)
        entries = {o: _entry(o) for o in set(owner.values())}
        fresh = {n: entries[owner[n]] if n in owner else b"" for n in missing}
        with contextlib.suppress(redis.RedisError):
            pipe = svc.redis.pipeline(transaction=False)
            for name, value in fresh.items():
                pipe.set(cache.domain(name), value, ex=svc.settings.cache_ttl_seconds)
            pipe.execute()
        found.update(fresh)
    return found


UNRATED = b'{"outlet": null, "score": null, "reliability": null, "interval": null, "label": "unrated"}'


def lookup_json(urls: Sequence[str]) -> list[bytes]:
    """Each URL's answer as JSON text, spliced from cached entries without re-parsing."""
    cands = {u: domains.candidates(u) for u in urls}
    resolved = _resolve({n for c in cands.values() for n in c})
    out = []
    for u in urls:
        names = cands[u]
        entry = next((resolved[n] for n in names if resolved.get(n)), UNRATED)
        head = {"url": u, "domain": names[-1] if names else None}
        if not names:
            head["error"] = "Not a URL or host with a registrable domain."
        out.append(json.dumps(head)[:-1].encode() + b", " + entry[1:])
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
        """Outlet and reliability for one URL or domain; unknown domains are ``unrated``,
        and a string that names no domain is answered as in a batch: ``domain`` null and
        an ``error``."""
        (item,) = lookup_json([args["url"]])
        return raw_json(item)

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
        return raw_json(b'{"items": [' + b", ".join(lookup_json(data["urls"])) + b"]}")
