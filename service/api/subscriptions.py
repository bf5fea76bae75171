"""Outbound notification subscriptions (admin): create (secret shown once), list, read,
delete, and the log of every delivery attempt."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.http import auth
from service.http.blueprint import Blueprint
from service.http.pagination import page
from service.http.problems import Problem
from service.http.responses import SECURITY, json_response
from service.http.services import services
from service.http.work import write
from service.jobs.effects import Effects
from service.models.notifications import NotificationDelivery, Subscription
from service.records import subscriptions as subs
from service.schemas.common import IntPageArgs, PageArgs
from service.schemas.subscriptions import (
    DeliveryPage,
    SubscriptionIn,
    SubscriptionOut,
    SubscriptionPage,
)

blp = Blueprint(
    "subscriptions", __name__, url_prefix="/v1/admin/subscriptions", description="Outbound notifications"
)


def _get_or_404(session: Session, sub_id: str, *, deleted: bool = False) -> Subscription:
    """The subscription; a deleted one only when ``deleted`` (its delivery log)."""
    row = session.get(Subscription, sub_id)
    if row is None or (row.deleted_at is not None and not deleted):
        raise Problem(404, f"No subscription {sub_id!r}.")
    return row


@blp.route("")
class Subscriptions(MethodView):
    @auth.require("admin")
    @blp.doc(security=SECURITY)
    @blp.arguments(SubscriptionIn)
    @blp.response(201, SubscriptionOut)
    def post(self, data: dict[str, Any]) -> Response:
        """Subscribe a URL to events; the signing secret is in this response only."""
        # Checked before the transaction: DNS can be slow and must not hold a lock.
        subs.check_target(data["url"], services().settings.callback_allow_hosts)
        actor = auth.current_actor()

        def op(session: Session) -> tuple[dict[str, Any], Effects]:
            row, secret = subs.create(session, actor, data)
            return subs.subscription_body(row) | {"secret": secret}, Effects()

        body, _ = write(op)
        return json_response(body, 201, {"Location": f"/v1/admin/subscriptions/{body['id']}"})

    @auth.require("admin")
    @blp.doc(security=SECURITY)
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, SubscriptionPage)
    def get(self, args: dict[str, Any]) -> Response:
        """Every subscription (never its secret)."""
        with services().sessions() as session:
            live = select(Subscription).where(Subscription.deleted_at.is_(None))
            rows, nxt = page(session, live, Subscription.id, args.get("cursor"), args.get("limit"))
            owed = subs.pending_counts(session, [s.id for s in rows])
            items = [subs.subscription_body(s, owed.get(s.id, 0)) for s in rows]
            return json_response({"items": items, "next_cursor": nxt})


@blp.route("/<string:sub_id>")
class SubscriptionResource(MethodView):
    @auth.require("admin")
    @blp.doc(security=SECURITY)
    @blp.response(200, SubscriptionOut)
    def get(self, sub_id: str) -> Response:
        """One subscription, with its failure count and whether it was disabled."""
        with services().sessions() as session:
            row = _get_or_404(session, sub_id)
            owed = subs.pending_counts(session, [row.id]).get(row.id, 0)
            return json_response(subs.subscription_body(row, owed))

    @auth.require("admin")
    @blp.doc(security=SECURITY)
    @blp.response(204)
    def delete(self, sub_id: str) -> Response:
        """Delete a subscription; what it was owed is dropped, its delivery log is kept."""
        actor = auth.current_actor()

        def op(session: Session) -> tuple[None, Effects]:
            subs.remove(session, actor, _get_or_404(session, sub_id))
            return None, Effects()

        write(op)
        return Response(status=204)


@blp.route("/<string:sub_id>/deliveries")
class Deliveries(MethodView):
    @auth.require("admin")
    @blp.doc(security=SECURITY)
    @blp.arguments(IntPageArgs, location="query")
    @blp.response(200, DeliveryPage)
    def get(self, args: dict[str, Any], sub_id: str) -> Response:
        """Every delivery attempt, oldest first: event, attempt, status code or error (also
        for a deleted subscription: the log outlives it)."""
        with services().sessions() as session:
            _get_or_404(session, sub_id, deleted=True)
            stmt = select(NotificationDelivery).where(NotificationDelivery.subscription_id == sub_id)
            rows, nxt = page(
                session, stmt, NotificationDelivery.id, args.get("cursor"), args.get("limit"), cast=int
            )
            return json_response({"items": [subs.delivery_body(d) for d in rows], "next_cursor": nxt})
