"""Admin: the audit log — who changed what and when, old → new — with the API's filters
(actor, entity type and id, time), newest first."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request

from service.desk import lists
from service.desk.access import needs
from service.http.pagination import page
from service.http.services import services
from service.models import AuditEntry
from service.records.audit import entry_body
from service.records.queries import audit_query
from service.records.scoring_config import config_diff
from service.schemas.audit import AuditArgs

bp = Blueprint("admin_log", __name__, url_prefix="/admin")
FILTERS = ("actor", "entity_type", "entity_id", "since", "until")
ENTITY_TYPES = ("profile", "config", "api_key", "subscription")


@bp.get("/audit")
@needs("admin")
def audit() -> tuple[str, int]:
    args, errors = lists.filters(AuditArgs(), request.args)
    items: list[dict[str, Any]] = []
    nxt = None
    if not errors:
        stmt = audit_query(**{k: args.get(k) for k in FILTERS})
        with services().sessions() as session:
            rows, nxt = page(
                session,
                stmt,
                AuditEntry.id,
                args.get("cursor"),
                args.get("limit"),
                cast=int,
                newest_first=True,
            )
            items = [entry_body(e) | {"diff": config_diff(e.old or {}, e.new or {})} for e in rows]
    body = render_template(
        "admin/audit.html",
        section="admin",
        sub="audit",
        items=items,
        args=request.args,
        errors=errors,
        entity_types=ENTITY_TYPES,
        next_url=lists.next_url(nxt),
        first_url=lists.first_url(),
    )
    return body, 422 if errors else 200
