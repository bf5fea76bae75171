"""Admin: API keys (create — the secret shown once, on the page that answers the form,
and never again; revoke) and notification subscriptions (create — the signing secret
shown once; delete; the delivery log)."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask import Blueprint, abort, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug import Response

from service.desk import lists
from service.desk.access import needs
from service.http import auth
from service.http.pagination import page
from service.http.problems import flatten_messages
from service.http.services import services
from service.http.work import write
from service.jobs.effects import Effects
from service.models import ROLES, ApiKey
from service.models.notifications import EVENT_TYPES, NotificationDelivery, Subscription
from service.records import subscriptions as subs
from service.records.keys import create_key, key_body, revoke_key
from service.schemas.common import PageArgs
from service.schemas.keys import KeyIn
from service.schemas.subscriptions import SubscriptionIn

bp = Blueprint("admin_keys", __name__, url_prefix="/admin")


def _keys_page(status: int = 200, **extra: Any) -> tuple[str, int]:
    args, errors = lists.filters(PageArgs(), request.args)
    rows: list[dict[str, Any]] = []
    nxt = None
    if not errors:
        with services().sessions() as session:
            found, nxt = page(session, select(ApiKey), ApiKey.id, args.get("cursor"), args.get("limit"))
            rows = [key_body(k) for k in found]
    extra.setdefault("form", {"name": "", "role": "reader"})
    body = render_template(
        "admin/keys.html",
        section="admin",
        sub="keys",
        keys=rows,
        roles=ROLES,
        errors=extra.pop("errors", errors),
        next_url=lists.next_url(nxt),
        first_url=lists.first_url(),
        **extra,
    )
    return body, status


@bp.get("/keys")
@needs("admin")
def keys() -> tuple[str, int]:
    return _keys_page()


@bp.post("/keys")
@needs("admin")
def create() -> tuple[str, int]:
    form = {"name": request.form.get("name", "").strip(), "role": request.form.get("role", "")}
    args, errors = lists.filters(KeyIn(), form)
    if errors:
        return _keys_page(422, errors=errors, form=form)
    actor = auth.current_actor()

    def op(session: Session) -> tuple[dict[str, Any], Effects]:
        return create_key(session, actor, args["name"], args["role"]), Effects()

    created, _ = write(op)
    # The secret is in this response only: not stored in the session, not redirected to.
    return _keys_page(201, created=created)


@bp.post("/keys/<key_id>/revoke")
@needs("admin")
def revoke(key_id: str) -> Response:
    actor = auth.current_actor()

    def op(session: Session) -> tuple[None, Effects]:
        return None, revoke_key(session, actor, key_id)

    write(op)
    return redirect(url_for(".keys", revoked=key_id), 303)


def _subs_page(status: int = 200, **extra: Any) -> tuple[str, int]:
    args, errors = lists.filters(PageArgs(), request.args)
    rows: list[dict[str, Any]] = []
    nxt = None
    if not errors:
        with services().sessions() as session:
            found, nxt = page(
                session,
                select(Subscription).where(Subscription.deleted_at.is_(None)),
                Subscription.id,
                args.get("cursor"),
                args.get("limit"),
            )
            owed = subs.pending_counts(session, [s.id for s in found])
            rows = [subs.subscription_body(s, owed.get(s.id, 0)) for s in found]
    extra.setdefault("form", {"url": "", "events": list(EVENT_TYPES)})
    body = render_template(
        "admin/subscriptions.html",
        section="admin",
        sub="subscriptions",
        subs=rows,
        event_types=EVENT_TYPES,
        errors=extra.pop("errors", errors),
        next_url=lists.next_url(nxt),
        first_url=lists.first_url(),
        **extra,
    )
    return body, status


@bp.get("/subscriptions")
@needs("admin")
def subscriptions() -> tuple[str, int]:
    return _subs_page()


@bp.post("/subscriptions")
@needs("admin")
def subscribe() -> tuple[str, int]:
    form = {"url": request.form.get("url", "").strip(), "events": request.form.getlist("events")}
    try:
        data = SubscriptionIn().load(form)
    except ma.ValidationError as exc:
        return _subs_page(422, errors=flatten_messages(exc.messages), form=form)
    subs.check_target(data["url"], services().settings.callback_allow_hosts)
    actor = auth.current_actor()

    def op(session: Session) -> tuple[dict[str, Any], Effects]:
        row, secret = subs.create(session, actor, data)
        return subs.subscription_body(row) | {"secret": secret}, Effects()

    created, _ = write(op)
    return _subs_page(201, created=created)


@bp.post("/subscriptions/<sub_id>/delete")
@needs("admin")
def unsubscribe(sub_id: str) -> Response:
    actor = auth.current_actor()

    def op(session: Session) -> tuple[None, Effects]:
        row = session.get(Subscription, sub_id)
        if row is None or row.deleted_at is not None:
            abort(404, f"There is no subscription {sub_id!r}.")
        subs.remove(session, actor, row)
        return None, Effects()

    write(op)
    return redirect(url_for(".subscriptions", deleted=sub_id), 303)


@bp.get("/subscriptions/<sub_id>")
@needs("admin")
def deliveries(sub_id: str) -> str:
    args, errors = lists.filters(PageArgs(), request.args)
    with services().sessions() as session:
        row = session.get(Subscription, sub_id)
        if row is None:
            abort(404, f"There is no subscription {sub_id!r}.")
        body = subs.subscription_body(row, subs.pending_counts(session, [sub_id]).get(sub_id, 0))
        stmt = select(NotificationDelivery).where(NotificationDelivery.subscription_id == sub_id)
        found, nxt = page(
            session,
            stmt,
            NotificationDelivery.id,
            args.get("cursor"),
            args.get("limit"),
            cast=int,
            newest_first=True,
        )
        log = [subs.delivery_body(d) for d in found]
    return render_template(
        "admin/deliveries.html",
        section="admin",
        sub="subscriptions",
        subscription=body,
        log=log,
        errors=errors,
        next_url=lists.next_url(nxt),
        first_url=lists.first_url(),
    )
