"""Shared fixtures: a real database (SQLite always, PostgreSQL too when
``TEST_DATABASE_URL`` is set) and a real Redis (``TEST_REDIS_URL``, default DB 15 on the
local server, or the embedded server when none runs), both emptied around every test."""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from redis import Redis
from rq import SimpleWorker
from sqlalchemy import create_engine, text
from werkzeug.serving import make_server

from service import create_app
from service.models import Base
from service.store.db import migrate, transaction
from service.store.redis_conn import ensure_embedded

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])
_TMP = Path(tempfile.mkdtemp(prefix="credence-tests-"))


def _redis_url() -> str:
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        Redis.from_url(url, socket_connect_timeout=1).ping()
        return url
    except Exception:
        return ensure_embedded(_TMP / "redis")


REDIS_URL = _redis_url()


def _fresh_database(backend: str) -> str:
    if backend == "sqlite":
        url = f"sqlite:///{_TMP / 'test.db'}"
        Path(_TMP / "test.db").unlink(missing_ok=True)
    else:
        url = os.environ["TEST_DATABASE_URL"]
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    migrate(url)
    return url


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request: pytest.FixtureRequest) -> str:
    return _fresh_database(request.param)


def _empty(app: Any) -> None:
    svc = app.extensions["credence"]
    with svc.engine.begin() as conn:
        if svc.settings.is_sqlite:
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(table.delete())
        else:
            names = ", ".join(t.name for t in Base.metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture
def env(database_url: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The environment a worker subprocess or ``workers.context`` sees."""
    values = {
        "CREDENCE_DATABASE_URL": database_url,
        "CREDENCE_REDIS_URL": REDIS_URL,
        "CREDENCE_LOG_JSON": "false",
        "CREDENCE_LOG_LEVEL": "WARNING",
        "CREDENCE_QUEUE_NAME": "credence-test",
        "CREDENCE_INGEST_SECRETS": "whsec_dGVzdC1zZWNyZXQtb25lLXRlc3Qtc2VjcmV0LW9uZQ==",
        "CREDENCE_CALLBACK_ALLOW_HOSTS": "127.0.0.1",
    }
    for k, v in values.items():
        monkeypatch.setenv(k, v)
    from workers.context import reset
    from workers.matcher import reset as reset_matcher
    from workers.reading import reset as reset_reading

    reset()
    reset_reading()
    reset_matcher()
    return values


@pytest.fixture
def app(env: dict[str, str]) -> Iterator[Any]:
    app = create_app({"log_json": False})
    app.config["TESTING"] = True
    redis = app.extensions["credence"].redis
    redis.flushdb()
    _empty(app)
    with app.app_context():
        yield app
    app.extensions["credence"].flush_inbox()  # a late batched push must not reach the next test
    redis.flushdb()
    app.extensions["credence"].engine.dispose()
    from workers.context import reset

    reset()


@pytest.fixture
def client(app: Any) -> Any:
    return app.test_client()


@pytest.fixture
def redis(app: Any) -> Redis:
    r: Redis = app.extensions["credence"].redis
    return r


@pytest.fixture
def keys(app: Any) -> dict[str, dict[str, str]]:
    from service.records.keys import new_key

    out = {}
    with transaction(app.extensions["credence"].sessions) as session:
        for role in ("reader", "editor", "admin"):
            _, secret = new_key(session, f"test-{role}", role)
            out[role] = {"Authorization": f"Bearer {secret}"}
    return out


@pytest.fixture
def run_jobs(app: Any) -> Any:
    """Queue the ingest inbox, then drain the queue with a real RQ worker (in-process
    ``SimpleWorker``) on real Redis — what ``credence worker --burst`` does."""
    from service.jobs.enqueue import worker_queues
    from workers.dispatch import drain_inbox

    svc = app.extensions["credence"]

    def run() -> int:
        svc.flush_inbox()  # the requests' batched hand-off, as a busy server would push it
        drain_inbox(svc.redis, svc.settings)
        worker = SimpleWorker(worker_queues(svc.redis, svc.settings), connection=svc.redis)
        worker.work(burst=True, with_scheduler=False, logging_level="WARNING")
        return int(worker.successful_job_count)

    return run


@pytest.fixture
def apply_config_files(app: Any) -> Any:
    def apply() -> None:
        from service.files.config import apply_config_files
        from service.jobs.enqueue import enqueue_effects

        svc = app.extensions["credence"]
        _, effects = apply_config_files(svc.sessions, None)
        enqueue_effects(svc.redis, svc.settings, effects)

    return apply


@pytest.fixture
def served(app: Any) -> Iterator[str]:
    """The app over real HTTP (threaded), for the sender tool and concurrent requests."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/v1/webhooks/ingest"
    server.shutdown()
