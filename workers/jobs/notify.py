"""The ``deliver`` job: one attempt at an owed notification, POSTed signed with Standard
Webhooks. What is owed and what each attempt did are records
(``service.records.notifications``); this job only sends.

A failed attempt raises so RQ retries it with back-off; the same event keeps its
``webhook-id`` across retries so receivers can de-duplicate.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import requests
from standardwebhooks.webhooks import Webhook

from service.records import notifications
from service.store.db import transaction
from service.store.settings import Settings
from service.util.netguard import RefusedURL, check_url
from workers.context import context

log = logging.getLogger(__name__)
USER_AGENT = "Credence-Webhooks/1"


class DeliveryFailed(Exception):
    """A non-2xx answer, a refused URL or a network error (the message says which)."""


def _max_attempts(settings: Settings) -> int:
    return 1 + len(settings.job_retry_intervals)


def _send(url: str, secret: str, event: Mapping[str, Any], timeout: float) -> int:
    body = json.dumps(event, separators=(",", ":"))
    sent_at = datetime.now(UTC)
    headers = {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "webhook-id": str(event["id"]),
        "webhook-timestamp": str(int(sent_at.timestamp())),
        "webhook-signature": Webhook(secret).sign(str(event["id"]), sent_at, body),
    }
    # Redirects are not followed: a public endpoint could otherwise bounce us inward.
    resp = requests.post(
        url, data=body.encode(), headers=headers, timeout=(timeout, timeout), allow_redirects=False
    )
    return resp.status_code


def deliver(subscription_id: str, event_id: str | Mapping[str, Any]) -> dict[str, object]:
    """One attempt at an owed delivery; idempotent: a finished (or deleted) outbox row
    is left alone, so a job queued twice sends once."""
    ctx = context()
    if isinstance(event_id, Mapping):
        with transaction(ctx.sessions) as session:
            event_id = notifications.adopt(session, subscription_id, event_id)
    with transaction(ctx.sessions) as session:
        attempt = notifications.take(session, subscription_id, event_id)
    if isinstance(attempt, str):
        return {"subscription": subscription_id, "event": event_id, "status": attempt}
    started = time.monotonic()
    status: int | None = None
    error: str | None = None
    try:
        # Re-checked at send time: the name may resolve somewhere else by now.
        check_url(attempt.url, ctx.settings.callback_allow_hosts)
        status = _send(attempt.url, attempt.secret, attempt.event, ctx.settings.callback_timeout_seconds)
        if not 200 <= status < 300:
            error = f"HTTP {status}"
    except RefusedURL as exc:
        error = f"refused: {exc}"
    except requests.RequestException as exc:
        # The exception text can carry the URL but never the secret (it is not in it).
        error = f"{type(exc).__name__}: {exc}"[:1000]
    with transaction(ctx.sessions) as session:
        disabled = notifications.record_attempt(
            session,
            subscription_id,
            attempt,
            status,
            error,
            (time.monotonic() - started) * 1000,
            max_attempts=_max_attempts(ctx.settings),
            max_failures=ctx.settings.subscription_max_failures,
        )
    if disabled:
        log.warning("subscription %s disabled after repeated failures", subscription_id)
    if error is not None:
        raise DeliveryFailed(f"subscription {subscription_id} event {event_id}: {error}")
    return {"subscription": subscription_id, "event": event_id, "status": status, "attempt": attempt.number}
