"""Claims: the searchable list and the claim page (score, label, the explanation as a
diagram, verdicts, its wordings — the claims merged into it —, history), and undoing a
merge (editor).

A merged claim's address shows its survivor (the API's shared cached read does the
same), saying which claim was asked for and, to an editor, offering to undo the merge.

Searching by meaning instead of by words (``mode=meaning``) is ``claim_search``.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug import Response

from service.desk import claim_search, diagram, lists
from service.desk.access import needs
from service.http import auth
from service.http.pagination import page
from service.http.reads import cached_claim
from service.http.services import services
from service.http.work import write
from service.jobs.effects import Effects
from service.models import Claim, ClaimScoreHistory
from service.records.claims import claim_body, preload_scores
from service.records.merges import active_merge, undo, wordings
from service.records.outlets import outlet_summaries
from service.records.queries import claim_query
from service.schemas.claims import ClaimListArgs

bp = Blueprint("claims", __name__)
HISTORY_SHOWN = 50


@bp.get("/claims")
@needs("reader")
def index() -> tuple[str, int] | Response:
    if request.args.get("mode") == "meaning" and request.args.get("q", "").strip():
        return claim_search.search(request.args)
    # The search mode is a choice of the form, not a filter of the list.
    query = {k: v for k, v in request.args.items() if k not in ("mode", "job")}
    args, errors = lists.filters(ClaimListArgs(), query)
    items: list[dict[str, Any]] = []
    nxt = None
    if not errors:
        stmt = claim_query(**{k: args.get(k) for k in ("q", "question", "label", "outlet")})
        with services().sessions() as session:
            rows, nxt = page(session, stmt, Claim.id, args.get("cursor"), args.get("limit"))
            _held = preload_scores(session, [c.id for c in rows])
            items = [claim_body(session, c, full=False) for c in rows]
    body = render_template(
        "claims/index.html",
        section="claims",
        items=items,
        args=request.args,
        errors=errors,
        next_url=lists.next_url(nxt),
        first_url=lists.first_url(),
    )
    return body, 422 if errors else 200


@bp.get("/claims/<claim_id>")
@needs("reader")
def show(claim_id: str) -> str:
    raw = cached_claim(claim_id)
    if raw is None:
        abort(404, f"There is no claim {claim_id!r}.")
    body = json.loads(raw)
    apps = body.get("appearances") or []
    ids = {a["outlet"] for a in apps} | {a["origin"] for a in apps if a.get("origin")}
    ids |= {v["reviewer"] for v in body.get("verdicts") or []}
    with services().sessions() as session:
        merged = wordings(session, body["id"])
        asked = active_merge(session, claim_id) if body.get("merged_from") else None
        outlets = outlet_summaries(session, ids)
        history = (
            session.execute(
                select(ClaimScoreHistory)
                .where(ClaimScoreHistory.claim_id == claim_id)
                .order_by(ClaimScoreHistory.id.desc())
                .limit(HISTORY_SHOWN)
            )
            .scalars()
            .all()
        )
    names = {k: v["name"] for k, v in outlets.items()}
    by_id = {a["id"]: a for a in apps}
    picture = diagram.render(body, outlets, lambda o: url_for("desk.outlets.show", outlet_id=o))
    return render_template(
        "claims/show.html",
        section="claims",
        claim=body,
        corroboration=body.get("corroboration") or {},
        names=names,
        outlets=outlets,
        appearances=by_id,
        picture=picture,
        history=history,
        history_shown=HISTORY_SHOWN,
        unit_title=diagram.unit_title,
        wordings=merged,
        asked=asked,
    )


@bp.post("/claims/<claim_id>/unmerge")
@needs("editor")
def unmerge(claim_id: str) -> Response:
    actor = auth.current_actor()

    def op(session: Session) -> tuple[None, Effects]:
        _row, effects = undo(session, claim_id, actor)
        return None, effects

    write(op)
    return redirect(url_for(".show", claim_id=claim_id, unmerged=1), 303)
