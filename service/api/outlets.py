"""Outlets: ``PUT/GET /v1/outlets/{id}``, ``GET /v1/outlets``."""

from __future__ import annotations

import json
from typing import Any

from flask import Response
from flask.views import MethodView
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.http import auth
from service.http.blueprint import Blueprint
from service.http.pagination import page
from service.http.problems import Problem
from service.http.responses import SECURITY, json_response, raw_json
from service.http.services import services
from service.http.work import read_through, write
from service.models import Outlet, OutletDomain
from service.records.outlets import outlet_body, put_outlet
from service.schemas.common import SLUG_MESSAGE
from service.schemas.outlets import OutletIn, OutletListArgs, OutletOut, OutletPage
from service.store import cache
from service.util import domains
from service.util.ids import SLUG_RE

blp = Blueprint("outlets", __name__, url_prefix="/v1/outlets", description="Outlets")


def check_slug(outlet_id: str) -> None:
    if not SLUG_RE.match(outlet_id):
        raise Problem(
            422,
            "The request has invalid fields.",
            errors={"id": [SLUG_MESSAGE]},
        )


def cached_outlet(outlet_id: str) -> bytes | None:
    """The outlet's JSON, from Redis or (refilling it) from the database."""

    def load(session: Session) -> bytes | None:
        outlet = session.get(Outlet, outlet_id)
        return json.dumps(outlet_body(outlet)).encode() if outlet is not None else None

    return read_through(cache.outlet(outlet_id), load)


@blp.route("/<string:outlet_id>")
class OutletResource(MethodView):
    @auth.require("reader", prefetch=lambda kw: [cache.outlet(kw["outlet_id"])])
    @blp.doc(security=SECURITY)
    @blp.response(200, OutletOut)
    def get(self, outlet_id: str) -> Response:
        """Read an outlet."""
        data = cached_outlet(outlet_id)
        if data is None:
            raise Problem(404, f"No outlet {outlet_id!r}.")
        return raw_json(data)

    @auth.require("editor")
    @blp.doc(security=SECURITY)
    @blp.arguments(OutletIn())
    @blp.response(200, OutletOut, description="Replaced")
    @blp.alt_response(201, schema=OutletOut, description="Created")
    def put(self, data: dict[str, Any], outlet_id: str) -> Response:
        """Create or replace an outlet (domains are unique across outlets)."""
        check_slug(outlet_id)

        def op(session: Any) -> Any:
            outlet, created, effects = put_outlet(session, outlet_id, data)
            return (outlet_body(outlet), created), effects

        (body, created), _jobs = write(op)
        return json_response(
            body, 201 if created else 200, {"Location": f"/v1/outlets/{outlet_id}"} if created else None
        )


@blp.route("")
class OutletList(MethodView):
    @auth.require("reader")
    @blp.doc(security=SECURITY)
    @blp.arguments(OutletListArgs(), location="query")
    @blp.response(200, OutletPage)
    def get(self, args: dict[str, Any]) -> Response:
        """List outlets, filtered by domain, kind or network; cursor-paginated by id."""
        stmt = select(Outlet)
        if args.get("domain"):
            names = domains.candidates(args["domain"]) or [args["domain"].lower()]
            stmt = stmt.where(
                Outlet.id.in_(select(OutletDomain.outlet_id).where(OutletDomain.domain.in_(names)))
            )
        if args.get("kind"):
            stmt = stmt.where(Outlet.kind == args["kind"])
        if args.get("network"):
            stmt = stmt.where(Outlet.network == args["network"])
        with services().sessions() as session:
            rows, nxt = page(session, stmt, Outlet.id, args.get("cursor"), args.get("limit"))
            return json_response({"items": [outlet_body(o) for o in rows], "next_cursor": nxt})
