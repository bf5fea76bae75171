"""The ingest inbox: batched hand-off from the webhook to the workers (real Redis)."""

from __future__ import annotations

import time
from typing import Any

from redis import Redis
from rq import Queue
from sqlalchemy import func, select

from service import create_app
from service.jobs.inbox import InboxPoster, inbox_key
from service.models import Article
from tests.support.signing import article, post
from workers.dispatch import BACKLOG, dispatch_inbox
from workers.reconcile import reconcile_once


def _rpush_calls(r: Redis) -> int:
    stats = r.info("commandstats").get("cmdstat_rpush", {})
    return int(stats.get("calls", 0))


def test_poster_batches_round_trips_and_keeps_order(redis: Redis) -> None:
    poster = InboxPoster(redis, "credence:test:inbox")
    before = _rpush_calls(redis)
    ids = [f"art_{i:04d}" for i in range(300)]
    for a in ids:
        poster.post(a)
    assert poster.flush()
    assert [x.decode() for x in redis.lrange("credence:test:inbox", 0, -1)] == ids
    # 300 posts in well under the linger time: a handful of RPUSHes, not 300.
    assert _rpush_calls(redis) - before <= 10
    poster.post("art_late")
    assert poster.flush()
    assert redis.lrange("credence:test:inbox", -1, -1) == [b"art_late"]


def test_poster_with_redis_down_gives_up_without_raising() -> None:
    dead = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
    poster = InboxPoster(dead, "credence:test:inbox")
    poster.post("art_x")
    assert poster.flush()  # pushed or given up on: never stuck, never raised into a request


def test_dispatch_one_article_one_job_several_one_batch(app: Any, redis: Redis) -> None:
    svc = app.extensions["credence"]
    queue = Queue(svc.settings.queue_name, connection=redis)
    redis.rpush(inbox_key(svc.settings), "art_a")
    assert dispatch_inbox(redis, svc.settings) == 1
    assert queue.job_ids == ["process-article--art_a"]
    queue.empty()
    redis.rpush(inbox_key(svc.settings), "art_a", "art_b", "art_a")
    assert dispatch_inbox(redis, svc.settings) == 3
    (job,) = queue.jobs
    assert job.id == "process-articles--art_a--art_b--2" and job.args == (["art_a", "art_b"],)
    assert redis.llen(inbox_key(svc.settings)) == 0
    assert dispatch_inbox(redis, svc.settings, wait=0.05) == 0  # empty: waits, then nothing


def test_dispatcher_holds_back_while_workers_are_behind(app: Any, redis: Redis) -> None:
    svc = app.extensions["credence"]
    queue = Queue(svc.settings.queue_name, connection=redis)
    for n in range(BACKLOG):
        queue.enqueue_call("workers.jobs.scores.score_claim", args=(f"clm_{n}",), job_id=f"waiting-{n}")
    ids = [f"art_{n:03d}" for n in range(50)]
    redis.rpush(inbox_key(svc.settings), *ids)
    # A waiting (live) dispatcher leaves the inbox alone while the backlog lasts...
    assert dispatch_inbox(redis, svc.settings, wait=0.05) == 0
    assert redis.llen(inbox_key(svc.settings)) == 50 and len(queue) == BACKLOG
    # ...so once the workers catch up, what piled up goes out as one batch job.
    queue.empty()
    assert dispatch_inbox(redis, svc.settings, wait=0.05) == 50
    (job,) = queue.jobs
    assert job.func_name == "workers.jobs.articles.process_articles" and job.args == (ids,)
    # Burst workers and the reconciler (no wait) never hold back.
    for n in range(BACKLOG):
        queue.enqueue_call("workers.jobs.scores.score_claim", args=(f"clm_{n}",), job_id=f"waiting-{n}")
    redis.rpush(inbox_key(svc.settings), "art_x")
    assert dispatch_inbox(redis, svc.settings) == 1


def test_reconciler_requeues_pending_articles_in_batches(app: Any, client: Any, redis: Redis) -> None:
    svc = app.extensions["credence"]
    ids = [post(client, article(n)).json["article"] for n in range(5)]
    assert svc.flush_inbox()
    redis.delete(inbox_key(svc.settings))  # lost with Redis: only the database knows them
    queue = Queue(svc.settings.queue_name, connection=redis)
    assert sorted(reconcile_once().articles) == sorted(ids)
    (job,) = queue.jobs  # one batch in arrival order, not a job per article
    assert job.func_name == "workers.jobs.articles.process_articles" and job.args == (ids,)
    reconcile_once()
    assert queue.job_ids == [job.id]  # still waiting: not queued twice


def test_webhook_with_redis_down_accepts_and_the_reconciler_recovers(
    app: Any, env: dict[str, str], run_jobs: Any
) -> None:
    down = create_app({"log_json": False, "redis_url": "redis://127.0.0.1:1/0"})
    svc = down.extensions["credence"]
    r = post(down.test_client(), article(7))
    assert r.status_code == 202, r.json
    assert svc.flush_inbox()
    svc.engine.dispose()
    art = r.json["article"]
    live = app.extensions["credence"]
    assert live.redis.llen(inbox_key(live.settings)) == 0  # the hand-off never happened
    assert reconcile_once().articles == [art]
    run_jobs()
    with live.sessions() as s:
        assert s.execute(select(Article.status).where(Article.id == art)).scalar_one() == "processed"
        assert s.execute(select(func.count()).select_from(Article)).scalar_one() == 1


def test_poster_holds_ids_while_redis_is_down_and_pushes_them_after(monkeypatch: Any) -> None:
    from service.jobs import inbox
    from service.store.redis_conn import Breaker, connect
    from tests.support.redis_server import RedisServer

    server = RedisServer().start()
    try:
        client = connect(server.url, breaker=Breaker(cooldown=0.2))
        poster = InboxPoster(client, "credence:test:inbox")
        server.kill()
        poster.post("art_during")
        assert poster.flush(5)  # returns: Redis refused, the id is held
        assert poster.held == 1
        server.start()  # empty, on the same port
        deadline = time.monotonic() + 10
        while poster.held:
            assert time.monotonic() < deadline, "held id never pushed"
            time.sleep(0.05)
        assert client.lrange("credence:test:inbox", 0, -1) == [b"art_during"]
        # Past HOLD_SECONDS without Redis, held ids are let go (the reconciler has them).
        monkeypatch.setattr(inbox, "HOLD_SECONDS", 0.3)
        server.kill()
        poster.post("art_long_outage")
        deadline = time.monotonic() + 10
        while poster.held:
            assert time.monotonic() < deadline, "held ids never let go"
            time.sleep(0.05)
    finally:
        server.stop()
