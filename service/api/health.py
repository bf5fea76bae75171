"""Liveness, readiness and metrics (no auth: for orchestrators and Prometheus)."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from flask import Response
from flask.views import MethodView
from sqlalchemy import text

from service.http import metrics
from service.http.blueprint import Blueprint
from service.http.problems import problem_response
from service.http.responses import json_response
from service.http.services import services
from service.schemas.common import ProblemSchema

blp = Blueprint("health", __name__, description="Health and metrics")
# An orchestrator's probe gives up after a second or so: /readyz answers within this,
# whatever a dependency does (a hung one is "down", not a hung probe).
READY_DEADLINE = 0.8
# Checks run here so that one that hangs cannot hold the request; a few threads, since a
# hung check holds its thread until its own client times out.
_checks = ThreadPoolExecutor(max_workers=4, thread_name_prefix="readyz")


@blp.route("/healthz")
class Healthz(MethodView):
    @blp.response(200, description="The process is alive")
    def get(self) -> Response:
        """Liveness: the process answers."""
        return json_response({"status": "ok"})


@blp.route("/readyz")
class Readyz(MethodView):
    @blp.response(200, description="Database and Redis reachable")
    @blp.alt_response(503, schema=ProblemSchema, description="A dependency is down (problem document)")
    def get(self) -> Response:
        """Readiness: the database and Redis answer."""
        svc = services()

        def database() -> None:
            with svc.engine.connect() as conn:
                conn.execute(text("SELECT 1"))

        probes: dict[str, Callable[[], object]] = {"database": database, "redis": svc.redis.ping}
        pending = {name: _checks.submit(probe) for name, probe in probes.items()}
        checks: dict[str, str] = {}
        deadline = time.monotonic() + READY_DEADLINE
        for name, future in pending.items():
            try:
                future.result(timeout=max(0.0, deadline - time.monotonic()))
                checks[name] = "ok"
            except FutureTimeout:
                checks[name] = f"down: no answer within {READY_DEADLINE:g}s"
            except Exception as exc:
                checks[name] = f"down: {type(exc).__name__}"
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
