"""The signed ingest webhook: signature first, then validation, then duplicates; the
article is committed before it is handed to the workers (real DB, real Redis, real worker)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from rq import Queue
from sqlalchemy import func, select

from service import create_app
from service.jobs.inbox import inbox_key
from service.models import Appearance, Article, Claim, WebhookDelivery
from tests.support.signing import OTHER, SECRET, article, post, signed
from workers.dispatch import dispatch_inbox


def counts(app: Any) -> dict[str, int]:
    with app.extensions["credence"].sessions() as s:
        return {
            t.__tablename__: int(s.execute(select(func.count()).select_from(t)).scalar_one())
            for t in (Article, WebhookDelivery, Claim, Appearance)
        }


def queued(app: Any) -> list[str]:
    svc = app.extensions["credence"]
    return Queue(svc.settings.queue_name, connection=svc.redis).job_ids


def handed_over(app: Any) -> list[str]:
    """Everything given to the workers: queued jobs and inbox entries."""
    svc = app.extensions["credence"]
    assert svc.inbox().flush()
    inbox = [f"inbox:{a.decode()}" for a in svc.redis.lrange(inbox_key(svc.settings), 0, -1)]
    return queued(app) + inbox


def test_valid_delivery_is_stored_then_processed(app: Any, client: Any, keys: Any, run_jobs: Any) -> None:
    r = post(client, article(1))
    assert r.status_code == 202, r.json
    art = r.json["article"]
    assert r.json == {"status": "accepted", "article": art}
    # Committed, then handed to the workers through the inbox; the dispatcher queues it.
    svc = app.extensions["credence"]
    assert handed_over(app) == [f"inbox:{art}"]
    assert dispatch_inbox(svc.redis, svc.settings) == 1
    assert queued(app) == [f"process-article--{art}"]
    body = client.get(f"/v1/articles/{art}", headers=keys["reader"]).json
    assert body["status"] == "pending" and body["attempts"] == 0
    assert [c["claim"] for c in body["claims"]] == [None, None]
    run_jobs()
    body = client.get(f"/v1/articles/{art}", headers=keys["reader"]).json
    assert body["status"] == "processed" and body["attempts"] == 1 and body["error"] is None
    assert body["outlet"] == "news1-example-com"
    ids = [c["claim"] for c in body["claims"]]
    assert all(ids)
    claim = client.get(f"/v1/claims/{ids[0]}", headers=keys["reader"]).json
    (appearance,) = claim["appearances"]
    assert appearance["article"] == art and appearance["origin"] == "svr" and appearance["hedged"] is True
    assert appearance["published_at"] == "2026-11-01T10:00:00Z"
    assert claim["corroboration"] is not None  # rescoring ran after processing
    assert client.get("/v1/outlets/svr", headers=keys["reader"]).json["network"] == "russian-state"


@pytest.mark.parametrize(
    "case",
    ["tampered", "wrong_secret", "missing_signature", "missing_id", "stale", "future", "garbage_signature"],
)
def test_bad_signatures_are_401_and_change_nothing(app: Any, client: Any, case: str) -> None:
    data, headers = signed(article(1), secret=OTHER if case == "wrong_secret" else SECRET)
    if case == "tampered":
        data = data.replace(b"Story 1", b"Story 2")
    if case == "missing_signature":
        del headers["webhook-signature"]
    if case == "missing_id":
        del headers["webhook-id"]
    if case in ("stale", "future"):
        data, headers = signed(article(1), at=time.time() + (-301 if case == "stale" else 301))
    if case == "garbage_signature":
        headers["webhook-signature"] = "v1,not-base64!! v2,xyz nocomma"
    r = client.post("/v1/webhooks/ingest", data=data, headers=headers)
    assert r.status_code == 401 and r.content_type == "application/problem+json", r.json
    assert counts(app) == {"articles": 0, "webhook_deliveries": 0, "claims": 0, "appearances": 0}
    assert handed_over(app) == []


def test_timestamp_just_inside_tolerance_is_accepted(client: Any) -> None:
    assert post(client, article(1), at=time.time() - 290).status_code == 202


def test_rotated_secrets_any_one_is_accepted(env: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("CREDENCE_INGEST_SECRETS", f"{OTHER}, {SECRET}")
    rotated = create_app({"log_json": False})
    client = rotated.test_client()
    assert post(client, article(1), secret=SECRET).status_code == 202
    assert post(client, article(2), secret=OTHER).status_code == 202
    third = "whsec_" + "dGhpcmQtc2VjcmV0LXRoaXJkLXNlY3JldC10aGlyZA=="
    assert post(client, article(3), secret=third).status_code == 401
    rotated.extensions["credence"].engine.dispose()


def test_duplicate_webhook_id_changes_nothing(app: Any, client: Any, run_jobs: Any) -> None:
    first = post(client, article(1), msg_id="msg_fixed")
    assert first.status_code == 202
    run_jobs()
    before = counts(app)
    # Same id again, even with a different (validly signed) body: acknowledged, ignored.
    again = post(client, article(1, title="Changed"), msg_id="msg_fixed")
    assert again.status_code == 200 and again.json == {
        "status": "duplicate",
        "article": first.json["article"],
    }
    assert handed_over(app) == []
    run_jobs()
    assert counts(app) == before and before["appearances"] == 2


def test_same_url_new_id_updates_article_without_duplicating(
    app: Any, client: Any, keys: Any, run_jobs: Any
) -> None:
    first = post(client, article(1)).json["article"]
    run_jobs()
    kept = {"text": "US forces trained ISIS fighters at al-Tanf.", "stance": "refutes", "origin": "svr"}
    added = {"text": "A brand new claim.", "hedged": False}
    r = post(client, article(1, claims=[kept, added], title="Updated"))
    assert r.status_code == 202 and r.json["article"] == first
    body = client.get(f"/v1/articles/{first}", headers=keys["reader"]).json
    assert body["status"] == "pending" and body["title"] == "Updated"
    run_jobs()
    c = counts(app)
    assert c["articles"] == 1 and c["webhook_deliveries"] == 2
    with app.extensions["credence"].sessions() as s:
        apps = s.execute(select(Appearance).where(Appearance.article_id == first)).scalars().all()
        texts = {s.get(Claim, a.claim_id).text: a.stance for a in apps}  # type: ignore[union-attr]
    # The dropped claim's appearance is gone; the kept one is updated in place.
    assert texts == {kept["text"]: "refutes", added["text"]: "supports"}
    assert c["appearances"] == 2 and c["claims"] == 3  # the dropped claim itself stays


def test_malformed_json_is_400(app: Any, client: Any) -> None:
    r = post(client, b'{"type": "article.ingested", "article": ')
    assert r.status_code == 400 and r.content_type == "application/problem+json"
    r = post(client, b"\xff\xfe not utf-8")
    assert r.status_code == 400
    assert counts(app)["articles"] == 0 and counts(app)["webhook_deliveries"] == 0


def test_invalid_fields_are_422_and_nothing_written(app: Any, client: Any) -> None:
    bad = article(1)
    bad["article"]["url"] = "ftp://x"
    bad["article"]["claims"][0]["stance"] = "maybe"
    bad["article"]["surprise"] = 1
    del bad["article"]["outlet"]
    r = post(client, bad)
    assert r.status_code == 422 and r.content_type == "application/problem+json"
    assert set(r.json["errors"]) == {
        "article.url",
        "article.outlet",
        "article.claims.0.stance",
        "article.surprise",
    }
    r = post(client, {"type": "something.else", "article": article(1)["article"]})
    assert r.status_code == 422 and "type" in r.json["errors"]
    assert counts(app) == {"articles": 0, "webhook_deliveries": 0, "claims": 0, "appearances": 0}
    assert handed_over(app) == []
    # A rejected id was not recorded: the corrected delivery under it is accepted.
    assert post(client, article(1), msg_id="msg_retry").status_code == 202


def test_oversized_body_is_413(app: Any, client: Any) -> None:
    big = article(1, text="x" * (app.extensions["credence"].settings.max_body_bytes + 10))
    r = post(client, big)
    assert r.status_code == 413 and r.content_type == "application/problem+json"
    assert counts(app)["articles"] == 0


def test_no_api_key_needed_but_documented(client: Any) -> None:
    spec = client.get("/openapi.json").json
    op = spec["paths"]["/v1/webhooks/ingest"]["post"]
    assert op.get("security") == []
    names = {p["name"] for p in op["parameters"] if p["in"] == "header"}
    assert names == {"webhook-id", "webhook-timestamp", "webhook-signature"}
    assert "requestBody" in op


def test_article_read_needs_a_key_and_404s(client: Any, keys: Any) -> None:
    assert client.get("/v1/articles/art_nope").status_code == 401
    r = client.get("/v1/articles/art_nope", headers=keys["reader"])
    assert r.status_code == 404 and r.content_type == "application/problem+json"


@pytest.mark.parametrize("publisher", ["gazette.internal", "Riverside Gazette"])
def test_unknown_publisher_without_a_public_domain_is_created_once(
    app: Any, client: Any, keys: Any, run_jobs: Any, publisher: str
) -> None:
    # A host with no public suffix, or a bare name, used to make a new outlet per article.
    arts = []
    for n in range(4):
        body = article(n, [{"text": f"Claim {n} from the gazette.", "origin": {"name": "Town Hall"}}])
        body["article"]["outlet"] = publisher.upper() if n == 3 else publisher
        r = post(client, body)
        assert r.status_code == 202, r.json
        arts.append(r.json["article"])
    run_jobs()
    outlets = {client.get(f"/v1/articles/{a}", headers=keys["reader"]).json["outlet"] for a in arts}
    assert len(outlets) == 1
    (outlet_id,) = outlets
    with app.extensions["credence"].sessions() as s:
        from service.models import Outlet

        names = sorted(s.execute(select(Outlet.name).where(Outlet.kind == "unknown")).scalars())
        assert names == sorted([publisher, "Town Hall"])
        assert s.execute(select(func.count()).where(Appearance.outlet_id == outlet_id)).scalar_one() == 4
