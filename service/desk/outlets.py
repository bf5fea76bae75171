"""Outlets: the searchable list and the outlet page (score, credible interval, criteria
breakdown and track record as charts, score history, domains, claims it originated).

Slot for what another branch adds: ``outlets/_aliases.html`` (the outlet's aliases,
issue 14), rendered on the outlet page when present.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, abort, render_template, request
from sqlalchemy import select

from service.desk import charts, lists
from service.desk.access import needs
from service.http.pagination import page
from service.http.reads import cached_outlet, cached_score
from service.http.services import services
from service.models import Claim, Outlet, OutletScore, OutletScoreHistory
from service.records.claims import claim_body, preload_scores
from service.records.outlets import outlet_body
from service.records.queries import originated_query, outlet_query
from service.schemas.outlets import OutletListArgs
from workers.scoring import OUTLET_KINDS

bp = Blueprint("outlets", __name__)
HISTORY_POINTS = 200
FILTERS = ("q", "domain", "kind", "network", "label", "country")


@bp.get("/outlets")
@needs("reader")
def index() -> tuple[str, int]:
    args, errors = lists.filters(OutletListArgs(), request.args)
    items: list[dict[str, Any]] = []
    nxt = None
    if not errors:
        stmt = outlet_query(**{k: args.get(k) for k in FILTERS})
        with services().sessions() as session:
            rows, nxt = page(session, stmt, Outlet.id, args.get("cursor"), args.get("limit"))
            ids = [o.id for o in rows]
            scores = {
                s.outlet_id: s
                for s in session.execute(select(OutletScore).where(OutletScore.outlet_id.in_(ids))).scalars()
            }
            items = [outlet_body(o) | {"score": scores.get(o.id)} for o in rows]
    body = render_template(
        "outlets/index.html",
        section="outlets",
        items=items,
        args=request.args,
        errors=errors,
        kinds=OUTLET_KINDS,
        next_url=lists.next_url(nxt),
        first_url=lists.first_url(),
    )
    return body, 422 if errors else 200


@bp.get("/outlets/<outlet_id>")
@needs("reader")
def show(outlet_id: str) -> str:
    raw = cached_outlet(outlet_id)
    if raw is None:
        abort(404, f"There is no outlet {outlet_id!r}.")
    outlet = json.loads(raw)
    scored = cached_score(outlet_id)
    score = json.loads(scored) if isinstance(scored, bytes) else None
    with services().sessions() as session:
        rows = (
            session.execute(
                select(OutletScoreHistory)
                .where(OutletScoreHistory.outlet_id == outlet_id)
                .order_by(OutletScoreHistory.id.desc())
                .limit(HISTORY_POINTS)
            )
            .scalars()
            .all()
        )
        claims, nxt = page(session, originated_query(outlet_id), Claim.id, request.args.get("cursor"), 20)
        _held = preload_scores(session, [c.id for c in claims])
        originated = [claim_body(session, c, full=False) for c in claims]
    history = list(reversed(rows))
    explanation = (score or {}).get("explanation") or {}
    return render_template(
        "outlets/show.html",
        section="outlets",
        outlet=outlet,
        score=score,
        explanation=explanation,
        interval_chart=charts.interval(score["score"], *score["interval"]) if score else None,
        criteria_chart=charts.criteria((explanation.get("prior") or {}).get("criteria") or []),
        track_chart=charts.track_record(explanation.get("track_record") or []),
        history_chart=charts.history([(h.at, h.new_score, h.new_label) for h in history]),
        history=list(rows[:20]),
        originated=originated,
        next_url=lists.next_url(nxt),
        first_url=lists.first_url(),
    )
