"""Claims with their appearances, verdicts and corroboration."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView
from sqlalchemy.orm import Session

from service.http import auth
from service.http.blueprint import Blueprint
from service.http.pagination import page
from service.http.problems import Problem
from service.http.reads import cached_claim
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
    preload_scores,
    verdict_body,
)
from service.records.queries import claim_query
from service.schemas.claims import (
    AppearanceIn,
    ClaimIn,
    ClaimListArgs,
    ClaimOut,
    ClaimPage,
    VerdictIn,
)

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
        """Search claims by text (case-insensitive substring), question, label and outlet."""
        stmt = claim_query(**{k: args.get(k) for k in ("q", "question", "label", "outlet")})
        with services().sessions() as session:
            rows, nxt = page(session, stmt, Claim.id, args.get("cursor"), args.get("limit"))
            _held = preload_scores(session, [c.id for c in rows])
            items = [claim_body(session, c, full=False) for c in rows]
        return json_response({"items": items, "next_cursor": nxt})


@blp.route("/<string:claim_id>")
class ClaimResource(MethodView):
    @auth.require("reader")
    @blp.doc(security=SECURITY)
    @blp.response(200, ClaimOut)
    def get(self, claim_id: str) -> Response:
        """A claim with appearances, verdicts, corroboration and its explanation."""
        data = cached_claim(claim_id)
        if data is None:
            raise Problem(404, f"No claim {claim_id!r}.")
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
