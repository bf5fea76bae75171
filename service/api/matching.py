"""One claim, many wordings: merging claims (and undoing it), the review queue of likely
duplicates, and — answered by a worker holding the search index — similar claims and
"has this been checked?" search."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView
from sqlalchemy.orm import Session

from service.http import auth
from service.http.blueprint import Blueprint
from service.http.pagination import page
from service.http.problems import Problem
from service.http.responses import SECURITY, json_response
from service.http.services import services
from service.http.work import ask_worker, poll_worker, write
from service.jobs import table
from service.jobs.effects import Effects
from service.models import Claim, ClaimMatch
from service.records.merges import merge, merge_body, undo
from service.records.review import match_body, queue, reject
from service.schemas.analyze import AnalyzeQueued
from service.schemas.matching import (
    MatchOut,
    MatchPage,
    MergeIn,
    MergeOut,
    ReviewArgs,
    SearchIn,
    SimilarArgs,
    SimilarOut,
)

blp = Blueprint("matching", __name__, url_prefix="/v1", description="Claim matching and review")
SEARCH_RESULT = "/v1/claims/search/{job}"
SIMILAR_RESULT = "/v1/claims/similar/{job}"


def _wait() -> float:
    return services().settings.search_wait_seconds


@blp.route("/claims/search")
class Search(MethodView):
    @auth.require("reader")
    @blp.doc(security=SECURITY)
    @blp.arguments(SearchIn())
    @blp.response(200, SimilarOut)
    @blp.alt_response(202, schema=AnalyzeQueued, description="Still running; poll Location")
    def post(self, data: dict[str, Any]) -> Response:
        """Has this been checked? The known claims closest to a text, across wordings, with
        similarity, the probability of being the same claim, corroboration and verdicts."""
        args = [data["text"], data["limit"]]
        return ask_worker(table.SEARCH_CLAIMS, args, args, SEARCH_RESULT, _wait())


@blp.route("/claims/search/<string:job_id>")
class SearchResult(MethodView):
    @auth.require("reader")
    @blp.doc(security=SECURITY)
    @blp.response(200, SimilarOut)
    @blp.alt_response(202, schema=AnalyzeQueued, description="Still running")
    def get(self, job_id: str) -> Response:
        """A search that took longer than the request waited."""
        return poll_worker(table.SEARCH_CLAIMS, job_id, SEARCH_RESULT.format(job=job_id))


@blp.route("/claims/<string:claim_id>/similar")
class SimilarClaims(MethodView):
    @auth.require("reader")
    @blp.doc(security=SECURITY)
    @blp.arguments(SimilarArgs(), location="query")
    @blp.response(200, SimilarOut)
    @blp.alt_response(202, schema=AnalyzeQueued, description="Still running; poll Location")
    def get(self, args: dict[str, Any], claim_id: str) -> Response:
        """The claims most like this one, ranked, with scores and why — candidates to merge."""
        with services().sessions() as session:
            if session.get(Claim, claim_id) is None:
                raise Problem(404, f"No claim {claim_id!r}.")
        job_args = [claim_id, args["limit"]]
        return ask_worker(table.SIMILAR_CLAIMS, job_args, job_args, SIMILAR_RESULT, _wait())


@blp.route("/claims/similar/<string:job_id>")
class SimilarResult(MethodView):
    @auth.require("reader")
    @blp.doc(security=SECURITY)
    @blp.response(200, SimilarOut)
    @blp.alt_response(202, schema=AnalyzeQueued, description="Still running")
    def get(self, job_id: str) -> Response:
        """Similar claims that took longer than the request waited."""
        return poll_worker(table.SIMILAR_CLAIMS, job_id, SIMILAR_RESULT.format(job=job_id))


@blp.route("/claims/<string:claim_id>/merge")
class Merge(MethodView):
    @auth.require("editor")
    @blp.doc(security=SECURITY)
    @blp.arguments(MergeIn())
    @blp.response(200, MergeOut)
    def post(self, data: dict[str, Any], claim_id: str) -> Response:
        """Merge this claim into another: its appearances and verdicts move, its id keeps
        answering (pointing to the survivor); both are rescored; undoable."""
        actor = auth.current_actor()

        def op(session: Session) -> tuple[dict[str, Any], Effects]:
            row, effects = merge(session, claim_id, data["into"], actor)
            return merge_body(row), effects

        body, jobs = write(op)
        return json_response(body | {"jobs": jobs})


@blp.route("/claims/<string:claim_id>/unmerge")
class Unmerge(MethodView):
    @auth.require("editor")
    @blp.doc(security=SECURITY)
    @blp.response(200, MergeOut)
    def post(self, claim_id: str) -> Response:
        """Undo this claim's merge exactly: what it moved goes back; both are rescored."""
        actor = auth.current_actor()

        def op(session: Session) -> tuple[dict[str, Any], Effects]:
            row, effects = undo(session, claim_id, actor)
            return merge_body(row), effects

        body, jobs = write(op)
        return json_response(body | {"jobs": jobs})


@blp.route("/review/matches")
class ReviewQueue(MethodView):
    @auth.require("editor")
    @blp.doc(security=SECURITY)
    @blp.arguments(ReviewArgs(), location="query")
    @blp.response(200, MatchPage)
    def get(self, args: dict[str, Any]) -> Response:
        """Likely duplicates the matcher linked instead of merging, oldest first."""
        with services().sessions() as session:
            stmt = queue(args["status"])
            rows, nxt = page(session, stmt, ClaimMatch.id, args.get("cursor"), args.get("limit"), cast=int)
            return json_response({"items": [match_body(session, m) for m in rows], "next_cursor": nxt})


@blp.route("/review/matches/<int:match_id>/reject")
class RejectMatch(MethodView):
    @auth.require("editor")
    @blp.doc(security=SECURITY)
    @blp.response(200, MatchOut)
    def post(self, match_id: int) -> Response:
        """Not the same claim: the link leaves the queue (audited)."""
        if match_id >= 2**63:
            # The path takes any integer; an id past BIGINT names no match (PostgreSQL
            # would refuse the parameter with an error).
            raise Problem(404, f"No match {match_id}.")
        actor = auth.current_actor()

        def op(session: Session) -> tuple[dict[str, Any], Effects]:
            return match_body(session, reject(session, match_id, actor)), Effects()

        body, _ = write(op)
        return json_response(body)
