"""Signing ingest deliveries as Standard Webhooks does (what ``POST /v1/webhooks/ingest``
verifies): ``webhook-signature: v1,<base64 HMAC-SHA256(key, "id.timestamp." + body)>``
over the exact bytes sent.

Written with ``hmac`` rather than the ``standardwebhooks`` package, whose ``sign`` takes
text: a delivery is bytes, and the signature must be over those bytes. Several secrets
(a rotation) give several signatures in one header, as the standard allows; the server
accepts a delivery when any of them verifies.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import time
import uuid
from collections.abc import Iterable, Mapping

PREFIX = "whsec_"
ENV = "CREDENCE_INGEST_SECRETS"


def _key(secret: str) -> bytes:
    try:
        key = base64.b64decode(secret.removeprefix(PREFIX), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("not a whsec_… secret (base64 after the prefix)") from exc
    if not secret.startswith(PREFIX) or not key:
        raise ValueError("not a whsec_… secret")
    return key


def new_webhook_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


def secrets_from_env(environ: Mapping[str, str] | None = None) -> list[str]:
    """The comma-separated ``CREDENCE_INGEST_SECRETS``, as the server splits them."""
    raw = (os.environ if environ is None else environ).get(ENV, "")
    return [p.strip() for p in raw.split(",") if p.strip()]


class IngestSigner:
    """Signs deliveries with one or more ``whsec_…`` secrets."""

    def __init__(self, secrets: str | Iterable[str]) -> None:
        listed = [secrets] if isinstance(secrets, str) else list(secrets)
        if not listed:
            raise ValueError("at least one whsec_… secret is needed")
        self._keys = [_key(s) for s in listed]

    def signature(self, webhook_id: str, timestamp: int, body: bytes) -> str:
        signed = f"{webhook_id}.{timestamp}.".encode() + body
        macs = (hmac.new(k, signed, hashlib.sha256).digest() for k in self._keys)
        return " ".join("v1," + base64.b64encode(mac).decode() for mac in macs)

    def headers(
        self, body: bytes, *, webhook_id: str | None = None, timestamp: int | None = None
    ) -> dict[str, str]:
        """The headers to send ``body`` with (a fresh ``webhook-id`` unless given, and the
        current time: the server refuses timestamps more than five minutes off)."""
        msg_id = webhook_id or new_webhook_id()
        stamp = int(time.time()) if timestamp is None else timestamp
        return {
            "content-type": "application/json",
            "webhook-id": msg_id,
            "webhook-timestamp": str(stamp),
            "webhook-signature": self.signature(msg_id, stamp, body),
        }
