"""Review: the editor's queue.

Today it lists the sources ingest met and could not place (outlets created as kind
``unknown``), for an editor to look at. The two queues the matching and extraction
branches bring plug in here as templates, rendered when present:
``review/_matches.html`` (candidate matches: side by side, merge, reject, undo — issue
15) and ``review/_sources.html`` (unresolved or ambiguous sources, attached to an outlet
as an alias in one step — issue 14). Their forms post to views those branches add to
this blueprint, protected like every desk form (CSRF, ``needs("editor")``).
"""

from __future__ import annotations

from flask import Blueprint, render_template, request

from service.desk import lists
from service.desk.access import needs
from service.http.pagination import page
from service.http.services import services
from service.models import Outlet
from service.records.queries import outlet_query
from service.schemas.common import PageArgs

bp = Blueprint("review", __name__)


@bp.get("/review")
@needs("editor")
def index() -> tuple[str, int]:
    args, errors = lists.filters(PageArgs(), request.args)
    unknown: list[Outlet] = []
    nxt = None
    if not errors:
        with services().sessions() as session:
            rows, nxt = page(
                session, outlet_query(kind="unknown"), Outlet.id, args.get("cursor"), args.get("limit")
            )
            unknown = list(rows)
    body = render_template(
        "review/index.html",
        section="review",
        unknown=unknown,
        errors=errors,
        next_url=lists.next_url(nxt),
        first_url=lists.first_url(),
    )
    return body, 422 if errors else 200
