"""``POST /v1/analyze``: extraction, source reliability and matched claims for a draft,
saving nothing. The work runs where the language model lives (a worker, on the
interactive queue it takes first): the request waits a bounded time for it, else
answers 202 with the job to poll at ``GET /v1/analyze/{job}``."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from service.http import auth
from service.http.blueprint import Blueprint
from service.http.responses import SECURITY
from service.http.services import services
from service.http.work import ask_worker, poll_worker
from service.jobs import table
from service.schemas.analyze import AnalyzeIn, AnalyzeOut, AnalyzeQueued

blp = Blueprint("analyze", __name__, url_prefix="/v1/analyze", description="Analyse a draft")
RESULT = "/v1/analyze/{job}"


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
        # The same draft asked twice (a plugin re-checking) is one job.
        return ask_worker(table.ANALYZE, [draft], draft, RESULT, services().settings.analyze_wait_seconds)


@blp.route("/<string:job_id>")
class AnalyzeResult(MethodView):
    @auth.require("reader")
    @blp.doc(security=SECURITY)
    @blp.response(200, AnalyzeOut)
    @blp.alt_response(202, schema=AnalyzeQueued, description="Still running")
    def get(self, job_id: str) -> Response:
        """The result of an analysis that took longer than the request waited."""
        return poll_worker(table.ANALYZE, job_id, RESULT.format(job=job_id))
