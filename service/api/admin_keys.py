"""API keys (admin): list, create (secret shown once), revoke (effective at once)."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView
from marshmallow import fields, validate
from sqlalchemy import select
from sqlalchemy.orm import Session

from service import auth, cache
from service.api._blueprint import Blueprint
from service.api._util import SECURITY, json_response, page, write
from service.errors import Problem
from service.extensions import services
from service.models import ROLES, ApiKey, utcnow
from service.records import audit
from service.records.effects import Effects
from service.schemas.common import PageArgs, StrictSchema, not_blank
from service.timefmt import rfc3339

blp = Blueprint("keys", __name__, url_prefix="/v1/admin/keys", description="API keys (admin)")


class KeyIn(StrictSchema):
    name = fields.String(required=True, validate=[validate.Length(min=1, max=128), not_blank])
    role = fields.String(required=True, validate=validate.OneOf(ROLES))


class KeyOut(StrictSchema):
    id = fields.String()
    name = fields.String()
    role = fields.String()
    created_at = fields.String()
    last_used_at = fields.String(allow_none=True)
    revoked_at = fields.String(allow_none=True)
    key = fields.String(metadata={"description": "the secret; only in the creation response"})


class KeyPage(StrictSchema):
    items = fields.List(fields.Nested(KeyOut))
    next_cursor = fields.String(allow_none=True)


def key_body(k: ApiKey) -> dict[str, Any]:
    return {
        "id": k.id,
        "name": k.name,
        "role": k.role,
        "created_at": rfc3339(k.created_at),
        "last_used_at": rfc3339(k.last_used_at),
        "revoked_at": rfc3339(k.revoked_at),
    }


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
            row, secret = auth.new_key(session, data["name"], data["role"])
            session.flush()
            body = key_body(row)
            audit.record(session, actor, "create", "api_key", row.id, None, body)
            return body | {"key": secret}, Effects()

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
            row = session.get(ApiKey, key_id)
            if row is None:
                raise Problem(404, f"No key {key_id!r}.")
            old = key_body(row)
            if row.revoked_at is None:
                row.revoked_at = utcnow()
                audit.record(session, actor, "revoke", "api_key", key_id, old, key_body(row))
            return None, Effects(drop_keys={cache.api_key(key_id)})

        write(op)
        return Response(status=204)
