"""Ingested articles: accepting a webhook delivery (the article row is the outbox for its
processing) and turning an article's claims into claims and appearances."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, Select, Table, TextClause, bindparam, or_, select, text, update
from sqlalchemy.orm import Session

from service.jobs.effects import Effects
from service.models import Appearance, Article, Claim, WebhookDelivery, utcnow
from service.records.claims import create_claim, mark_claim, normalise_text
from service.records.outlets import resolve_ref
from service.store.db import prepared, writer_lock
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
                          outlet_ref, title, published_at, authors, text, claims)
    VALUES (:id, :url, 'pending', 0, :now, :now,
            :outlet_ref, :title, :published_at, :authors, :text, :claims)
    ON CONFLICT (url) DO UPDATE SET
        status = 'pending', error = NULL, attempts = 0, updated_at = excluded.updated_at,
        outlet_ref = excluded.outlet_ref, title = excluded.title,
        published_at = excluded.published_at, authors = excluded.authors,
        text = excluded.text, claims = excluded.claims
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
    now = utcnow()
    upsert = prepared(_UPSERT_ARTICLE, engine.dialect)
    record = prepared(_RECORD_DELIVERY, engine.dialect)
    # Bound (JSON encoded, dates formatted) before the write lock is taken.
    article = upsert.params(
        {
            "id": new_id("art"),
            "url": data["url"],
            "now": now,
            "outlet_ref": data["outlet"],
            "title": data.get("title"),
            "published_at": data.get("published_at"),
            "authors": list(data.get("authors") or []),
            "text": data.get("text"),
            "claims": [dict(c) for c in data.get("claims") or []],
        }
    )
    lock = writer_lock(engine)
    dbapi = engine.raw_connection()
    try:
        if lock is not None:
            lock.hold(dbapi.info)  # released when the connection is back in the pool
        cur = dbapi.cursor()
        cur.execute(upsert.sql, article)
        article_id = str(cur.fetchall()[0][0])
        delivery = {"id": delivery_id, "article_id": article_id, "received_at": now}
        cur.execute(record.sql, record.params(delivery))
        recorded = cur.fetchall()
        cur.close()
        if recorded:
            dbapi.commit()
            return Accepted(article_id, duplicate=False)
        dbapi.rollback()
    except BaseException:
        dbapi.rollback()
        raise
    finally:
        dbapi.close()  # back to the pool
    with engine.connect() as conn:
        return Accepted(find_delivery(conn, delivery_id) or article_id, duplicate=True)


def _claim_for(session: Session, claim_text: str, effects: Effects) -> Claim:
    normalized = normalise_text(claim_text)
    if session.get_bind().dialect.name == "postgresql":
        # Two workers meeting the same new claim text at once would each create it; the
        # lock (held to commit) makes the second one find the first one's claim. SQLite
        # needs none: the article job holds the database's single write lock.
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": normalized})
    found = (
        session.execute(
            select(Claim).where(Claim.normalized_text == normalized).order_by(Claim.created_at, Claim.id)
        )
        .scalars()
        .first()
    )
    if found is not None:
        return found
    claim, created = create_claim(session, {"text": claim_text})
    effects.merge(created)
    return claim


def process(session: Session, article_id: str) -> tuple[dict[str, Any], Effects]:
    """Match/create the article's claims and make its appearances exactly the payload's.

    Idempotent: rerunning on an unchanged article changes nothing and rescores nothing.
    """
    effects = Effects(cause=f"article {article_id} processed")
    # Bump attempts first: the UPDATE takes the row lock (PostgreSQL) or the write lock
    # (SQLite) before anything is read, so a concurrent re-delivery of the article waits
    # for this run instead of being overwritten by a stale "processed".
    # A duplicate run (the reconciler raced the queue) finds it processed and stops.
    bumped = session.execute(
        update(Article)
        .where(Article.id == article_id, Article.status != "processed")
        .values(attempts=Article.attempts + 1)
    )
    article = session.get(Article, article_id, populate_existing=True)
    if article is None or not bumped.rowcount:  # type: ignore[attr-defined]
        status = "gone" if article is None else article.status
        return {"article": article_id, "status": status, "changed": 0}, effects
    publisher = resolve_ref(session, article.outlet_ref, effects)
    existing = {
        (a.claim_id, a.origin_key): a
        for a in session.execute(select(Appearance).where(Appearance.url == article.url)).scalars()
    }
    wanted: set[tuple[str, str]] = set()
    touched: dict[str, Claim] = {}
    vouchers: set[str] = {publisher.id}
    for item in article.claims:
        claim = _claim_for(session, item["text"], effects)
        origin = resolve_ref(session, item["origin"], effects) if item.get("origin") else None
        origin_id = origin.id if origin is not None and origin.id != publisher.id else None
        key = (claim.id, origin_id or "")
        if key in wanted:
            continue  # the same claim twice in one article is one appearance
        wanted.add(key)
        if origin_id:
            vouchers.add(origin_id)
        fields = {
            "outlet_id": publisher.id,
            "published_at": article.published_at,
            "stance": item.get("stance") or "supports",
            "hedged": bool(item.get("hedged")),
            "excerpt": item.get("excerpt"),
        }
        app = existing.get(key)
        if app is None:
            session.add(
                Appearance(
                    id=new_id("a"),
                    claim_id=claim.id,
                    url=article.url,
                    origin_id=origin_id,
                    origin_key=origin_id or "",
                    article_id=article.id,
                    created_at=utcnow(),
                    **fields,
                )
            )
            touched[claim.id] = claim
        elif app.article_id == article.id and any(getattr(app, k) != v for k, v in fields.items()):
            # Ours and changed by a re-delivery. One entered by hand for this URL (no
            # article) is an editor's record: left exactly as it is.
            for k, v in fields.items():
                setattr(app, k, v)
            touched[claim.id] = claim
    for key, app in existing.items():
        if app.article_id == article.id and key not in wanted:
            # The updated article no longer carries this claim.
            gone = session.get(Claim, app.claim_id)
            if app.origin_id:
                vouchers.add(app.origin_id)
            session.delete(app)
            if gone is not None:
                touched[gone.id] = gone
    session.flush()
    for claim in touched.values():
        mark_claim(session, claim, effects)
    if touched:
        # A verdict on any of these claims is part of the vouching outlets' track record.
        effects.outlets |= vouchers
    article.outlet_id = publisher.id
    article.status = "processed"
    article.error = None
    article.processed_at = utcnow()
    return {"article": article_id, "status": "processed", "changed": len(touched)}, effects


def mark_failed(session: Session, article_id: str, reason: str) -> None:
    session.execute(
        update(Article)
        .where(Article.id == article_id, Article.status != "processed")
        .values(status="failed", error=reason[:2000], attempts=Article.attempts + 1, updated_at=utcnow())
    )


def article_filter(outlet: str | None, status: str | None, since: datetime | None) -> Select[Any]:
    """The articles a list shows: by publisher (its id once processed, or the reference
    the pipeline sent), status and arrival time."""
    stmt = select(Article)
    if outlet:
        stmt = stmt.where(or_(Article.outlet_id == outlet, Article.outlet_ref == outlet))
    if status:
        stmt = stmt.where(Article.status == status)
    if since is not None:
        stmt = stmt.where(Article.created_at >= since)
    return stmt


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
        "created_at": rfc3339(article.created_at),
        "updated_at": rfc3339(article.updated_at),
        "processed_at": rfc3339(article.processed_at),
    }
