"""Concurrent deliveries: the database constraints decide, not the pre-checks."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import func, select

from service.models import Article, WebhookDelivery
from tests.support.concurrent import fire_together
from tests.support.signing import article, signed


def _counts(app: Any) -> tuple[int, int]:
    with app.extensions["credence"].sessions() as s:
        return (
            s.execute(select(func.count()).select_from(Article)).scalar_one(),
            s.execute(select(func.count()).select_from(WebhookDelivery)).scalar_one(),
        )


def test_same_webhook_id_at_once_is_stored_once(app: Any, served: str) -> None:
    sent = [signed(article(1), msg_id="msg_race") for _ in range(8)]
    answers = fire_together(served, sent)
    assert Counter(r.status_code for r in answers) == Counter({202: 1, 200: 7})
    assert len({r.json()["article"] for r in answers}) == 1
    assert _counts(app) == (1, 1)


def test_same_url_new_ids_at_once_is_one_article(app: Any, served: str) -> None:
    answers = fire_together(served, [signed(article(1)) for _ in range(6)])
    assert all(r.status_code == 202 for r in answers), [r.text for r in answers]
    assert len({r.json()["article"] for r in answers}) == 1
    assert _counts(app) == (1, 6)
