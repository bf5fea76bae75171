"""``GET /v1/admin/audit``: who changed what, when, old → new."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from service.http import auth
from service.http.blueprint import Blueprint
from service.http.pagination import page
from service.http.responses import SECURITY, json_response
from service.http.services import services
from service.models import AuditEntry
from service.records.audit import entry_body
from service.records.queries import audit_query
from service.schemas.audit import AuditArgs

blp = Blueprint("audit", __name__, url_prefix="/v1/admin/audit", description="Audit log (admin)")


@blp.route("")
class Audit(MethodView):
    @auth.require("admin")
    @blp.doc(security=SECURITY)
    @blp.arguments(AuditArgs(), location="query")
    @blp.response(200, description="Audit entries, oldest first")
    def get(self, args: dict[str, Any]) -> Response:
        """Every admin write, filterable by actor, entity and time."""
        filters = ("actor", "entity_type", "entity_id", "since", "until")
        stmt = audit_query(**{k: args.get(k) for k in filters})
        with services().sessions() as session:
            rows, nxt = page(session, stmt, AuditEntry.id, args.get("cursor"), args.get("limit"), cast=int)
            return json_response({"items": [entry_body(e) for e in rows], "next_cursor": nxt})
