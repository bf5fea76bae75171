"""Liveness, readiness and metrics (no auth: for orchestrators and Prometheus)."""

from __future__ import annotations

from flask import Response
from flask.views import MethodView
from sqlalchemy import text

from service.http import metrics
from service.http.blueprint import Blueprint
from service.http.problems import problem_response
from service.http.responses import json_response
from service.http.services import services

blp = Blueprint("health", __name__, description="Health and metrics")


@blp.route("/healthz")
class Healthz(MethodView):
    @blp.response(200, description="The process is alive")
    def get(self) -> Response:
        """Liveness: the process answers."""
        return json_response({"status": "ok"})


@blp.route("/readyz")
class Readyz(MethodView):
    @blp.response(200, description="Database and Redis reachable")
    @blp.alt_response(503, description="A dependency is down (problem document)")
    def get(self) -> Response:
        """Readiness: the database and Redis answer."""
        svc = services()
        checks: dict[str, str] = {}
        try:
            with svc.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            checks["database"] = "ok"
        except Exception as exc:
            checks["database"] = f"down: {type(exc).__name__}"
        try:
            svc.redis.ping()
            checks["redis"] = "ok"
        except Exception as exc:
            checks["redis"] = f"down: {type(exc).__name__}"
        if all(v == "ok" for v in checks.values()):
            return json_response({"status": "ready", "checks": checks})
        return problem_response(
            503, "Service Unavailable", "A dependency is not reachable.", extra={"checks": checks}
        )


@blp.route("/metrics")
class Metrics(MethodView):
    @blp.response(200, description="Prometheus text exposition format")
    def get(self) -> Response:
        """Request counts and latency histograms by endpoint and status."""
        return metrics.render()
