"""The ingest signer signs as Standard Webhooks does: the reference library verifies it,
over bytes that are not text too, and a rotation's several secrets sign one header."""

from __future__ import annotations

import json
from typing import Any

import pytest
from standardwebhooks.webhooks import Webhook

from service.client.signing import IngestSigner, secrets_from_env
from tests.support.signing import OTHER, SECRET, article


def test_the_reference_library_verifies_the_signature() -> None:
    body = b'{"type":"article.ingested","article":{"url":"https://a.example.com/x"}}'
    headers = IngestSigner(SECRET).headers(body, webhook_id="msg_1")
    assert headers["webhook-id"] == "msg_1" and headers["content-type"] == "application/json"
    assert Webhook(SECRET).verify(body, headers) is not None
    with pytest.raises(Exception):  # noqa: B017 - the library raises its own WebhookVerificationError
        Webhook(OTHER).verify(body, headers)


def test_several_secrets_sign_one_header_and_either_verifies() -> None:
    body = b"{}"
    headers = IngestSigner([OTHER, SECRET]).headers(body)
    assert headers["webhook-signature"].count("v1,") == 2
    assert Webhook(SECRET).verify(body, headers) is not None
    assert Webhook(OTHER).verify(body, headers) is not None


def test_bad_secrets_and_the_environment() -> None:
    for bad in ("plain", "whsec_", "whsec_***", []):
        with pytest.raises(ValueError):
            IngestSigner(bad)
    assert secrets_from_env({"CREDENCE_INGEST_SECRETS": f" {SECRET}, ,{OTHER} "}) == [SECRET, OTHER]
    assert secrets_from_env({}) == []


def test_the_service_accepts_a_signed_delivery_of_raw_bytes(client: Any) -> None:
    body = json.dumps(article(7)).encode()
    resp = client.post("/v1/webhooks/ingest", data=body, headers=IngestSigner(SECRET).headers(body))
    assert resp.status_code == 202 and resp.json["status"] == "accepted"
