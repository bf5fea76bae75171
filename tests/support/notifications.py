"""Subscribing, making a claim to be notified about, and reading what arrived."""

from __future__ import annotations

from typing import Any

from standardwebhooks.webhooks import Webhook

from tests.support.receiver import Receiver

ALL = ["outlet.score_changed", "claim.score_changed", "claim.label_changed"]


def subscribe(client: Any, keys: Any, url: str, events: list[str]) -> dict[str, Any]:
    r = client.post("/v1/admin/subscriptions", json={"url": url, "events": events}, headers=keys["admin"])
    assert r.status_code == 201, r.json
    return dict(r.json)


def make_claim(client: Any, keys: Any, n: int = 1) -> str:
    body = {
        "text": f"The dam released water at night ({n}).",
        "appearances": [
            {
                "outlet": f"paper{n}.example.org",
                "url": f"https://paper{n}.example.org/a",
                "stance": "supports",
            }
        ],
    }
    r = client.post("/v1/claims", json=body, headers=keys["editor"])
    assert r.status_code == 201, r.json
    return str(r.json["id"])


def verified(rec: Receiver, secret: str) -> list[dict[str, Any]]:
    out = []
    for headers, body in rec.received:
        payload = Webhook(secret).verify(body, headers)  # raises unless correctly signed
        assert headers["webhook-id"] == payload["id"]
        assert headers["content-type"] == "application/json"
        out.append(payload)
    return out


def deliveries(client: Any, keys: Any, sub_id: str) -> list[dict[str, Any]]:
    r = client.get(f"/v1/admin/subscriptions/{sub_id}/deliveries", headers=keys["admin"])
    assert r.status_code == 200
    return list(r.json["items"])
