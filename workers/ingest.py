"""The article job: turn a stored (pending) article into claims and appearances.

The article row is the outbox: it stays ``pending`` until this job commits, so a lost
queue or a killed worker only delays it (the reconciler re-enqueues pending articles).
"""

from __future__ import annotations

import logging

from service.db import transaction
from service.queue import enqueue_effects
from service.records.articles import mark_failed, process
from workers.context import context

log = logging.getLogger(__name__)


def process_article(article_id: str) -> dict[str, object]:
    ctx = context()
    try:
        with transaction(ctx.sessions) as session:
            result, effects = process(session, article_id)
    except Exception as exc:
        # Recorded in a transaction of its own (the failed one rolled back), then
        # re-raised so RQ retries with back-off.
        reason = f"{type(exc).__name__}: {exc}"
        log.warning("article %s failed: %s", article_id, reason)
        try:
            with transaction(ctx.sessions) as session:
                mark_failed(session, article_id, reason)
        except Exception:
            log.exception("could not record the failure of article %s", article_id)
        raise
    enqueue_effects(ctx.redis, ctx.settings, effects)
    return result
