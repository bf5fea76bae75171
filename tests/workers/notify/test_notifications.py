"""Outbound notifications end to end: a score change in a real worker reaches a real
HTTP receiver, signed with Standard Webhooks; failures are retried through RQ, logged,
and a subscriber that keeps failing is disabled."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from service.models import AuditEntry
from service.models.notifications import Subscription
from service.store.db import transaction
from tests.support.notifications import ALL, deliveries, make_claim, subscribe, verified
from tests.support.receiver import Receiver
from workers.context import reset


def test_score_change_is_delivered_signed(client: Any, keys: Any, run_jobs: Any, receiver: Receiver) -> None:
    sub = subscribe(client, keys, receiver.url, ["claim.score_changed"])
    cid = make_claim(client, keys)
    run_jobs()
    events = verified(receiver, sub["secret"])
    assert [e["type"] for e in events] == ["claim.score_changed"]  # no outlet events: not subscribed
    (event,) = events
    assert event["data"]["claim"] == cid and event["data"]["old"] is None
    assert set(event["data"]["new"]) == {"score", "label", "probability"}
    (log,) = deliveries(client, keys, sub["id"])
    assert log["attempt"] == 1 and log["status_code"] == 200 and log["error"] is None
    assert log["event_id"] == event["id"] and log["event_type"] == "claim.score_changed"
    # A rescore that changes nothing material notifies nobody.
    r = client.post(
        f"/v1/claims/{cid}/appearances",
        json={"outlet": "paper1.example.org", "url": "https://paper1.example.org/b"},
        headers=keys["editor"],
    )
    assert r.status_code == 201
    before = len(receiver.received)
    run_jobs()
    after = client.get(f"/v1/claims/{cid}", headers=keys["reader"]).json["corroboration"]
    if after["score"] == event["data"]["new"]["score"] and after["label"] == event["data"]["new"]["label"]:
        assert len(receiver.received) == before


def test_outlet_and_label_events(client: Any, keys: Any, run_jobs: Any, receiver: Receiver) -> None:
    sub = subscribe(client, keys, receiver.url, ALL)
    cid = make_claim(client, keys)
    run_jobs()
    first = verified(receiver, sub["secret"])
    assert {e["type"] for e in first} == {"outlet.score_changed", "claim.score_changed"}
    outlet_event = next(e for e in first if e["type"] == "outlet.score_changed")
    assert outlet_event["data"]["outlet"] == "paper1-example-org"
    old_label = client.get(f"/v1/claims/{cid}", headers=keys["reader"]).json["corroboration"]["label"]
    receiver.received.clear()
    for reviewer in ("checker-one.example", "checker-two.example"):
        r = client.post(
            f"/v1/claims/{cid}/verdicts",
            json={"reviewer": reviewer, "rating": "false", "url": f"https://{reviewer}/x"},
            headers=keys["editor"],
        )
        assert r.status_code == 201
    run_jobs()
    new_label = client.get(f"/v1/claims/{cid}", headers=keys["reader"]).json["corroboration"]["label"]
    assert new_label != old_label
    labels = [e for e in verified(receiver, sub["secret"]) if e["type"] == "claim.label_changed"]
    assert labels and labels[-1]["data"]["new"]["label"] == new_label
    assert labels[0]["data"]["old"]["label"] == old_label


def test_failed_delivery_is_retried_with_the_same_id(
    client: Any, keys: Any, run_jobs: Any, receiver: Receiver
) -> None:
    sub = subscribe(client, keys, receiver.url, ["claim.score_changed"])
    receiver.statuses = [500]
    make_claim(client, keys)
    run_jobs()
    events = verified(receiver, sub["secret"])
    assert len(events) == 2 and events[0] == events[1]  # the retry re-sends the same event
    assert receiver.received[0][0]["webhook-id"] == receiver.received[1][0]["webhook-id"]
    log = deliveries(client, keys, sub["id"])
    assert [(d["attempt"], d["status_code"], d["error"]) for d in log] == [
        (1, 500, "HTTP 500"),
        (2, 200, None),
    ]
    state = client.get(f"/v1/admin/subscriptions/{sub['id']}", headers=keys["admin"]).json
    assert state["failures"] == 0 and state["disabled_at"] is None  # a success resets the count


def test_subscriber_disabled_after_consecutive_failures(
    app: Any, client: Any, keys: Any, run_jobs: Any, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CREDENCE_SUBSCRIPTION_MAX_FAILURES", "2")
    reset()  # the worker context reads settings afresh
    sub = subscribe(client, keys, receiver.url, ["claim.score_changed"])
    receiver.always = 500
    make_claim(client, keys, 1)
    run_jobs()  # attempt 1 fails, attempt 2 fails and disables, attempt 3 is skipped
    assert len(receiver.received) == 2
    state = client.get(f"/v1/admin/subscriptions/{sub['id']}", headers=keys["admin"]).json
    assert state["disabled_at"] is not None and state["failures"] == 2
    assert "2 consecutive failed deliveries" in state["disabled_reason"]
    assert len(deliveries(client, keys, sub["id"])) == 2
    make_claim(client, keys, 2)
    run_jobs()
    assert len(receiver.received) == 2  # disabled subscribers get nothing new
    with app.extensions["credence"].sessions() as s:
        actions = [
            a.action
            for a in s.execute(
                select(AuditEntry).where(AuditEntry.entity_id == sub["id"]).order_by(AuditEntry.id)
            ).scalars()
        ]
    assert actions == ["create", "disable"]


def test_destination_rechecked_at_send_time(
    client: Any, keys: Any, run_jobs: Any, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    sub = subscribe(client, keys, receiver.url, ["claim.score_changed"])
    # The allow-list no longer covers it (as if the name now resolved somewhere private).
    monkeypatch.setenv("CREDENCE_CALLBACK_ALLOW_HOSTS", "")
    reset()
    make_claim(client, keys)
    run_jobs()
    assert receiver.received == []
    log = deliveries(client, keys, sub["id"])
    assert log and all(d["status_code"] is None and d["error"].startswith("refused: ") for d in log)


def test_ipv6_form_of_loopback_refused_at_send_time(
    app: Any, client: Any, keys: Any, run_jobs: Any, receiver: Receiver
) -> None:
    # A row that got past the check at creation (written before this release, say):
    # the send-time check refuses it too, and nothing is sent.
    sub = subscribe(client, keys, receiver.url, ["claim.score_changed"])
    port = receiver.url.split(":")[2].split("/")[0]
    with transaction(app.extensions["credence"].sessions) as s:
        row = s.get(Subscription, sub["id"])
        assert row is not None
        row.url = f"http://[2002:7f00:1::]:{port}/hook"
    make_claim(client, keys)
    run_jobs()
    assert receiver.received == []
    log = deliveries(client, keys, sub["id"])
    assert log and all(d["error"].startswith("refused: ") and "2002:7f00:1::" in d["error"] for d in log)


def test_deleted_subscription_gets_nothing(client: Any, keys: Any, run_jobs: Any, receiver: Receiver) -> None:
    sub = subscribe(client, keys, receiver.url, ALL)
    make_claim(client, keys)  # events are emitted by the worker, after the delete below
    assert client.delete(f"/v1/admin/subscriptions/{sub['id']}", headers=keys["admin"]).status_code == 204
    run_jobs()
    assert receiver.received == []


def test_payload_never_logged_with_secret(
    app: Any, client: Any, keys: Any, run_jobs: Any, receiver: Receiver, caplog: Any
) -> None:
    sub = subscribe(client, keys, receiver.url, ALL)
    receiver.statuses = [500]
    make_claim(client, keys)
    with caplog.at_level("DEBUG"):
        run_jobs()
    assert sub["secret"] not in caplog.text
    with app.extensions["credence"].sessions() as s:
        audit = [json.dumps([a.old, a.new]) for a in s.execute(select(AuditEntry)).scalars()]
    assert audit and not any(sub["secret"] in a for a in audit)
