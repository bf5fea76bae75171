"""``GET /v1/jobs/{id}``: the state of a background job."""

from __future__ import annotations

from flask import Response
from flask.views import MethodView
from rq.exceptions import NoSuchJobError
from rq.job import Job

from service.http import auth
from service.http.blueprint import Blueprint
from service.http.problems import Problem
from service.http.responses import SECURITY, json_response
from service.http.services import services
from service.schemas.jobs import JobOut
from service.util.timefmt import rfc3339

blp = Blueprint("jobs", __name__, url_prefix="/v1/jobs", description="Background jobs")
STATES = {
    "queued": "queued",
    "deferred": "queued",
    "scheduled": "queued",
    "started": "started",
    "finished": "finished",
    "failed": "failed",
    "stopped": "failed",
    "canceled": "failed",
}


@blp.route("/<string:job_id>")
class JobResource(MethodView):
    @auth.require("reader")
    @blp.doc(security=SECURITY)
    @blp.response(200, JobOut)
    def get(self, job_id: str) -> Response:
        """``queued`` / ``started`` / ``finished`` / ``failed``."""
        try:
            job = Job.fetch(job_id, connection=services().redis)
        except (NoSuchJobError, ValueError) as exc:  # ValueError: not a possible RQ job id
            raise Problem(404, f"No job {job_id!r} (finished jobs expire after an hour).") from exc
        raw = job.get_status(refresh=False)
        status = STATES.get(getattr(raw, "value", str(raw)), "queued")
        error = None
        if status == "failed":
            info = (job.exc_info or "").strip().splitlines()
            error = info[-1] if info else "failed"
        return json_response(
            {
                "id": job.id,
                "status": status,
                "enqueued_at": rfc3339(job.enqueued_at),
                "started_at": rfc3339(job.started_at),
                "ended_at": rfc3339(job.ended_at),
                "retries_left": job.retries_left,
                "error": error,
            }
        )
