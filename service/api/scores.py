"""Outlet reliability: ``GET /v1/outlets/{id}/score`` and ``…/score/history``."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView
from sqlalchemy import select

from service.http import auth
from service.http.blueprint import Blueprint
from service.http.pagination import page
from service.http.problems import Problem
from service.http.reads import cached_score
from service.http.responses import SECURITY, json_response, raw_json
from service.http.services import services
from service.jobs.effects import Effects
from service.jobs.enqueue import enqueue_effects
from service.jobs.table import SCORE_OUTLET
from service.models import Outlet, OutletScoreHistory
from service.records.scores import history_body
from service.schemas.common import IntPageArgs
from service.schemas.scores import HistoryPage, JobAccepted, ScoreOut
from service.store import cache

blp = Blueprint("scores", __name__, url_prefix="/v1/outlets", description="Outlet reliability")


@blp.route("/<string:outlet_id>/score")
class ScoreResource(MethodView):
    @auth.require("reader", prefetch=lambda kw: [cache.outlet_score(kw["outlet_id"])])
    @blp.doc(security=SECURITY)
    @blp.response(200, ScoreOut)
    @blp.alt_response(202, schema=JobAccepted, description="Not computed yet; poll Location")
    def get(self, outlet_id: str) -> Response:
        """The outlet's reliability with its explanation."""
        data = cached_score(outlet_id)
        if data is None:
            raise Problem(404, f"No outlet {outlet_id!r}.")
        if data is False:
            svc = services()
            enqueue_effects(svc.redis, svc.settings, Effects(outlets={outlet_id}, cause="requested"))
            job = SCORE_OUTLET.id(outlet_id)
            return json_response(
                {"status": "queued", "job": job},
                202,
                {"Location": f"/v1/jobs/{job}", "Retry-After": "1"},
            )
        assert isinstance(data, bytes)
        return raw_json(data)


@blp.route("/<string:outlet_id>/score/history")
class ScoreHistory(MethodView):
    @auth.require("reader")
    @blp.doc(security=SECURITY)
    @blp.arguments(IntPageArgs(), location="query")
    @blp.response(200, HistoryPage)
    def get(self, args: dict[str, Any], outlet_id: str) -> Response:
        """Every past score of the outlet, oldest first, with time and cause."""
        with services().sessions() as session:
            if session.get(Outlet, outlet_id) is None:
                raise Problem(404, f"No outlet {outlet_id!r}.")
            stmt = select(OutletScoreHistory).where(OutletScoreHistory.outlet_id == outlet_id)
            rows, nxt = page(
                session, stmt, OutletScoreHistory.id, args.get("cursor"), args.get("limit"), cast=int
            )
            return json_response({"items": [history_body(h) for h in rows], "next_cursor": nxt})
