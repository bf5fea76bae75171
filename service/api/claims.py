"""Claims with their appearances, verdicts and corroboration."""

from __future__ import annotations

import json
from typing import Any

from flask import Response
from flask.views import MethodView
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.http import auth
from service.http.blueprint import Blueprint
from service.http.pagination import page
from service.http.problems import Problem
from service.http.responses import SECURITY, json_response, raw_json
from service.http.services import services
from service.http.work import write
from service.jobs.effects import Effects
from service.models import Claim
from service.records.claims import (
    add_appearance,
    add_verdict,
    appearance_body,
    claim_body,
    create_claim,
    verdict_body,
)
from service.records.merges import survivor_of
from service.schemas.claims import (
    AppearanceIn,
    ClaimIn,
    ClaimListArgs,
    ClaimOut,
    ClaimPage,
    VerdictIn,
)
from service.store import cache

blp = Blueprint("claims", __name__, url_prefix="/v1/claims", description="Claims")


def _claim_or_404(session: Session, claim_id: str, *, lock: bool = False) -> Claim:
    claim = session.get(Claim, claim_id, with_for_update=lock)
    if claim is None:
        raise Problem(404, f"No claim {claim_id!r}.")
    return claim


def _job_headers(jobs: dict[str, str], claim_id: str) -> dict[str, str]:
    job = jobs.get(claim_id)
    return {"Location": f"/v1/claims/{claim_id}"} | ({"X-Credence-Job": job} if job else {})


@blp.route("")
class ClaimList(MethodView):
    @auth.require("editor")
    @blp.doc(security=SECURITY)
    @blp.arguments(ClaimIn())
    @blp.response(201, ClaimOut)
    def post(self, data: dict[str, Any]) -> Response:
        """Create a claim with its appearances and verdicts; scoring is queued."""

        def op(session: Session) -> tuple[dict[str, Any], Effects]:
            claim, effects = create_claim(session, data)
            effects.match.add(claim.id)  # the matcher decides whether it is a known claim
            return claim_body(session, claim), effects

        body, jobs = write(op)
        return json_response(body, 201, _job_headers(jobs, body["id"]))

    @auth.require("reader")
    @blp.doc(security=SECURITY)
    @blp.arguments(ClaimListArgs(), location="query")
    @blp.response(200, ClaimPage)
    def get(self, args: dict[str, Any]) -> Response:
        """Search claims by text (case-insensitive substring) and by question."""
        stmt = select(Claim).where(Claim.merged_into.is_(None))  # a merged claim answers by id only
        if args.get("q"):
            needle = args["q"].lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            stmt = stmt.where(func.lower(Claim.text).like(f"%{needle}%", escape="\\"))
        if args.get("question"):
            stmt = stmt.where(Claim.question == args["question"])
        with services().sessions() as session:
            rows, nxt = page(session, stmt, Claim.id, args.get("cursor"), args.get("limit"))
            items = [claim_body(session, c, full=False) for c in rows]
        return json_response({"items": items, "next_cursor": nxt})


@blp.route("/<string:claim_id>")
class ClaimResource(MethodView):
    @auth.require("reader")
    @blp.doc(security=SECURITY)
    @blp.response(200, ClaimOut)
    def get(self, claim_id: str) -> Response:
        """A claim with appearances, verdicts, corroboration and its explanation."""
        svc = services()
        key = cache.claim(claim_id)
        hit = cache.get_raw(svc.redis, key)
        if hit is not None:
            return raw_json(hit)
        with svc.sessions() as session:
            claim = survivor_of(session, claim_id)
            if claim is None:
                raise Problem(404, f"No claim {claim_id!r}.")
            body = claim_body(session, claim)
        if claim.id != claim_id:
            # Merged into another: its id answers for the survivor (not cached under this
            # id, which would then have to follow every change of the survivor).
            where = {"Content-Location": f"/v1/claims/{claim.id}"}
            return json_response(body | {"merged_from": claim_id}, headers=where)
        data = json.dumps(body).encode()
        # A stale body is not cached: the scoring job drops the key when it finishes, and a
        # body cached in between would hide the fresh score until the TTL.
        if not body["stale"]:
            cache.put(svc.redis, key, data, svc.settings.cache_ttl_seconds)
        return raw_json(data)


@blp.route("/<string:claim_id>/appearances")
class AppearanceList(MethodView):
    @auth.require("editor")
    @blp.doc(security=SECURITY)
    @blp.arguments(AppearanceIn())
    @blp.response(201, description="The appearance")
    def post(self, data: dict[str, Any], claim_id: str) -> Response:
        """Add an appearance (publisher, URL, origin, stance); the claim is rescored."""

        def op(session: Session) -> tuple[dict[str, Any], Effects]:
            claim = _claim_or_404(session, claim_id, lock=True)
            effects = Effects(cause="appearance added")
            return appearance_body(add_appearance(session, claim, data, effects)), effects

        body, jobs = write(op)
        return json_response(body, 201, _job_headers(jobs, claim_id))


@blp.route("/<string:claim_id>/verdicts")
class VerdictList(MethodView):
    @auth.require("editor")
    @blp.doc(security=SECURITY)
    @blp.arguments(VerdictIn())
    @blp.response(201, description="The verdict")
    def post(self, data: dict[str, Any], claim_id: str) -> Response:
        """Add a fact-check verdict; the claim and the outlets that vouched are rescored."""

        def op(session: Session) -> tuple[dict[str, Any], Effects]:
            claim = _claim_or_404(session, claim_id, lock=True)
            effects = Effects(cause="verdict added")
            return verdict_body(add_verdict(session, claim, data, effects)), effects

        body, jobs = write(op)
        return json_response(body, 201, _job_headers(jobs, claim_id))
