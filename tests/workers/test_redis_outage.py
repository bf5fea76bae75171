"""Redis going away, for real (issue 16, findings 1 and 2): a Redis server this test owns
is killed under a working ``credence worker`` and restarted empty, or paused with
SIGSTOP. The worker must ride it out and catch up with no manual step; the API must keep
answering — from the database, within a bound — and say 503 on ``/readyz``."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from service import create_app
from service.models import Appearance, Article
from tests.support.redis_server import RedisServer
from tests.support.signing import article, signed


@pytest.fixture
def own_redis() -> Iterator[RedisServer]:
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def own_app(
    app: Flask, env: dict[str, str], own_redis: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Flask]:
    """The app on the test's own Redis (``app`` emptied the database first)."""
    monkeypatch.setenv("CREDENCE_REDIS_URL", own_redis.url)
    flask_app = create_app({"log_json": False})
    flask_app.config["TESTING"] = True
    yield flask_app
    flask_app.extensions["credence"].flush_inbox(1.0)
    flask_app.extensions["credence"].engine.dispose()


def _worker(env: dict[str, str], redis_url: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "credence"), "worker"],
        env=os.environ | env | {"CREDENCE_REDIS_URL": redis_url, "CREDENCE_LOG_LEVEL": "WARNING"},
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _statuses(flask_app: Flask) -> dict[str, int]:
    with flask_app.extensions["credence"].sessions() as s:
        return dict(s.execute(select(Article.status, func.count()).group_by(Article.status)).all())


def _deliver(client: Any, start: int, n: int) -> list[str]:
    ids = []
    for i in range(start, start + n):
        data, headers = signed(article(i))
        r = client.post("/v1/webhooks/ingest", data=data, headers=headers)
        assert r.status_code == 202, r.get_data(as_text=True)
        ids.append(r.json["article"])
    return ids


def test_worker_rides_out_redis_killed_and_restarted_empty(
    own_app: Flask, own_redis: RedisServer, env: dict[str, str]
) -> None:
    client = own_app.test_client()
    worker = _worker(env, own_redis.url)
    try:
        ids = _deliver(client, 0, 150)
        own_app.extensions["credence"].flush_inbox()
        deadline = time.monotonic() + 60
        while _statuses(own_app).get("processed", 0) < 5:  # the worker is busy with the batch
            assert time.monotonic() < deadline and worker.poll() is None
            time.sleep(0.02)
        own_redis.kill()  # mid-batch: its heartbeat, its enqueues, its results all fail
        ids += _deliver(client, 150, 20)  # accepted and committed while Redis is gone
        time.sleep(4)
        assert worker.poll() is None, "the worker exited during the outage"
        own_redis.start()  # empty: every queued job is gone
        deadline = time.monotonic() + 90
        while _statuses(own_app) != {"processed": len(ids)}:
            assert worker.poll() is None, "the worker exited after the outage"
            assert time.monotonic() < deadline, (
                f"not caught up 90 s after redis returned: {_statuses(own_app)}"
            )
            time.sleep(0.5)
        with own_app.extensions["credence"].sessions() as s:
            per_article = dict(
                s.execute(select(Appearance.article_id, func.count()).group_by(Appearance.article_id)).all()
            )
        assert per_article == {a: 2 for a in ids}  # each processed exactly once
    finally:
        worker.terminate()
        worker.wait(20)


def test_a_hung_redis_costs_a_request_at_most_one_timeout(
    own_app: Flask, own_redis: RedisServer, keys: Any
) -> None:
    client = own_app.test_client()
    reader, editor = keys["reader"], keys["editor"]
    assert client.put("/v1/outlets/a", json={"name": "A", "kind": "news"}, headers=editor).status_code == 201
    assert client.get("/v1/outlets/a", headers=reader).status_code == 200  # cached now
    own_redis.pause()
    try:
        started = time.monotonic()
        ready = client.get("/readyz")
        assert time.monotonic() - started < 1.5, "/readyz hung with redis"
        assert ready.status_code == 503 and ready.json["checks"]["redis"].startswith("down")
        timings = []
        for i in range(6):
            t0 = time.monotonic()
            assert client.get("/v1/outlets/a", headers=reader).status_code == 200
            w = client.put(f"/v1/outlets/b{i}", json={"name": "B", "kind": "news"}, headers=editor)
            assert w.status_code == 201  # committed; its scoring is the reconciler's
            data, headers = signed(article(i))
            assert client.post("/v1/webhooks/ingest", data=data, headers=headers).status_code == 202
            timings.append(time.monotonic() - t0)
        # One call waits out the timeout (1 s); the breaker answers the rest at once.
        assert max(timings) < 2.5 and sum(timings) < 4.0, timings
    finally:
        own_redis.resume()
    time.sleep(5.5)  # the breaker's cooldown: then Redis is asked again
    assert client.get("/readyz").status_code == 200
