"""``POST /v1/webhooks/ingest``: the ingest pipeline's signed article deliveries.

Order matters: the Standard Webhooks signature is checked over the raw bytes before
anything is parsed; then the body is parsed and validated; then the article and the
delivery id are written in one transaction, which a replayed ``webhook-id`` rolls back
(answered 200 ``duplicate``, nothing changed). Concurrent deliveries of one process share
that transaction and its commit (group commit, ``records.articles.accept_many``), each
answered only after the commit that holds it. After the commit the article id goes to
the ingest inbox (``service.jobs.inbox``: batched, no Redis round trip of its own), from which
the workers' dispatcher queues its processing job; whatever never reaches Redis is still a
pending article, which the reconciler queues.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import time
from collections.abc import Sequence
from typing import Any

import marshmallow as ma
from flask import Response, request
from flask.views import MethodView

from service.http.blueprint import Blueprint, check_text
from service.http.jsonbody import BadJson, load_json
from service.http.problems import Problem, flatten_messages
from service.http.responses import json_response
from service.http.services import Services, services
from service.records import articles
from service.schemas import ingest
from service.schemas.ingest import IngestBody, IngestResult
from service.store.db import lost_connection
from service.store.group_commit import GroupCommit

log = logging.getLogger(__name__)
RETRY = {"Retry-After": "1"}
blp = Blueprint("webhooks", __name__, url_prefix="/v1/webhooks", description="Signed ingest webhook")


def _secret_key(secret: str) -> bytes:
    raw = secret.removeprefix("whsec_")
    return base64.b64decode(raw + "=" * (-len(raw) % 4))


def verify(body: bytes, headers: Any, secrets: Sequence[str], tolerance: int) -> str:
    """The ``webhook-id`` of a delivery signed by any configured secret (rotation), or a
    401. HMAC over the raw bytes, as the sender signed them: no re-serialisation."""
    msg_id = headers.get("webhook-id", "")
    stamp = headers.get("webhook-timestamp", "")
    signatures = headers.get("webhook-signature", "")
    if not (msg_id and stamp and signatures):
        raise _unauthorised("The webhook-id, webhook-timestamp and webhook-signature headers are required.")
    if len(msg_id) > 128:
        raise _unauthorised("The webhook-id is too long.")
    # Decimal digits only: int() would also take "+1700000000", " 17", "1_700_000_000".
    if not (stamp.isascii() and stamp.isdigit() and len(stamp) <= 12):
        raise _unauthorised("The webhook-timestamp is not a Unix timestamp (decimal seconds).")
    sent_at = int(stamp)
    if abs(time.time() - sent_at) > tolerance:
        raise _unauthorised("The webhook-timestamp is outside the accepted window.")
    offered = []
    for item in signatures.split():
        version, _, value = item.partition(",")
        if version == "v1":
            try:
                offered.append(base64.b64decode(value, validate=True))
            except (binascii.Error, ValueError):
                continue
    signed = f"{msg_id}.{sent_at}.".encode() + body
    for secret in secrets:
        expected = hmac.new(_secret_key(secret), signed, hashlib.sha256).digest()
        if any(hmac.compare_digest(expected, sig) for sig in offered):
            return str(msg_id)
    raise _unauthorised("No valid signature for this delivery.")


def _unauthorised(detail: str) -> Problem:
    return Problem(401, detail, type_="invalid-signature")


HEADERS = [
    {
        "in": "header",
        "name": name,
        "required": True,
        "schema": {"type": "string"},
        "description": description,
    }
    for name, description in (
        ("webhook-id", "unique delivery id; a repeated id is acknowledged as a duplicate"),
        ("webhook-timestamp", "Unix seconds; rejected when more than 5 minutes off"),
        ("webhook-signature", "v1,<base64 HMAC-SHA256(secret, id.timestamp.body)>, space-separated"),
    )
]


@blp.route("/ingest")
class Ingest(MethodView):
    @blp.doc(
        security=[],
        parameters=HEADERS,
        requestBody={"required": True, "content": {"application/json": {"schema": IngestBody}}},
        description="Signed with Standard Webhooks (no API key); secrets come from "
        "CREDENCE_INGEST_SECRETS, any of which is accepted during rotation.",
    )
    @blp.response(202, IngestResult, description="stored; processing is queued")
    @blp.alt_response(200, schema=IngestResult, description="this webhook-id was seen before")
    def post(self) -> Response:
        """Receive an ingested article (Standard Webhooks signature)."""
        svc = services()
        commits = svc.ingest_commits()
        # Announced from the start: a delivery committing meanwhile waits (briefly) to take
        # this one into its transaction (service.store.group_commit).
        with commits.expect():
            return self._receive(svc, commits)

    def _receive(self, svc: Services, commits: GroupCommit[articles.Delivery, articles.Accepted]) -> Response:
        body = request.get_data(cache=False)
        secrets = svc.settings.ingest_secrets
        if not secrets:
            log.error("ingest webhook called but CREDENCE_INGEST_SECRETS is not configured")
            raise Problem(503, "The ingest webhook is not configured.")
        delivery_id = verify(body, request.headers, secrets, svc.settings.webhook_tolerance_seconds)
        try:
            payload = load_json(body)
        except BadJson as exc:
            raise Problem(400, str(exc)) from None
        try:
            check_text(body, payload)
            data = ingest.load(payload)
        except ma.ValidationError as exc:
            raise Problem(
                422, "The request has invalid fields.", errors=flatten_messages(exc.messages)
            ) from None
        retried = False
        try:
            # Answered only once the transaction holding it has committed; one webhook id
            # never shares a batch with itself, so a replay is decided by the next one.
            stored = commits.submit((delivery_id, data["article"]), key=delivery_id)
        except Exception as exc:
            if not lost_connection(svc.engine, exc):
                raise
            # The connection broke mid-transaction. Trying again is safe: the delivery id
            # decides, so if the first attempt did commit, this one finds it (duplicate).
            log.warning("database connection lost accepting %s (%s); trying once more", delivery_id, exc)
            try:
                stored = articles.accept(svc.engine, delivery_id, data["article"])
            except Exception as again:
                if lost_connection(svc.engine, again):
                    raise Problem(503, "The database is unavailable; retry.", headers=RETRY) from None
                raise
            retried = True
        if stored.duplicate and not retried:
            return json_response({"status": "duplicate", "article": stored.article_id}, 200)
        svc.inbox().post(stored.article_id)  # after a retry, whichever attempt committed
        if stored.duplicate:
            return json_response({"status": "duplicate", "article": stored.article_id}, 200)
        return json_response({"status": "accepted", "article": stored.article_id}, 202)
