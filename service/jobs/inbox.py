"""The ingest inbox: how an accepted article reaches the workers.

The webhook commits the article first (the row is the outbox: it stays ``pending`` until
processed) and then posts its id here. A Redis round trip per request would cost the
accept path as much as the rest of a bare request, so each process batches them, the way
a database batches commits: requests append to an in-memory list and one background
thread pushes whatever has gathered with a single RPUSH. After a quiet spell a post is
pushed at once; in a busy stream the thread pushes at most once per ``INTERVAL``, so under
load that is one round trip (and one thread wake-up) for many articles, for at most
``INTERVAL`` of hand-off latency.

Nothing is lost if a batch never reaches Redis (the process killed, Redis down or
flushed): the articles are still ``pending`` in the database and the reconciler queues
them. While Redis is down a process keeps what it could not push (up to ``HOLD`` ids) and
pushes it when Redis answers, so a short outage does not wait for a reconciler round (a
long one, past ``HOLD_SECONDS``, does: the held ids are then let go).
The workers' dispatcher (``workers.dispatch``) turns entries into jobs.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time

from redis import Redis

from service.store.settings import Settings

log = logging.getLogger(__name__)
# A busy web process accepts a delivery every ~1-2 ms: 20 ms gathers tens of them per
# push, and stays short against the time to process and score an article (~50 ms).
INTERVAL = 0.02
# While Redis does not answer: how many ids a process holds on to, and how often it tries.
HOLD = 10_000
RETRY = 0.5
# After this long without Redis the held ids are left to the reconciler, whose next
# round comes sooner than a Redis that has been gone this long.
HOLD_SECONDS = 60.0


def inbox_key(settings: Settings) -> str:
    return f"credence:v1:{settings.queue_name}:ingest-inbox"


class InboxPoster:
    def __init__(self, redis: Redis, key: str) -> None:
        self._redis = redis
        self._key = key
        self._pid = os.getpid()
        self._cond = threading.Condition()
        self._items: list[str] = []
        self._busy = False  # a batch is being pushed
        self._waiting = False  # the pusher sleeps until notified
        self._down = False  # the last push failed: what is left waits for Redis
        self._down_since = 0.0
        self._thread = threading.Thread(target=self._run, name="inbox-poster", daemon=True)
        self._thread.start()
        atexit.register(self.flush, 2.0)

    @property
    def pid(self) -> int:
        return self._pid

    @property
    def held(self) -> int:
        """Ids posted and not yet pushed (waiting for Redis, or for the next push)."""
        with self._cond:
            return len(self._items)

    def post(self, article_id: str) -> None:
        with self._cond:
            self._items.append(article_id)
            if self._waiting:  # only an idle pusher needs waking: no syscall under load
                self._cond.notify_all()

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until everything posted so far has been pushed, or Redis has refused it
        (it is then held for later, and owed in the database all along)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._busy or (self._items and not self._down):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
        return True

    def _run(self) -> None:
        last = 0.0
        while True:
            with self._cond:
                while not self._items:
                    self._waiting = True
                    self._cond.notify_all()  # wakes flush(): everything is pushed
                    self._cond.wait()
                    self._waiting = False
                delay = last + INTERVAL - time.monotonic()
                if delay > 0:
                    self._cond.wait(delay)  # posts do not notify a pusher that is not waiting
                batch, self._items = self._items, []
                self._busy = True
                last = time.monotonic()
            failed = False
            try:
                self._redis.rpush(self._key, *batch)
            except Exception as exc:
                # Kept (up to HOLD) to push when Redis answers again, so a short outage
                # costs no reconciler round; beyond that, the reconciler has them.
                failed = True
                now = time.monotonic()
                with self._cond:
                    if not self._down:
                        self._down_since = now
                    limit = 0 if now - self._down_since > HOLD_SECONDS else HOLD
                    kept = (batch + self._items)[:limit]
                    dropped = len(batch) + len(self._items) - len(kept)
                    self._items = kept
                if dropped:
                    log.warning("%d articles not posted (%s); the reconciler has them", dropped, exc)
            finally:
                with self._cond:
                    self._busy = False
                    self._down = failed
                    self._cond.notify_all()  # wakes flush(): pushed, or Redis is down
            if failed:
                time.sleep(RETRY)
