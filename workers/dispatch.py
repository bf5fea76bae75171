"""The ingest-inbox dispatcher: turns the article ids the web processes posted to the
inbox (``service.jobs.inbox``) into processing jobs. It runs beside every ``credence
worker`` (``workers.runner``), and the reconciler and burst workers drain the inbox with
it too."""

from __future__ import annotations

import time

from redis import Redis

from service.jobs.enqueue import ARTICLE_BATCH, enqueue_articles, make_queue
from service.jobs.inbox import inbox_key
from service.store.settings import Settings

# With this many jobs already waiting, the dispatcher pauses instead of adding more.
BACKLOG = 4
BACKLOG_PAUSE = 0.1


def dispatch_inbox(conn: Redis, settings: Settings, *, wait: float = 0, limit: int = ARTICLE_BATCH) -> int:
    """Turn up to ``limit`` inbox entries into processing jobs; with ``wait`` > 0, block
    that long for the first one. Returns how many entries were taken.

    A lone article gets its own ``process-article--<id>`` job (coalesced like every other
    job); several at once — a busy ingest stream — go in one ``process-articles`` batch,
    whose rescoring is queued once for all of them. While ``BACKLOG`` jobs already wait, a
    waiting dispatcher pauses instead, so a stream the workers cannot keep up with becomes
    batches of up to ``limit`` rather than a job per article. An entry popped and then
    lost (this process killed before its enqueue) is not lost work: its article is still
    ``pending`` in the database, which the reconciler reads.
    """
    key = inbox_key(settings)
    queue = make_queue(conn, settings)
    if wait > 0 and conn.llen(queue.key) >= BACKLOG:
        # The workers are behind: let the inbox fill so the next pop makes one big batch
        # (one job, and one rescoring, for many articles) rather than a job per article.
        time.sleep(min(wait, BACKLOG_PAUSE))
        return 0
    if wait > 0:
        first = conn.blpop([key], timeout=wait)
        if first is None:
            return 0
        raw = [first[1], *(conn.lpop(key, limit - 1) or [])]
    else:
        raw = list(conn.lpop(key, limit) or [])
    # A burst of re-deliveries of one article: one run.
    enqueue_articles(conn, settings, [r.decode() if isinstance(r, bytes) else str(r) for r in raw])
    return len(raw)


def drain_inbox(conn: Redis, settings: Settings) -> int:
    """Queue everything in the ingest inbox now (burst workers, the reconciler, tests)."""
    total = 0
    while taken := dispatch_inbox(conn, settings):
        total += taken
    return total
