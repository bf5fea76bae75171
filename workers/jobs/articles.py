"""The article jobs: read a stored (pending) article — extract its claims where the
language model lives, then, in one transaction, turn the pipeline's claims and the
extracted ones into claims and appearances.

The article row is the outbox: it stays ``pending`` until this job commits, so a lost
queue or a killed worker only delays it (the reconciler re-enqueues pending articles).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from service.jobs.effects import Effects
from service.jobs.enqueue import enqueue_effects
from service.records.articles import mark_failed
from service.records.matching import Match
from service.records.processing import ToRead, process, to_read
from service.records.scoring_config import scoring_config
from service.store.db import transaction
from workers.context import Context, context
from workers.extraction import ArticleExtraction, extract_article
from workers.matcher import decide_texts, embed_texts
from workers.reading import reading

log = logging.getLogger(__name__)


def _extract(ctx: Context, article: ToRead) -> ArticleExtraction:
    with ctx.sessions() as session:
        resolver = reading().resolver(session)
        known = reading().known_claims(session)
    return extract_article(
        article.text or "", title=article.title, url=article.url, html=article.html, known_claims=known,
        resolver=resolver,
    )


def _texts(article: ToRead, extraction: ArticleExtraction | None) -> list[str]:
    return [*article.claim_texts, *(c.text for c in (extraction.claims if extraction else ()))]


def _match(
    ctx: Context, texts: list[str], vectors: Mapping[str, np.ndarray] | None = None
) -> dict[str, Match]:
    """The matcher's decision for every claim text of an article (outside any
    transaction: embedding and searching hold no database lock)."""
    if not texts:
        return {}
    with ctx.sessions() as session:
        thresholds = scoring_config(session).matching
    return decide_texts(ctx.sessions, texts, thresholds, vectors)


@dataclass
class _Read:
    """An article read and its text extracted, not yet matched or stored."""

    article: ToRead | None
    extraction: ArticleExtraction | None = None
    failure: str | None = None


def _read(ctx: Context, article_id: str) -> _Read:
    with ctx.sessions() as session:
        article = to_read(session, article_id)
    if article is None:
        return _Read(None)
    if not (article.text and article.text.strip()):
        return _Read(article, ArticleExtraction(None, "no text to read"))
    # Outside any transaction: parsing holds no database lock.
    try:
        return _Read(article, _extract(ctx, article))
    except Exception as exc:
        # The article's other work (the pipeline's claims) is kept; it is marked
        # failed with the reason, and `credence reextract` runs it again.
        failure = f"extraction failed: {type(exc).__name__}: {exc}"
        log.warning("article %s: %s", article_id, failure, exc_info=True)
        return _Read(article, None, failure)


def _failed(ctx: Context, article_id: str, exc: Exception) -> None:
    """Recorded in a transaction of its own (the failed one rolled back); the caller
    re-raises so RQ retries with back-off."""
    reason = f"{type(exc).__name__}: {exc}"
    log.warning("article %s failed: %s", article_id, reason)
    try:
        with transaction(ctx.sessions) as session:
            mark_failed(session, article_id, reason)
    except Exception:
        log.exception("could not record the failure of article %s", article_id)


def _process_one(
    ctx: Context,
    article_id: str,
    read: _Read | None = None,
    vectors: Mapping[str, np.ndarray] | None = None,
) -> tuple[dict[str, Any], Effects]:
    try:
        read = read if read is not None else _read(ctx, article_id)
        article, extraction = read.article, read.extraction
        matches = _match(ctx, _texts(article, extraction), vectors) if article is not None else {}
        with transaction(ctx.sessions) as session:
            return process(session, article_id, extraction, failure=read.failure, matches=matches)
    except Exception as exc:
        _failed(ctx, article_id, exc)
        raise


def process_article(article_id: str) -> dict[str, object]:
    ctx = context()
    result, effects = _process_one(ctx, article_id)
    enqueue_effects(ctx.redis, ctx.settings, effects)
    return result


def process_articles(article_ids: Sequence[str]) -> dict[str, object]:
    """A batch from the inbox (a busy ingest stream): each article in its own
    transaction, so one bad article fails alone, and the rescoring they owe queued once
    for the batch — a few batch jobs (``score_claims`` takes 500 claims) instead of a job
    per claim and outlet of every article. If any article failed the job raises after
    queuing the others' work, and RQ's retry finds the processed ones done."""
    ctx = context()
    owed = Effects(cause=f"{len(article_ids)} articles processed")
    failed: list[str] = []
    reads: dict[str, _Read] = {}
    for article_id in article_ids:
        try:
            reads[article_id] = _read(ctx, article_id)
        except Exception as exc:
            _failed(ctx, article_id, exc)
            failed.append(article_id)
    # Every claim text of the batch embedded in one call: a call per article costs
    # several times as much (the bench's workers fell behind ingest without this).
    texts = [t for r in reads.values() if r.article is not None for t in _texts(r.article, r.extraction)]
    vectors = embed_texts(ctx.sessions, texts) if texts else {}
    for article_id, read in reads.items():
        try:
            _, effects = _process_one(ctx, article_id, read, vectors)
        except Exception:
            failed.append(article_id)
            continue
        owed.merge(effects)
    enqueue_effects(ctx.redis, ctx.settings, owed)
    if failed:
        raise RuntimeError(f"{len(failed)} of {len(article_ids)} articles failed: {', '.join(failed[:10])}")
    return {"articles": len(article_ids), "claims": len(owed.claims), "outlets": len(owed.outlets)}
