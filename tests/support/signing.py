"""Signing like a real ingest pipeline: Standard Webhooks over the exact bytes sent."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from standardwebhooks.webhooks import Webhook

SECRET = "whsec_dGVzdC1zZWNyZXQtb25lLXRlc3Qtc2VjcmV0LW9uZQ=="  # the env fixture's
OTHER = "whsec_b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldC1vdGhlcg=="


def signed(
    body: bytes | dict[str, Any],
    *,
    secret: str = SECRET,
    msg_id: str | None = None,
    at: float | None = None,
) -> tuple[bytes, dict[str, str]]:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    msg_id = msg_id or f"msg_{uuid.uuid4().hex}"
    when = datetime.fromtimestamp(at if at is not None else time.time(), UTC)
    try:
        sig = Webhook(secret).sign(msg_id, when, data.decode())
    except UnicodeDecodeError:
        # The library signs text; a pipeline bug may still send (and sign) other bytes.
        key = base64.b64decode(secret.removeprefix("whsec_"))
        mac = hmac.new(key, f"{msg_id}.{int(when.timestamp())}.".encode() + data, hashlib.sha256)
        sig = "v1," + base64.b64encode(mac.digest()).decode()
    return data, {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(when.timestamp())),
        "webhook-signature": sig,
        "content-type": "application/json",
    }


def article(n: int, claims: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "type": "article.ingested",
        "article": {
            "url": f"https://news{n % 3}.example.com/story/{n}",
            "outlet": f"news{n % 3}.example.com",
            "title": f"Story {n}",
            "published_at": "2026-11-01T10:00:00Z",
            "authors": ["A. Writer"],
            "text": "Body text.",
            "claims": claims
            if claims is not None
            else [
                {
                    "text": "US forces trained ISIS fighters at al-Tanf.",
                    "stance": "supports",
                    "origin": {"name": "SVR", "kind": "government", "network": "russian-state"},
                    "hedged": True,
                    "excerpt": "according to the SVR",
                },
                {"text": f"Unique claim number {n}.", "stance": "supports", "origin": None},
            ],
        }
        | extra,
    }


def post(client: Any, body: bytes | dict[str, Any], **kw: Any) -> Any:
    data, headers = signed(body, **kw)
    return client.post("/v1/webhooks/ingest", data=data, headers=headers)
