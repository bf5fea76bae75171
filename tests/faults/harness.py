"""The fault suite's stack and its checks.

``Stack`` is a running Credence: ``credence serve`` (gunicorn, two web workers, one
supervised worker), one standalone ``credence worker`` beside it, a Redis server of its
own, and the test database (PostgreSQL with ``TEST_DATABASE_URL``, else SQLite). A
scenario runs the bounded load (``tests.faults.load``, niced, in its own process),
injects a fault while it runs, and then ``converge`` waits until the database shows every
acknowledged write processed exactly once and nothing stale.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, func, select, text

from service.models import Appearance, Article, Claim, Outlet
from service.store.db import migrate
from tests.support.redis_server import RedisServer
from tests.support.served import Served, serving

SECRET = "whsec_dGVzdC1zZWNyZXQtb25lLXRlc3Qtc2VjcmV0LW9uZQ=="
CONVERGE_LIMIT = 120.0


@dataclass
class Stack:
    env: dict[str, str]
    redis: RedisServer
    served: Served
    standalone: subprocess.Popen[bytes]
    engine: Engine
    keys: dict[str, str]
    work: Path
    is_postgres: bool
    results: list[dict[str, Any]] = field(default_factory=list)

    def credence_worker_pid(self) -> int | None:
        return self.served.worker_pid()


def _credence(env: dict[str, str], *args: str) -> str:
    exe = os.path.join(os.path.dirname(sys.executable), "credence")
    return subprocess.run([exe, *args], env=env, check=True, capture_output=True, text=True).stdout.strip()


def _fresh_database(work: Path) -> tuple[str, bool]:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{work / 'faults.db'}", False
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url, True


@contextmanager
def stack(work: Path) -> Iterator[Stack]:
    work.mkdir(parents=True, exist_ok=True)
    with ExitStack() as cleanup:
        redis = RedisServer().start()
        cleanup.callback(redis.stop)
        url, is_postgres = _fresh_database(work)
        migrate(url)
        env = dict(os.environ) | {
            "CREDENCE_DATABASE_URL": url,
            "CREDENCE_REDIS_URL": redis.url,
            "CREDENCE_INGEST_SECRETS": SECRET,
            "CREDENCE_LOG_JSON": "false",
            "CREDENCE_LOG_LEVEL": "WARNING",
            "CREDENCE_VAR_DIR": str(work),
            "CREDENCE_QUEUE_NAME": "credence-faults",
        }
        _credence(env, "load-config")
        keys = {
            role: _credence(env, "keys", "create", "--role", role, "--name", f"faults-{role}")
            for role in ("reader", "editor")
        }
        served = cleanup.enter_context(serving(env, log=str(work / "serve.log")))
        log = cleanup.enter_context(open(work / "standalone-worker.log", "ab"))
        standalone = subprocess.Popen(
            [os.path.join(os.path.dirname(sys.executable), "credence"), "worker"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

        def stop_standalone() -> None:
            standalone.terminate()
            try:
                standalone.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(standalone.pid, signal.SIGKILL)
                standalone.wait()

        cleanup.callback(stop_standalone)
        engine = create_engine(url)
        cleanup.callback(engine.dispose)
        yield Stack(env, redis, served, standalone, engine, keys, work, is_postgres)


# -- load ---------------------------------------------------------------------------


@dataclass
class Load:
    proc: subprocess.Popen[bytes]
    out: Path

    def wait(self) -> list[dict[str, Any]]:
        self.proc.wait(300)
        return [json.loads(line) for line in self.out.read_text().splitlines() if line.strip()]


def start_load(s: Stack, tag: str, seconds: float, *, ingest: float = 15, claims: float = 3) -> Load:
    out = s.work / f"load-{tag}.jsonl"
    out.unlink(missing_ok=True)
    proc = subprocess.Popen(
        [
            "nice",
            "-n",
            "10",
            sys.executable,
            "-m",
            "tests.faults.load",
            "--base",
            s.served.base,
            "--secret",
            SECRET,
            "--editor",
            s.keys["editor"],
            "--reader",
            s.keys["reader"],
            "--seconds",
            str(seconds),
            "--ingest-rate",
            str(ingest),
            "--claim-rate",
            str(claims),
            "--tag",
            tag,
            "--out",
            str(out),
        ],
        cwd=Path(__file__).resolve().parents[2],
    )
    return Load(proc, out)


# -- faults -------------------------------------------------------------------------


def terminate_backends(s: Stack) -> int:
    """pg_terminate_backend on every other connection to this test database (ours only)."""
    with s.engine.connect() as conn:
        killed = conn.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar_one()
    return int(killed)


def batch_running(s: Stack) -> bool:
    """Whether some worker is inside a batch job right now (RQ's started registry)."""
    from redis import Redis
    from rq.registry import StartedJobRegistry

    conn = Redis.from_url(s.redis.url, socket_timeout=1)
    try:
        ids = StartedJobRegistry(s.env["CREDENCE_QUEUE_NAME"], connection=conn).get_job_ids()
    finally:
        conn.close()
    return any(j.startswith(("process-articles", "score-claims", "process-article")) for j in ids)


def wait_for(condition: Callable[[], bool], limit: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


# -- checks -------------------------------------------------------------------------


@dataclass
class Outcome:
    pending: int
    lost: list[str]
    wrong: list[str]
    stale_claims: int
    stale_outlets: int

    @property
    def done(self) -> bool:
        return not (self.pending or self.lost or self.wrong or self.stale_claims or self.stale_outlets)


def outcome(s: Stack, records: list[dict[str, Any]]) -> Outcome:
    """Where every acknowledged write stands: present, processed exactly once, scored."""
    articles = {r["id"] for r in records if r["kind"] == "ingest" and r.get("id")}
    claims = {r["id"] for r in records if r["kind"] == "claim" and r.get("id")}
    with s.engine.connect() as conn:
        status = dict(conn.execute(select(Article.id, Article.status)).all())
        per_article = dict(
            conn.execute(select(Appearance.article_id, func.count()).group_by(Appearance.article_id)).all()
        )
        per_claim = dict(
            conn.execute(
                select(Appearance.claim_id, func.count())
                .where(Appearance.claim_id.in_(claims or {""}))
                .group_by(Appearance.claim_id)
            ).all()
        )
        stale_claims = conn.execute(
            select(func.count()).select_from(Claim).where(Claim.revision > Claim.scored_revision)
        ).scalar_one()
        stale_outlets = conn.execute(
            select(func.count()).select_from(Outlet).where(Outlet.revision > Outlet.scored_revision)
        ).scalar_one()
        shared = conn.execute(
            select(func.count()).select_from(Claim).where(Claim.text.like("Fault-suite shared claim%"))
        ).scalar_one()
    lost = sorted(a for a in articles if a not in status) + sorted(c for c in claims if c not in per_claim)
    pending = sum(1 for a in articles if status.get(a) == "pending")
    wrong = [a for a in articles if status.get(a) == "processed" and per_article.get(a) != 2]
    wrong += [a for a in articles if status.get(a) == "failed"]
    wrong += [c for c in claims if per_claim.get(c, 2) != 2]
    if shared > 1:
        wrong.append(f"shared claim stored {shared} times")
    return Outcome(pending, lost, wrong, int(stale_claims), int(stale_outlets))


def converge(s: Stack, records: list[dict[str, Any]], since: float) -> tuple[float, Outcome]:
    """Seconds from ``since`` (wall clock) until everything acknowledged is processed and
    nothing is stale; gives up after ``CONVERGE_LIMIT``."""
    deadline = time.monotonic() + CONVERGE_LIMIT
    while True:
        state = outcome(s, records)
        if state.done or time.monotonic() > deadline:
            return time.time() - since, state
        time.sleep(0.5)


def refused(records: list[dict[str, Any]], start: float, end: float) -> dict[str, int]:
    """Non-2xx answers (or no answer) per kind among requests sent in [start, end];
    /readyz is counted apart (503 there is the right answer during an outage)."""
    out: dict[str, int] = {}
    for r in records:
        if start <= r["t"] <= end and not (r["status"] and 200 <= r["status"] < 300):
            out[r["kind"]] = out.get(r["kind"], 0) + 1
    return out


def summary(records: list[dict[str, Any]]) -> dict[str, Any]:
    writes = [r for r in records if r["kind"] in ("ingest", "claim")]
    acked = [r for r in writes if r.get("id")]
    slowest = max((r["ms"] for r in records if r["kind"] != "readyz"), default=0)
    return {
        "requests": len(records),
        "writes": len(writes),
        "acknowledged": len(acked),
        "slowest_ms": slowest,
    }
