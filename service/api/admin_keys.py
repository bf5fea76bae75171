"""API keys (admin): list, create (secret shown once), revoke (effective at once)."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.http import auth
from service.http.blueprint import Blueprint
from service.http.pagination import page
from service.http.responses import SECURITY, json_response
from service.http.services import services
from service.http.work import write
from service.jobs.effects import Effects
from service.models import ApiKey
from service.records.keys import create_key, key_body, revoke_key
from service.schemas.common import PageArgs
from service.schemas.keys import KeyIn, KeyOut, KeyPage

blp = Blueprint("keys", __name__, url_prefix="/v1/admin/keys", description="API keys (admin)")


@blp.route("")
class Keys(MethodView):
    @auth.require("admin")
    @blp.doc(security=SECURITY)
    @blp.arguments(PageArgs(), location="query")
    @blp.response(200, KeyPage)
    def get(self, args: dict[str, Any]) -> Response:
        """Every key (never its secret)."""
        with services().sessions() as session:
            rows, nxt = page(session, select(ApiKey), ApiKey.id, args.get("cursor"), args.get("limit"))
            return json_response({"items": [key_body(k) for k in rows], "next_cursor": nxt})

    @auth.require("admin")
    @blp.doc(security=SECURITY)
    @blp.arguments(KeyIn())
    @blp.response(201, KeyOut)
    def post(self, data: dict[str, Any]) -> Response:
        """Create a key; the secret is in this response only."""
        actor = auth.current_actor()

        def op(session: Session) -> tuple[dict[str, Any], Effects]:
            return create_key(session, actor, data["name"], data["role"]), Effects()

        body, _ = write(op)
        return json_response(body, 201)


@blp.route("/<string:key_id>")
class KeyResource(MethodView):
    @auth.require("admin")
    @blp.doc(security=SECURITY)
    @blp.response(204)
    def delete(self, key_id: str) -> Response:
        """Revoke a key; it stops working at once."""
        actor = auth.current_actor()

        def op(session: Session) -> tuple[None, Effects]:
            return None, revoke_key(session, actor, key_id)

        write(op)
        return Response(status=204)
