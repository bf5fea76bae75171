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
from service.http.responses import SECURITY, json_response
from service.http.services import services
from service.http.work import write
from service.jobs.effects import Effects
from service.models import ClaimMatch
from service.records.merges import merge, merge_body, undo
from service.records.review import match_body, queue, reject
from service.schemas.matching import MatchOut, MatchPage, MergeIn, MergeOut, ReviewArgs

blp = Blueprint("matching", __name__, url_prefix="/v1", description="Claim matching and review")


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
        actor = auth.current_actor()

        def op(session: Session) -> tuple[dict[str, Any], Effects]:
            return match_body(session, reject(session, match_id, actor)), Effects()

        body, _ = write(op)
        return json_response(body)
