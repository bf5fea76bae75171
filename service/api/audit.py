"""``GET /v1/admin/audit``: who changed what, when, old → new."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView
from sqlalchemy import select

from service.http import auth
from service.http.blueprint import Blueprint
from service.http.pagination import page
from service.http.responses import SECURITY, json_response
from service.http.services import services
from service.models import AuditEntry
from service.schemas.audit import AuditArgs
from service.util.timefmt import rfc3339

blp = Blueprint("audit", __name__, url_prefix="/v1/admin/audit", description="Audit log (admin)")


def entry_body(e: AuditEntry) -> dict[str, Any]:
    return {
        "id": e.id,
        "at": rfc3339(e.at),
        "actor": e.actor,
        "action": e.action,
        "entity_type": e.entity_type,
        "entity_id": e.entity_id,
        "old": e.old,
        "new": e.new,
    }


@blp.route("")
class Audit(MethodView):
    @auth.require("admin")
    @blp.doc(security=SECURITY)
    @blp.arguments(AuditArgs(), location="query")
    @blp.response(200, description="Audit entries, oldest first")
    def get(self, args: dict[str, Any]) -> Response:
        """Every admin write, filterable by actor, entity and time."""
        stmt = select(AuditEntry)
        for name in ("actor", "entity_type", "entity_id"):
            if args.get(name):
                stmt = stmt.where(getattr(AuditEntry, name) == args[name])
        if args.get("since"):
            stmt = stmt.where(AuditEntry.at >= args["since"])
        if args.get("until"):
            stmt = stmt.where(AuditEntry.at < args["until"])
        with services().sessions() as session:
            rows, nxt = page(session, stmt, AuditEntry.id, args.get("cursor"), args.get("limit"), cast=int)
            return json_response({"items": [entry_body(e) for e in rows], "next_cursor": nxt})
