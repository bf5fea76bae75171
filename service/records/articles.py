"""Ingested articles: accepting a webhook delivery (the article row is the outbox for its
processing) and turning an article's claims into claims and appearances."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, Table, TextClause, bindparam, or_, select, text, update
from sqlalchemy.orm import Session

from service.models import Appearance, Article, Claim, ExtractedClaim, WebhookDelivery, utcnow
from service.records.claims import normalise_text
from service.store.db import lost_connection, prepared, writer_lock
from service.util.ids import new_id
from service.util.timefmt import rfc3339


def find_delivery(conn: Connection | Session, delivery_id: str) -> str | None:
    found = conn.execute(
        select(WebhookDelivery.article_id).where(WebhookDelivery.id == delivery_id)
    ).scalar_one_or_none()
    return str(found) if found is not None else None


def _typed(statement: str, table: Table, *params: tuple[str, str]) -> TextClause:
    """A textual statement whose (parameter, column) pairs bind with the column's type
    (UTC datetimes, JSON), so values are stored exactly as the ORM would store them."""
    return text(statement).bindparams(*(bindparam(p, type_=table.c[c].type) for p, c in params))


_ARTICLES = Article.__table__
_DELIVERIES = WebhookDelivery.__table__
assert isinstance(_ARTICLES, Table) and isinstance(_DELIVERIES, Table)
# Textual and built once: this runs on every delivery, and building and cache-keying an
# ORM upsert cost more than executing it. ``ON CONFLICT … DO UPDATE … RETURNING`` reads
# the same in PostgreSQL and SQLite (3.35+).
_UPSERT_ARTICLE = _typed(
    """
    INSERT INTO articles (id, url, status, attempts, created_at, updated_at,
                          outlet_ref, title, published_at, authors, text, text_format, claims)
    VALUES (:id, :url, 'pending', 0, :now, :now,
            :outlet_ref, :title, :published_at, :authors, :text, :text_format, :claims)
    ON CONFLICT (url) DO UPDATE SET
        status = 'pending', error = NULL, attempts = 0, updated_at = excluded.updated_at,
        outlet_ref = excluded.outlet_ref, title = excluded.title,
        published_at = excluded.published_at, authors = excluded.authors,
        text = excluded.text, text_format = excluded.text_format, claims = excluded.claims
    RETURNING id
    """,
    _ARTICLES,
    ("now", "updated_at"),
    ("published_at", "published_at"),
    ("authors", "authors"),
    ("claims", "claims"),
)
_RECORD_DELIVERY = _typed(
    "INSERT INTO webhook_deliveries (id, article_id, received_at) "
    "VALUES (:id, :article_id, :received_at) ON CONFLICT (id) DO NOTHING RETURNING id",
    _DELIVERIES,
    ("received_at", "received_at"),
)


@dataclass(frozen=True)
class Accepted:
    article_id: str
    duplicate: bool


Delivery = tuple[str, Mapping[str, Any]]  # (webhook-id, the article of its body)


def accept(engine: Engine, delivery_id: str, data: Mapping[str, Any]) -> Accepted:
    """Store (or replace, same URL) the article as ``pending`` and record the delivery id,
    in one transaction that this commits — or rolls back when the ``webhook-id`` was seen
    before, which then changes nothing.

    Two statements: an upsert on the unique URL (two deliveries of one URL race safely
    into one row) and the delivery row, whose primary key decides a replay, including a
    concurrent one (PostgreSQL: the second waits on the article row lock, then finds the
    first one's committed delivery). A new payload is new work: processing starts over
    (the job reconciles appearances). Run on the DBAPI connection (``db.Prepared``): this
    is every delivery's cost.
    """
    ids, replayed = _write(engine, [(delivery_id, data)])
    if replayed is None:
        return Accepted(ids[0], duplicate=False)
    return _duplicate(engine, delivery_id, ids[0])


def accept_many(engine: Engine, deliveries: Sequence[Delivery]) -> list[Accepted | Exception]:
    """``accept`` for several deliveries (distinct webhook ids) in one transaction and one
    commit: the webhook's group commit (``service.store.group_commit``). Each outcome is
    what ``accept`` alone would have answered:

    - a webhook id already recorded (a replay): its upsert must not stand, so the
      transaction is rolled back, that delivery answered ``duplicate`` and the others
      written again without it (decided by the primary key, inside the transaction, as
      alone);
    - a statement refused (one bad delivery): the transaction is gone, so each delivery
      is then accepted alone and only the bad one fails;
    - the connection lost: every delivery gets the error (the webhook retries each alone).
    """
    out: dict[int, Accepted | Exception] = {}
    todo = list(range(len(deliveries)))
    while todo:
        try:
            ids, replayed = _write(engine, [deliveries[i] for i in todo])
        except Exception as exc:
            if lost_connection(engine, exc):
                out.update((i, exc) for i in todo)
                break
            for i in todo:
                try:
                    out[i] = accept(engine, *deliveries[i])
                except Exception as alone:
                    out[i] = alone
            break
        if replayed is None:
            out.update((i, Accepted(a, duplicate=False)) for i, a in zip(todo, ids, strict=True))
            break
        i = todo.pop(replayed)
        out[i] = _duplicate(engine, deliveries[i][0], ids[replayed])
    return [out[i] for i in range(len(deliveries))]


def _write(engine: Engine, deliveries: Sequence[Delivery]) -> tuple[list[str], int | None]:
    """Upsert each article and record each delivery id in one transaction, committed
    unless a delivery id was already recorded: then rolled back at once, with that
    delivery's position (the other article ids are then void)."""
    now = utcnow()
    upsert = prepared(_UPSERT_ARTICLE, engine.dialect)
    record = prepared(_RECORD_DELIVERY, engine.dialect)
    # Bound (JSON encoded, dates formatted) before the write lock is taken.
    articles = [
        upsert.params(
            {
                "id": new_id("art"),
                "url": data["url"],
                "now": now,
                "outlet_ref": data["outlet"],
                "title": data.get("title"),
                "published_at": data.get("published_at"),
                "authors": list(data.get("authors") or []),
                "text": data.get("text"),
                "text_format": data.get("text_format") or "text",
                "claims": [dict(c) for c in data.get("claims") or []],
            }
        )
        for _, data in deliveries
    ]
    lock = writer_lock(engine)
    dbapi = engine.raw_connection()
    try:
        if lock is not None:
            lock.hold(dbapi.info)  # released when the connection is back in the pool
        cur = dbapi.cursor()
        ids = [""] * len(deliveries)
        # In URL order: two batches that share articles lock their rows in the same order,
        # so they queue instead of deadlocking.
        for n in sorted(range(len(deliveries)), key=lambda k: str(deliveries[k][1]["url"])):
            cur.execute(upsert.sql, articles[n])
            article_id = ids[n] = str(cur.fetchall()[0][0])
            delivery = {"id": deliveries[n][0], "article_id": article_id, "received_at": now}
            cur.execute(record.sql, record.params(delivery))
            if not cur.fetchall():
                cur.close()
                dbapi.rollback()
                return ids, n
        cur.close()
        dbapi.commit()
        return ids, None
    except BaseException:
        dbapi.rollback()
        raise
    finally:
        dbapi.close()  # back to the pool


def _duplicate(engine: Engine, delivery_id: str, article_id: str) -> Accepted:
    with engine.connect() as conn:
        return Accepted(find_delivery(conn, delivery_id) or article_id, duplicate=True)


def mark_failed(session: Session, article_id: str, reason: str) -> None:
    session.execute(
        update(Article)
        .where(Article.id == article_id, Article.status != "processed")
        .values(status="failed", error=reason[:2000], attempts=Article.attempts + 1, updated_at=utcnow())
    )


def extracted_body(x: ExtractedClaim) -> dict[str, Any]:
    return {
        "text": x.text,
        "quote": x.quote,
        "start": x.start_offset,
        "end": x.end_offset,
        "source": x.source,
        "origin": x.origin_id,
        "resolution": x.resolution,
        "candidates": list(x.candidates),
        "via": list(x.via),
        "hedged": x.hedged,
        "stance": x.stance,
        "confidence": x.confidence,
        "extractor": x.extractor,
        "claim": x.claim_id,
    }


def article_body(session: Session, article: Article) -> dict[str, Any]:
    by_text: dict[str, str] = {}
    if article.status == "processed":
        rows = session.execute(
            select(Claim.normalized_text, Claim.id)
            .join(Appearance, Appearance.claim_id == Claim.id)
            .where(Appearance.article_id == article.id)
        )
        by_text = {n: cid for n, cid in rows}
    claims = [
        {
            "text": c["text"],
            "stance": c.get("stance"),
            "origin": c.get("origin"),
            "hedged": c.get("hedged"),
            "excerpt": c.get("excerpt"),
            "claim": by_text.get(normalise_text(c["text"])),
        }
        for c in article.claims
    ]
    extracted = session.execute(
        select(ExtractedClaim)
        .where(ExtractedClaim.article_id == article.id)
        .order_by(ExtractedClaim.position)
    ).scalars()
    return {
        "id": article.id,
        "url": article.url,
        "outlet": article.outlet_id or article.outlet_ref,
        "title": article.title,
        "published_at": rfc3339(article.published_at),
        "authors": article.authors,
        "status": article.status,
        "error": article.error,
        "attempts": article.attempts,
        "claims": claims,
        "text_format": article.text_format,
        "language": article.language,
        "extractor": article.extractor,
        "skipped_reason": article.skipped_reason,
        "extracted_claims": [extracted_body(x) for x in extracted],
        "created_at": rfc3339(article.created_at),
        "updated_at": rfc3339(article.updated_at),
        "processed_at": rfc3339(article.processed_at),
    }


def requeue_for_extraction(session: Session, extractor: str, since: datetime | None) -> list[str]:
    """Set articles back to ``pending`` so their processing job runs again — every one
    received since ``since``, else those with text that ``extractor`` has not read — and
    return their ids (the reconciler queues them too, should the caller's enqueue fail)."""
    stmt = update(Article).values(status="pending", error=None, attempts=0, updated_at=utcnow())
    if since is not None:
        stmt = stmt.where(Article.created_at >= since)
    else:
        stmt = stmt.where(
            Article.text.is_not(None), or_(Article.extractor.is_(None), Article.extractor != extractor)
        )
    return sorted(session.execute(stmt.returning(Article.id)).scalars())
