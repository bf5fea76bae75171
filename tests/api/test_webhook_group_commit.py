"""Group commit on the ingest accept path: deliveries that share a transaction are each
stored exactly once, a bad one fails alone, and a replay is decided inside the
transaction (on SQLite and PostgreSQL, by the suite's database fixture)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import event, func, select

from service.models import Article, WebhookDelivery
from service.records import articles
from service.schemas import ingest
from tests.support.concurrent import fire_together
from tests.support.signing import article, signed


def _payload(n: int, **extra: Any) -> dict[str, Any]:
    """An article as the webhook hands it on: validated (datetimes parsed)."""
    loaded: dict[str, Any] = ingest.load(article(n))["article"]
    return {**loaded, **extra}


def _counts(app: Any) -> tuple[int, int]:
    with app.extensions["credence"].sessions() as s:
        return (
            s.execute(select(func.count()).select_from(Article)).scalar_one(),
            s.execute(select(func.count()).select_from(WebhookDelivery)).scalar_one(),
        )


def _checkouts(engine: Any) -> list[int]:
    """Counts pool checkouts: one transaction on the accept path is one checkout."""
    seen = [0]

    def checkout(*_args: Any) -> None:
        seen[0] += 1

    event.listen(engine.pool, "checkout", checkout)
    return seen


def test_a_batch_is_one_transaction_and_each_delivery_stored_once(app: Any) -> None:
    engine = app.extensions["credence"].engine
    seen = _checkouts(engine)
    out = articles.accept_many(engine, [(f"msg_b{n}", _payload(n)) for n in range(6)])
    assert all(isinstance(a, articles.Accepted) and not a.duplicate for a in out), out
    assert len({a.article_id for a in out if isinstance(a, articles.Accepted)}) == 6
    assert seen == [1]
    assert _counts(app) == (6, 6)


def test_a_bad_delivery_fails_alone(app: Any) -> None:
    engine = app.extensions["credence"].engine
    batch = [(f"msg_g{n}", _payload(n)) for n in range(4)]
    # Past validation (as a schema bug would let through), refused by the database's check.
    batch.insert(2, ("msg_bad", _payload(99, text_format="pdf")))
    out = articles.accept_many(engine, batch)
    assert isinstance(out[2], Exception)
    good = [a for n, a in enumerate(out) if n != 2]
    assert all(isinstance(a, articles.Accepted) and not a.duplicate for a in good), out
    assert _counts(app) == (4, 4)
    with app.extensions["credence"].sessions() as s:
        assert s.get(WebhookDelivery, "msg_bad") is None


def test_a_replay_in_a_batch_changes_nothing_and_its_neighbours_are_stored(app: Any) -> None:
    engine = app.extensions["credence"].engine
    first = articles.accept(engine, "msg_seen", _payload(1, title="first"))
    batch = [
        ("msg_new1", _payload(2)),
        ("msg_seen", _payload(1, title="replayed with another body")),
        ("msg_new2", _payload(3)),
    ]
    out = articles.accept_many(engine, batch)
    assert out[1] == articles.Accepted(first.article_id, duplicate=True)
    assert all(isinstance(a, articles.Accepted) and not a.duplicate for a in (out[0], out[2])), out
    assert _counts(app) == (3, 3)
    with app.extensions["credence"].sessions() as s:
        assert s.get(Article, first.article_id).title == "first"  # the replay changed nothing


def test_one_url_twice_in_a_batch_is_one_article_with_both_deliveries(app: Any) -> None:
    engine = app.extensions["credence"].engine
    out = articles.accept_many(engine, [("msg_u1", _payload(5)), ("msg_u2", _payload(5, title="newer"))])
    ids = {a.article_id for a in out if isinstance(a, articles.Accepted) and not a.duplicate}
    assert len(ids) == 1 and len(out) == 2
    assert _counts(app) == (1, 2)


def test_concurrent_deliveries_over_http_each_answered_and_stored_once(app: Any, served: str) -> None:
    """Through the threaded server, so requests meet in the group commit: distinct
    deliveries and replays of one of them, all at once."""
    good = [signed(article(n)) for n in range(16)]
    replays = [signed(article(100), msg_id="msg_twice") for _ in range(4)]
    answers = fire_together(served, good + replays)
    assert Counter(r.status_code for r in answers) == Counter({202: 17, 200: 3}), [r.text for r in answers]
    assert _counts(app) == (17, 17)
    commits = app.extensions["credence"].ingest_commits()
    assert commits.items == 17 + 3  # every delivery went through the group commit once
