"""Review: the editor's queue.

Three lists: the candidate matches the matcher linked instead of merging (compared side
by side; merged, rejected, and a merge undone — ``review/_matches.html``, and the full
queue by status at ``/review/matches``); the source names extraction found ambiguous,
each attached to one of its outlets as an alias in one step (``review/_sources.html``,
``service.records.sources``); and the sources ingest met and could not place (outlets
created as kind ``unknown``). Every form here is CSRF-checked by the desk blueprint and needs an editor,
like the API's ``/v1/review/…`` and merge endpoints, whose record operations it calls.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from sqlalchemy.orm import Session
from werkzeug import Response

from service.desk import lists
from service.desk.access import needs
from service.http import auth
from service.http.pagination import page
from service.http.services import services
from service.http.work import write
from service.jobs.effects import Effects
from service.jobs.enqueue import enqueue_articles
from service.models import MATCH_STATUSES, ClaimMatch, Outlet
from service.records.outlets import outlet_summaries
from service.records.queries import outlet_query
from service.records.review import match_body, merge_match, preload_matches, queue, reject
from service.records.sources import attach_alias, unplaced_sources
from service.schemas.common import PageArgs
from service.schemas.matching import ReviewArgs

bp = Blueprint("review", __name__)
MATCHES_ON_FRONT = 10  # the rest of the queue is a click away, on its own paginated page
SOURCES_SHOWN = 30  # the most cited first; attaching one takes it off the list
NOTICES = ("rejected", "attached", "to", "requeued")  # what a form's redirect says, not filters


def _matches(
    session: Session, status: str, cursor: str | None, limit: int | None
) -> tuple[list[dict[str, Any]], str | None]:
    rows, nxt = page(session, queue(status), ClaimMatch.id, cursor, limit, cast=int)
    counts, _held = preload_matches(session, rows)
    items = [match_body(session, m) for m in rows]
    for item in items:
        for side in ("claim", "candidate"):
            if item[side] is not None:
                item[side]["appearances"] = counts.get(item[side]["id"], 0)
    return items, nxt


@bp.get("/review")
@needs("editor")
def index() -> tuple[str, int]:
    query = {k: v for k, v in request.args.items() if k not in NOTICES}
    args, errors = lists.filters(PageArgs(), query)
    unknown: list[Outlet] = []
    matches: list[dict[str, Any]] = []
    sources: list[dict[str, Any]] = []
    names: dict[str, str] = {}
    more = None
    nxt = None
    if not errors:
        with services().sessions() as session:
            matches, more = _matches(session, "pending", None, MATCHES_ON_FRONT)
            sources = unplaced_sources(session, SOURCES_SHOWN)
            mentioned = {o for s in sources for o in s["candidates"]}
            names = {k: v["name"] for k, v in outlet_summaries(session, mentioned).items()}
            rows, nxt = page(
                session, outlet_query(kind="unknown"), Outlet.id, args.get("cursor"), args.get("limit")
            )
            unknown = list(rows)
    body = render_template(
        "review/index.html",
        section="review",
        unknown=unknown,
        matches=matches,
        more_matches=more is not None,
        sources=sources,
        names=names,
        errors=errors,
        next_url=lists.next_url(nxt),
        first_url=lists.first_url(),
    )
    return body, 422 if errors else 200


@bp.get("/review/matches")
@needs("editor")
def matches() -> tuple[str, int]:
    args, errors = lists.filters(ReviewArgs(), request.args)
    items: list[dict[str, Any]] = []
    nxt = None
    if not errors:
        with services().sessions() as session:
            items, nxt = _matches(session, args["status"], args.get("cursor"), args.get("limit"))
    body = render_template(
        "review/matches.html",
        section="review",
        matches=items,
        status=args.get("status") or request.args.get("status", ""),
        statuses=MATCH_STATUSES,
        errors=errors,
        next_url=lists.next_url(nxt),
        first_url=lists.first_url(),
    )
    return body, 422 if errors else 200


@bp.post("/review/matches/<int:match_id>/merge")
@needs("editor")
def merge(match_id: int) -> Response:
    actor = auth.current_actor()

    def op(session: Session) -> tuple[str, Effects]:
        row, effects = merge_match(session, match_id, actor)
        return row.merged_id, effects

    merged, _ = write(op)
    # The merged claim's address now shows the survivor, with the merge and its Undo.
    return redirect(url_for("desk.claims.show", claim_id=merged, merged=1), 303)


@bp.post("/review/matches/<int:match_id>/reject")
@needs("editor")
def reject_match(match_id: int) -> Response:
    actor = auth.current_actor()

    def op(session: Session) -> tuple[None, Effects]:
        reject(session, match_id, actor)
        return None, Effects()

    write(op)
    return redirect(url_for(".index", rejected=match_id), 303)


@bp.post("/review/sources/attach")
@needs("editor")
def attach() -> Response:
    source, outlet = request.form.get("source", "").strip(), request.form.get("outlet", "").strip()
    if not source or not outlet:
        abort(422, "Name the source and the outlet to attach it to.")

    def op(session: Session) -> tuple[list[str], Effects]:
        return attach_alias(session, source, outlet)

    requeued, _ = write(op)
    svc = services()
    if requeued:  # after the commit; should this fail, the reconciler queues pending articles
        enqueue_articles(svc.redis, svc.settings, requeued)
    return redirect(url_for(".index", attached=source, to=outlet, requeued=len(requeued)), 303)
