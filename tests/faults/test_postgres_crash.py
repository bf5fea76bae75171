"""An acknowledged delivery survives a PostgreSQL crash (group commit keeps the rule that a
2xx means committed, with ``synchronous_commit`` on).

The test starts a PostgreSQL server of its own (``initdb`` in a temporary directory, a free
port), serves the app on it with gunicorn as ``credence serve`` does (threads, so that
deliveries share commits), sends a burst of signed deliveries from 16 threads and, as soon
as enough are acknowledged and while others are still in flight, ``kill -9``s the
postmaster and its backends. After a restart (crash recovery), every acknowledged delivery
must be there exactly once, with the article it was answered with.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from sqlalchemy import bindparam, create_engine, text

from service.store.db import migrate
from tests.support.postgres_server import PostgresServer, binaries
from tests.support.redis_server import free_port
from tests.support.signing import SECRET, article, signed

pytestmark = pytest.mark.faults
ACKNOWLEDGED_BEFORE_CRASH = 150
SENDERS = 16
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def own_postgres() -> Iterator[PostgresServer]:
    bindir = binaries()
    if bindir is None:
        pytest.skip("no PostgreSQL server binaries (initdb) installed: this test needs a server of its own")
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no 'postgres' user to run a server of our own")
    server = PostgresServer(bindir)
    try:
        server.init().start()
        yield server
    finally:
        server.stop()


def _serve(url: str, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = os.environ | {
        "CREDENCE_DATABASE_URL": url,
        "CREDENCE_REDIS_URL": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"),
        "CREDENCE_INGEST_SECRETS": SECRET,
        "CREDENCE_LOG_JSON": "false",
        "CREDENCE_LOG_LEVEL": "WARNING",
        "CREDENCE_QUEUE_NAME": "credence-test-crash",
    }
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            [gunicorn, "-c", "python:service.cli.gunicorn_conf", "-w", "2", "-b", f"127.0.0.1:{port}",
             "service:create_app()"],
            env=env, cwd=REPO, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        assert proc.poll() is None, log.read_text()[-2000:]
        try:
            if requests.get(base + "/healthz", timeout=1).status_code == 200:
                return proc, base + "/v1/webhooks/ingest"
        except requests.RequestException:
            pass
        assert time.monotonic() < deadline, "gunicorn did not start"
        time.sleep(0.1)


def test_acknowledged_deliveries_survive_a_postgres_crash(
    own_postgres: PostgresServer, tmp_path: Path
) -> None:
    migrate(own_postgres.url)
    web, url = _serve(own_postgres.url, tmp_path / "gunicorn.log")
    acked: dict[str, tuple[str, str]] = {}  # webhook-id -> (article URL, article id)
    lock = threading.Lock()
    crashed = threading.Event()
    enough = threading.Event()
    counter = iter(range(10**6))

    def sender() -> None:
        with requests.Session() as http:
            while not crashed.is_set():
                with lock:
                    n = next(counter)
                body = article(n + 1000)  # distinct URLs: one article per delivery
                data, headers = signed(body)
                try:
                    resp = http.post(url, data=data, headers=headers, timeout=30)
                except requests.RequestException:
                    continue
                if resp.status_code == 202:
                    with lock:
                        acked[headers["webhook-id"]] = (body["article"]["url"], resp.json()["article"])
                        if len(acked) >= ACKNOWLEDGED_BEFORE_CRASH:
                            enough.set()

    threads = [threading.Thread(target=sender, daemon=True) for _ in range(SENDERS)]
    try:
        for t in threads:
            t.start()
        log = (tmp_path / "gunicorn.log").read_text
        assert enough.wait(120), f"only {len(acked)} acknowledged: {log()[-2000:]}"
        own_postgres.crash()  # requests are still in flight: some were written, not yet answered
        crashed.set()
        with lock:
            answered = dict(acked)  # what a 2xx acknowledged before the crash took the server
        for t in threads:
            t.join(60)
    finally:
        web.kill()
        web.wait(10)

    own_postgres.start()  # crash recovery replays the WAL
    engine = create_engine(own_postgres.url)
    try:
        with engine.connect() as conn:
            stored = dict(
                conn.execute(
                    text("SELECT id, article_id FROM webhook_deliveries WHERE id IN :ids").bindparams(
                        bindparam("ids", expanding=True)
                    ),
                    {"ids": list(answered)},
                ).all()
            )
            urls = [u for u, _ in answered.values()]
            per_url = dict(
                conn.execute(
                    text("SELECT url, count(*) FROM articles WHERE url IN :urls GROUP BY url").bindparams(
                        bindparam("urls", expanding=True)
                    ),
                    {"urls": urls},
                ).all()
            )
    finally:
        engine.dispose()
    missing = sorted(set(answered) - set(stored))
    assert not missing, f"{len(missing)} of {len(answered)} acknowledged deliveries lost, e.g. {missing[:3]}"
    assert all(stored[d] == article_id for d, (_, article_id) in answered.items())
    assert all(per_url.get(u) == 1 for u in urls), "an acknowledged article is missing or stored twice"
    assert len(answered) >= ACKNOWLEDGED_BEFORE_CRASH
