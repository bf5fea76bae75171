"""Sending one signed delivery to ``POST /v1/webhooks/ingest`` as a pipeline does, with
the retries a pipeline needs: connection errors, 429 and 5xx are tried again (after the
server's ``Retry-After`` when it gives one, else a doubling back-off) under the same
``webhook-id``, so a retry of a delivery that did arrive is answered ``duplicate``."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests

from service.client.signing import IngestSigner
from service.client.transport import retry_after


@dataclass(frozen=True)
class Delivery:
    """What became of one delivery: ``status`` is ``accepted``, ``duplicate`` or
    ``failed``; ``article`` the stored article's id (none when it failed)."""

    webhook_id: str | None
    status: str
    article: str | None = None
    http_status: int | None = None
    error: str | None = None


def _reason(resp: requests.Response) -> str:
    try:
        doc = resp.json()
    except ValueError:
        return f"HTTP {resp.status_code}: {resp.text[:300]}"
    detail = doc.get("errors") or doc.get("detail") if isinstance(doc, dict) else doc
    return f"HTTP {resp.status_code}: {json.dumps(detail)}"


def deliver(
    session: requests.Session,
    url: str,
    signer: IngestSigner,
    webhook_id: str,
    body: bytes,
    *,
    retries: int = 5,
    timeout: float = 30.0,
    sleep: Callable[[float], Any] = time.sleep,
) -> Delivery:
    """Sign and post ``body``; re-signed on every attempt (the timestamp must be fresh)."""
    error, status = "", None
    pause = 0.5
    for attempt in range(retries + 1):
        try:
            headers = signer.headers(body, webhook_id=webhook_id)
            resp = session.post(url, data=body, headers=headers, timeout=timeout)
        except requests.RequestException as exc:
            error, status, wait = f"{type(exc).__name__}: {exc}", None, None
        else:
            status = resp.status_code
            if status in (200, 202):
                doc = resp.json()
                outcome = "duplicate" if doc.get("status") == "duplicate" else "accepted"
                return Delivery(webhook_id, outcome, doc.get("article"), status)
            if status != 429 and status < 500:
                return Delivery(webhook_id, "failed", None, status, _reason(resp))
            error, wait = _reason(resp), retry_after(resp)
        if attempt < retries:
            sleep(min(wait if wait is not None else pause, 30.0))
            pause = min(pause * 2, 30.0)
    return Delivery(webhook_id, "failed", None, status, error)
