"""Outlets: ``PUT/GET /v1/outlets/{id}``, ``GET /v1/outlets``."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from service.http import auth
from service.http.blueprint import Blueprint
from service.http.pagination import page
from service.http.problems import Problem
from service.http.reads import cached_outlet, check_slug
from service.http.responses import SECURITY, json_response, raw_json
from service.http.services import services
from service.http.work import write
from service.models import Outlet
from service.records.outlets import outlet_body, put_outlet
from service.records.queries import outlet_query
from service.schemas.outlets import OutletIn, OutletListArgs, OutletOut, OutletPage
from service.store import cache

blp = Blueprint("outlets", __name__, url_prefix="/v1/outlets", description="Outlets")


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
        """List outlets, filtered by name, domain, kind, network, label or country;
        cursor-paginated by id."""
        filters = ("q", "domain", "kind", "network", "label", "country")
        stmt = outlet_query(**{k: args.get(k) for k in filters})
        with services().sessions() as session:
            rows, nxt = page(session, stmt, Outlet.id, args.get("cursor"), args.get("limit"))
            return json_response({"items": [outlet_body(o) for o in rows], "next_cursor": nxt})
