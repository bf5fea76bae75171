"""The cached reads the API and the desk both serve: an outlet, its score, a claim — from
Redis, else built from the database (and cached), so a desk page costs what an API call
costs and both show the same body."""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from service.http.problems import Problem
from service.http.services import services
from service.http.work import read_through
from service.models import Outlet, OutletScore
from service.records.claims import claim_body
from service.records.merges import survivor_of
from service.records.outlets import outlet_body
from service.schemas.common import SLUG_MESSAGE
from service.store import cache
from service.util.ids import SLUG_RE
from service.util.timefmt import rfc3339


def check_slug(outlet_id: str) -> None:
    if not SLUG_RE.match(outlet_id):
        raise Problem(422, "The request has invalid fields.", errors={"id": [SLUG_MESSAGE]})


def cached_outlet(outlet_id: str) -> bytes | None:
    """The outlet's JSON, from Redis or (refilling it) from the database."""

    def load(session: Session) -> bytes | None:
        outlet = session.get(Outlet, outlet_id)
        return json.dumps(outlet_body(outlet)).encode() if outlet is not None else None

    return read_through(cache.outlet(outlet_id), load)


def score_json(row: OutletScore, stale: bool) -> bytes:
    body = dict(row.body)
    body["computed_at"] = rfc3339(row.computed_at)
    body["stale"] = stale
    return json.dumps(body).encode()


def cached_score(outlet_id: str) -> bytes | bool | None:
    """Score JSON; None when the outlet does not exist; False when never computed."""

    def load(session: Session) -> bytes | bool | None:
        outlet = session.get(Outlet, outlet_id)
        if outlet is None:
            return None
        row = session.get(OutletScore, outlet_id)
        return score_json(row, outlet.revision > outlet.scored_revision) if row is not None else False

    return read_through(cache.outlet_score(outlet_id), load)


def cached_claim(claim_id: str) -> bytes | None:
    """The claim's full JSON (appearances, verdicts, corroboration); None if there is none.
    A claim merged into another answers with the survivor's body and ``merged_from`` (not
    cached under its id, which would then have to follow every change of the survivor)."""
    svc = services()
    key = cache.claim(claim_id)
    hit = cache.get_raw(svc.redis, key)
    if hit is not None:
        return hit
    with svc.sessions() as session:
        claim = survivor_of(session, claim_id)
        if claim is None:
            return None
        body = claim_body(session, claim)
    if claim.id != claim_id:
        return json.dumps(body | {"merged_from": claim_id}).encode()
    data = json.dumps(body).encode()
    # A stale body is not cached: the scoring job drops the key when it finishes, and a
    # body cached in between would hide the fresh score until the TTL.
    if not body["stale"]:
        cache.put(svc.redis, key, data, svc.settings.cache_ttl_seconds)
    return data
