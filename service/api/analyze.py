"""``POST /v1/analyze``: extraction, source reliability and matched claims for a draft,
saving nothing. The work runs where the language model lives (a worker, on the
interactive queue it takes first): the request waits a bounded time for it, else
answers 202 with the job to poll at ``GET /v1/analyze/{job}``."""

from __future__ import annotations

import hashlib
import json
import time
from typing import Any

import redis
from flask import Response
from flask.views import MethodView
from rq.exceptions import NoSuchJobError
from rq.job import Job as RQJob

from service.http import auth
from service.http.blueprint import Blueprint
from service.http.problems import Problem
from service.http.responses import SECURITY, json_response
from service.http.services import services
from service.jobs import table
from service.jobs.enqueue import enqueue_request
from service.schemas.analyze import AnalyzeIn, AnalyzeOut, AnalyzeQueued

blp = Blueprint("analyze", __name__, url_prefix="/v1/analyze", description="Analyse a draft")
# Each wait is one blocking read shorter than the Redis client's socket timeout.
WAIT_STEP_SECONDS = 1


def _answer(job: RQJob, wait: float) -> Response:
    deadline = time.monotonic() + wait
    while True:
        result = job.latest_result(timeout=max(0, min(WAIT_STEP_SECONDS, int(deadline - time.monotonic()))))
        if result is not None:
            if result.type == result.Type.SUCCESSFUL:
                return json_response(result.return_value)
            raise Problem(500, "The analysis failed.")
        if time.monotonic() >= deadline:
            break
    location = f"/v1/analyze/{job.id}"
    return json_response(
        {"status": "queued", "job": job.id}, 202, {"Location": location, "Retry-After": "1"}
    )


@blp.route("")
class Analyze(MethodView):
    @auth.require("reader")
    @blp.doc(security=SECURITY)
    @blp.arguments(AnalyzeIn())
    @blp.response(200, AnalyzeOut)
    @blp.alt_response(202, schema=AnalyzeQueued, description="Still running; poll Location")
    def post(self, draft: dict[str, Any]) -> Response:
        """Extract a draft's claims and sources and answer each source's reliability and
        each known claim's corroboration; nothing is saved."""
        svc = services()
        # The same draft asked twice (a plugin re-checking) is one job.
        digest = hashlib.sha256(json.dumps(draft, sort_keys=True, default=str).encode()).hexdigest()[:32]
        try:
            job = enqueue_request(svc.redis, svc.settings, table.ANALYZE, [draft], table.ANALYZE.id(digest))
            return _answer(job, svc.settings.analyze_wait_seconds)
        except redis.RedisError as exc:
            raise Problem(503, "The analysis queue is not reachable; try again shortly.") from exc


@blp.route("/<string:job_id>")
class AnalyzeResult(MethodView):
    @auth.require("reader")
    @blp.doc(security=SECURITY)
    @blp.response(200, AnalyzeOut)
    @blp.alt_response(202, schema=AnalyzeQueued, description="Still running")
    def get(self, job_id: str) -> Response:
        """The result of an analysis that took longer than the request waited."""
        if not job_id.startswith(f"{table.ANALYZE.prefix}--"):
            raise Problem(404, f"No analysis {job_id!r}.")
        try:
            job = RQJob.fetch(job_id, connection=services().redis)
        except (NoSuchJobError, ValueError) as exc:
            raise Problem(404, f"No analysis {job_id!r} (results expire after ten minutes).") from exc
        return _answer(job, 0)
