"""Throughput of a full rescore through the RQ workers against a no-op RQ baseline.

    .venv/bin/python -m bench.worker_bench                      # what ``make bench-workers`` runs
    .venv/bin/python -m bench.worker_bench --profile            # + cProfiles (see below)
    .venv/bin/python -m bench.worker_bench --outlets-via workers  # outlets through RQ too (~+4 min)
    .venv/bin/python -m bench.worker_bench --database-url postgresql+psycopg://postgres@127.0.0.1:5432/NAME

``--database-url`` of PostgreSQL DROPS schema ``public`` of that database first: give it a
database of its own (``createdb -h 127.0.0.1 -U postgres credence_bench``), not the test
suite's. ``--redis-url`` (default ``$BENCH_REDIS_URL`` or DB 13) is flushed: it too must not be
shared with anything running at the same time (``bench.http_bench`` uses DB 13 as well).

Budget (issue text): a full rescore of 100,000 claims (about 10 appearances each) and 5,000
outlets through the workers (2 worker processes) rescores at least 10 claims per second for
every no-op job per second that one default RQ worker runs, both measured in the same run.

Steps, all on this machine:

1. setup — a fresh database (default: SQLite in a temp dir; ``--database-url`` for another,
   whose schema ``public`` is DROPPED and recreated on PostgreSQL), ``service.store.db.migrate``,
   the Redis DB of ``BENCH_REDIS_URL`` (default ``redis://127.0.0.1:6379/13``, flushed);
   then 5,000 outlets and 100,000 claims with ~1,000,000 appearances, bulk-inserted
   (``bench.worker_data``; timed apart, not part of the budget);
2. baseline — N (default 1,000) no-op jobs (``bench.noop.noop``) drained by ONE default ``rq
   worker --burst`` (RQ's default forking ``Worker``) → jobs/s. Before
   and again after the rescore (the machine may be shared: the mean is used, both shown);
3. outlets (setup, not budgeted) — by default (``--outlets-via direct``) the engine scores every
   outlet in this process and the scores are bulk-inserted (no job, no claim touched). With
   ``--outlets-via workers``, every outlet is enqueued with ``service.jobs.enqueue.enqueue_effects`` on
   a side queue and scored by two ``rq worker -w rq.SimpleWorker`` processes (setup, timed apart). Each first
   score moves the outlet, so ``score_outlet`` bumps its claims and enqueues claim batches
   — onto a spill queue (``CREDENCE_QUEUE_NAME`` of those workers) that is then emptied: the
   measured rescore below is one clean pass, not ~13 overlapping ones (one per outlet a claim
   involves). Either way the claims then all owe a score and every outlet has one;
4. rescore — every stale claim enqueued with ``service.jobs.enqueue.enqueue_claim_batches`` (500 per
   job), drained by TWO ``credence worker --burst --no-reconciler`` → claims/s, checked: the
   queue empty, no failed job, and no claim with ``scored_revision < revision``;
5. a random sample of claims' stored scores is compared with the engine run directly on
   inputs read here with plain SQL (not through ``service.records.inputs``).

``--profile`` also writes cProfiles of ``workers.jobs.scores.score_outlet`` on 20 first outlet
scores (``bench/results/workers_outlet_profile.txt``) and of ``workers.jobs.scores.score_claims``
on one 500-claim batch, first score (``bench/results/workers_profile.txt``), both in-process
before the measured phase (the batch is then put back as it was).

Rates use the span from the first job's start to the last job's end (RQ's own timestamps);
rates over the wall time of the worker processes (start-up included) are shown too.
Writes ``bench/results/workers.json``. Exit status 0 when the benchmark ran (a missed budget
prints FAIL), 1 when it could not run or the results were wrong.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import os
import platform
import pstats
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import asdict, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from redis import Redis
from rq import Queue
from rq.job import Job
from rq.registry import FailedJobRegistry, StartedJobRegistry
from sqlalchemy import Engine, func, select

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = REPO / "bench" / "results" / "workers.json"
PROFILE_OUT = REPO / "bench" / "results" / "workers_profile.txt"
OUTLET_PROFILE_OUT = REPO / "bench" / "results" / "workers_outlet_profile.txt"
BUDGET = 10.0  # claims/s per no-op job/s
QUEUE = "bench"
SIDE = "bench-outlets"
SPILL = "bench-spill"


class BenchError(RuntimeError):
    """The benchmark itself broke (setup, workers, wrong results)."""


def log(msg: str) -> None:
    print(f"[{datetime.now(UTC):%H:%M:%S}] {msg}", file=sys.stderr, flush=True)


def loadavg() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


# ---------------------------------------------------------------- setup


def fresh_database(url: str | None, tmp: Path) -> str:
    from service.store.db import make_engine, migrate

    if url is None:
        url = f"sqlite:///{tmp / 'bench.db'}"
    elif url.startswith("sqlite"):
        path = Path(url.split("///", 1)[-1])
        if path.exists():
            raise BenchError(f"{path} exists; give a new SQLite file")
    elif url.startswith("postgresql"):
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
        engine.dispose()
    migrate(url)
    return url


def worker_env(url: str, redis_url: str, tmp: Path, queue: str) -> dict[str, str]:
    env = dict(os.environ)
    for k in ("DATABASE_URL", "REDIS_URL"):
        env.pop(k, None)
    env.update(
        CREDENCE_DATABASE_URL=url,
        CREDENCE_REDIS_URL=redis_url,
        CREDENCE_QUEUE_NAME=queue,
        CREDENCE_VAR_DIR=str(tmp / "var"),
    )
    return env


# ---------------------------------------------------------------- workers


def start(cmd: list[str], env: dict[str, str], logfile: Path) -> subprocess.Popen[bytes]:
    out = logfile.open("ab")
    # A session of its own, so the worker and its forked work horses can be killed as one.
    return subprocess.Popen(cmd, env=env, cwd=REPO, stdout=out, stderr=out, start_new_session=True)


def stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for p in procs:
        if p.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(p.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for p in procs:
        try:
            p.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(p.pid, signal.SIGKILL)
            p.wait(5)


def run_workers(
    cmd: list[str], n: int, env: dict[str, str], logfile: Path, timeout: float, progress: Any = None
) -> float:
    """Start ``n`` burst workers, wait until all have exited; wall seconds."""
    procs: list[subprocess.Popen[bytes]] = []
    t0 = time.perf_counter()
    try:
        procs = [start(cmd, env, logfile) for _ in range(n)]
        while any(p.poll() is None for p in procs):
            if time.perf_counter() - t0 > timeout:
                raise BenchError(f"workers still running after {timeout:.0f} s (log: {logfile})")
            if progress is not None:
                progress()
            time.sleep(0.2)
        wall = time.perf_counter() - t0
        bad = [p.returncode for p in procs if p.returncode != 0]
        if bad:
            raise BenchError(f"worker exited with {bad} (log: {logfile})")
        return wall
    finally:
        stop(procs)


def job_span(conn: Redis, ids: list[str]) -> tuple[float, int]:
    """Seconds from the first job's start to the last job's end, and how many finished."""
    starts, ends, done = [], [], 0
    for i in range(0, len(ids), 1000):
        for job in Job.fetch_many(ids[i : i + 1000], connection=conn):
            if job is None or job.started_at is None or job.ended_at is None:
                continue
            done += job.get_status() == "finished"
            starts.append(job.started_at)
            ends.append(job.ended_at)
    if not starts:
        raise BenchError("no job has timestamps")
    return (max(ends) - min(starts)).total_seconds(), done


def credence_worker() -> list[str]:
    return [str(BIN / "credence"), "worker", "--burst", "--no-reconciler"]


def noop_phase(conn: Redis, env: dict[str, str], n: int, tmp: Path, timeout: float) -> dict[str, float]:
    queue = Queue(QUEUE, connection=conn)
    queue.empty()
    ids = []
    with conn.pipeline() as pipe:
        for _ in range(n):
            ids.append(queue.enqueue("bench.noop.noop", pipeline=pipe).id)
        pipe.execute()
    if queue.count != n:
        raise BenchError(f"enqueued {queue.count} no-op jobs, wanted {n}")
    load = loadavg()
    # The budget's yardstick is one *default* RQ worker (forking ``rq.Worker``), whatever
    # worker class ``credence worker`` uses.
    default_worker = [str(BIN / "rq"), "worker", "--burst", "-q", "-u", env["CREDENCE_REDIS_URL"], QUEUE]
    wall = run_workers(default_worker, 1, env, tmp / "noop-worker.log", timeout)
    span, done = job_span(conn, ids)
    if done != n:
        raise BenchError(f"{done}/{n} no-op jobs finished")
    return {
        "jobs": n,
        "wall_s": wall,
        "span_s": span,
        "per_s": n / span,
        "per_s_wall": n / wall,
        "load": load,
    }


def outlet_phase(
    conn: Redis, url: str, redis_url: str, engine: Engine, tmp: Path, workers: int, timeout: float
) -> dict[str, Any]:
    from service.jobs.effects import Effects
    from service.jobs.enqueue import enqueue_effects
    from service.models import Outlet, OutletScore
    from service.store.settings import load_settings

    with engine.connect() as c:
        ids = set(c.execute(select(Outlet.id)).scalars())
    settings = replace(load_settings({"database_url": url, "redis_url": redis_url}), queue_name=SIDE)
    t0 = time.perf_counter()
    jobs = enqueue_effects(conn, settings, Effects(outlets=ids, cause="bench"))
    enqueue_s = time.perf_counter() - t0
    # One job per outlet, or batches of outlets (whatever enqueue_effects does now).
    job_ids = sorted(set(jobs.values()))
    if not job_ids:
        raise BenchError("enqueue_effects enqueued no outlet job")
    # The jobs' own follow-up claim batches go to the spill queue (the workers' settings).
    env = worker_env(url, redis_url, tmp, SPILL)
    cmd = [str(BIN / "rq"), "worker", "--burst", "-q", "-w", "rq.SimpleWorker", "-u", redis_url, SIDE]
    wall = run_workers(cmd, workers, env, tmp / "outlet-workers.log", timeout)
    span, done = job_span(conn, job_ids)
    failed = FailedJobRegistry(SIDE, connection=conn).count
    with engine.connect() as c:
        scored = c.execute(select(func.count()).select_from(OutletScore)).scalar_one()
        stale = c.execute(
            select(func.count()).select_from(Outlet).where(Outlet.revision > Outlet.scored_revision)
        ).scalar_one()
    if failed or done != len(job_ids) or scored != len(ids) or stale:
        raise BenchError(
            f"outlets: {done}/{len(job_ids)} jobs finished, {failed} failed, {scored}/{len(ids)} scored, "
            f"{stale} stale (log: {tmp / 'outlet-workers.log'})"
        )
    spill = Queue(SPILL, connection=conn)
    spilled = spill.count
    spill.empty()
    return {
        "outlets": len(ids),
        "jobs": len(job_ids),
        "enqueue_s": enqueue_s,
        "wall_s": wall,
        "span_s": span,
        "per_s": len(ids) / span,
        "spilled_claim_batches": spilled,
    }


def outlets_direct(engine: Engine) -> dict[str, Any]:
    """Setup shortcut (``--outlets-via direct``): the engine scores every outlet in this
    process and the scores are bulk-inserted; no job, no history, no claim touched."""
    from sqlalchemy import delete, insert, update
    from sqlalchemy.orm import Session

    from service.models import Outlet, OutletScore
    from service.records.inputs import outlet_input
    from service.records.scoring_config import scoring_config
    from workers.scoring import score_outlet

    t0 = time.perf_counter()
    now = datetime.now(UTC)
    rows = []
    with Session(engine) as s:
        config = scoring_config(s)
        s.commit()
        for outlet in s.execute(select(Outlet)).scalars():
            r = score_outlet(outlet_input(s, outlet), config, now)
            rows.append(
                {
                    "outlet_id": outlet.id,
                    "score": r.score,
                    "reliability": r.reliability,
                    "label": r.label,
                    "body": r.to_dict(),
                    "computed_at": now,
                }
            )
    with engine.begin() as c:
        c.execute(delete(OutletScore))  # any left by --profile's outlet jobs
        c.execute(insert(OutletScore), rows)
        c.execute(update(Outlet).values(scored_revision=Outlet.revision))
    span = time.perf_counter() - t0
    return {
        "outlets": len(rows),
        "via": "direct",
        "wall_s": span,
        "span_s": span,
        "per_s": len(rows) / span,
        "spilled_claim_batches": 0,
    }


def profile_outlets(engine: Engine, url: str, redis_url: str, tmp: Path, n: int = 20) -> dict[str, Any]:
    """cProfile of ``workers.jobs.scores.score_outlet`` on the first score of ``n`` outlets
    (in this process; their follow-up claim batches go to the spill queue)."""
    from service.models import Outlet

    os.environ.update(
        {k: v for k, v in worker_env(url, redis_url, tmp, SPILL).items() if k.startswith("CREDENCE_")}
    )
    from workers import context as wctx
    from workers.jobs.scores import score_outlet

    wctx.reset()
    with engine.connect() as c:
        ids = list(c.execute(select(Outlet.id).order_by(Outlet.id).limit(n)).scalars())
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    for o in ids:
        score_outlet(o, "bench profile")
    prof.disable()
    wall = time.perf_counter() - t0
    wctx.reset()
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out)
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(25)
    OUTLET_PROFILE_OUT.parent.mkdir(parents=True, exist_ok=True)
    OUTLET_PROFILE_OUT.write_text(
        f"score_outlet x {len(ids)} (first score): {wall:.3f} s profiled\n" + out.getvalue()
    )
    return {"outlets": len(ids), "s_profiled": wall, "file": str(OUTLET_PROFILE_OUT)}


def claims_phase(
    conn: Redis, url: str, redis_url: str, engine: Engine, tmp: Path, workers: int, timeout: float
) -> dict[str, Any]:
    from service.jobs.enqueue import enqueue_claim_batches
    from service.models import Claim
    from service.store.settings import load_settings

    with engine.connect() as c:
        stale = list(c.execute(select(Claim.id).where(Claim.revision > Claim.scored_revision)).scalars())
        total = c.execute(select(func.count()).select_from(Claim)).scalar_one()
    if len(stale) != total:
        raise BenchError(f"{len(stale)} of {total} claims stale before the rescore")
    settings = replace(load_settings({"database_url": url, "redis_url": redis_url}), queue_name=QUEUE)
    queue = Queue(QUEUE, connection=conn)
    queue.empty()
    t0 = time.perf_counter()
    ids = enqueue_claim_batches(conn, settings, stale, "bench")
    enqueue_s = time.perf_counter() - t0
    if queue.count != len(ids):
        raise BenchError(f"{queue.count} jobs queued for {len(ids)} batches")
    load = loadavg()
    env = worker_env(url, redis_url, tmp, QUEUE)
    log(f"rescoring {len(stale):,} claims in {len(ids)} jobs with {workers} workers")
    try:
        from tqdm import tqdm

        bar = tqdm(total=len(ids), desc="claim batches", file=sys.stderr, unit="job")
    except ImportError:  # pragma: no cover
        bar = None
    last = [0]
    started = StartedJobRegistry(QUEUE, connection=conn)

    def progress() -> None:
        if bar is None:
            return
        left = queue.count + started.count
        done = max(0, len(ids) - left)
        if done > last[0]:
            bar.update(done - last[0])
            last[0] = done

    try:
        wall = run_workers(credence_worker(), workers, env, tmp / "claim-workers.log", timeout, progress)
    finally:
        if bar is not None:
            bar.close()
    span, done = job_span(conn, ids)
    failed = FailedJobRegistry(QUEUE, connection=conn).count
    with engine.connect() as c:
        left = c.execute(
            select(func.count()).select_from(Claim).where(Claim.revision > Claim.scored_revision)
        ).scalar_one()
    if failed or done != len(ids) or left or queue.count:
        raise BenchError(
            f"claims: {done}/{len(ids)} jobs finished, {failed} failed, {queue.count} queued, "
            f"{left} claims still stale (log: {tmp / 'claim-workers.log'})"
        )
    return {
        "claims": len(stale),
        "jobs": len(ids),
        "workers": workers,
        "enqueue_s": enqueue_s,
        "wall_s": wall,
        "span_s": span,
        "per_s": len(stale) / span,
        "per_s_wall": len(stale) / wall,
        "load": load,
    }


# ---------------------------------------------------------------- checks


def verify_sample(engine: Engine, n: int, seed: int) -> dict[str, Any]:
    """Stored claim scores against the engine run here on inputs read with plain SQL."""
    from sqlalchemy.orm import Session

    from service.models import Appearance, Claim, ClaimScore, Outlet, OutletScore, Verdict
    from service.records.scoring_config import current_config
    from workers.scoring import (
        AppearanceInput,
        ClaimInput,
        OutletInfo,
        ScoringConfig,
        VerdictInput,
        score_claim,
    )

    with Session(engine) as s:
        all_ids = list(s.execute(select(Claim.id)).scalars())
        sample = random.Random(seed).sample(all_ids, min(n, len(all_ids)))
        config = ScoringConfig.from_dict(current_config(s))
        try:  # copy detection's merged units, where that feature exists
            from service.models.learned import LearnedReliability

            unit_keys = dict(
                s.execute(select(LearnedReliability.outlet_id, LearnedReliability.unit_key)).all()
            )
        except ImportError:
            unit_keys = {}
        info = {
            o: OutletInfo(r, net, unit_keys.get(o))
            for o, net, r in s.execute(
                select(Outlet.id, Outlet.network, OutletScore.reliability).join(
                    OutletScore, OutletScore.outlet_id == Outlet.id
                )
            )
        }
        q_of = dict(s.execute(select(Claim.id, Claim.question).where(Claim.id.in_(sample))).all())
        questions = {q for q in q_of.values() if q}
        by_q: dict[str, list[str]] = defaultdict(list)
        for cid, q in s.execute(select(Claim.id, Claim.question).where(Claim.question.in_(questions))):
            if q:
                by_q[q].append(cid)
        needed = set(sample) | {c for q in questions for c in by_q[q]}

        def build(cid: str) -> ClaimInput:
            apps = [
                AppearanceInput(a.id, a.outlet_id, a.origin_id, a.stance, bool(a.hedged))
                for a in s.execute(
                    select(
                        Appearance.id,
                        Appearance.outlet_id,
                        Appearance.origin_id,
                        Appearance.stance,
                        Appearance.hedged,
                    ).where(Appearance.claim_id == cid)
                )
            ]
            vs = [
                VerdictInput(v.id, v.reviewer_id, v.rating)
                for v in s.execute(
                    select(Verdict.id, Verdict.reviewer_id, Verdict.rating).where(Verdict.claim_id == cid)
                )
            ]
            q = s.execute(select(Claim.question).where(Claim.id == cid)).scalar_one()
            return ClaimInput(cid, q, tuple(apps), tuple(vs))

        inputs = {cid: build(cid) for cid in needed}
        outlets_missing = {
            o
            for c in inputs.values()
            for a in c.appearances
            for o in (a.publisher, a.origin)
            if o and o not in info
        }
        mismatches: list[dict[str, Any]] = []
        for cid in sample:
            q = q_of[cid]
            comps = [inputs[o] for o in by_q[q] if o != cid] if q else []
            want = score_claim(inputs[cid], info, config, comps)
            body = json.loads(json.dumps(want.to_dict() | {"config_version": config.version}))
            row = s.get(ClaimScore, cid)
            if row is None:
                mismatches.append({"claim": cid, "problem": "no stored score"})
            elif (row.score, row.label) != (want.score, want.label) or abs(
                row.probability - want.probability
            ) > 1e-9:
                mismatches.append(
                    {"claim": cid, "stored": [row.score, row.label], "engine": [want.score, want.label]}
                )
            elif row.body != body:
                mismatches.append({"claim": cid, "problem": "body differs"})
    return {
        "sampled": len(sample),
        "with_competitors": sum(1 for c in sample if q_of[c]),
        "mismatches": len(mismatches),
        "examples": mismatches[:5],
        "outlets_without_score": len(outlets_missing),
    }


def profile_batch(engine: Engine, url: str, redis_url: str, tmp: Path, size: int = 500) -> dict[str, Any]:
    """cProfile of ``workers.jobs.scores.score_claims`` on one batch, in this process."""
    from service.models import Claim

    os.environ.update(
        {k: v for k, v in worker_env(url, redis_url, tmp, SPILL).items() if k.startswith("CREDENCE_")}
    )
    from workers import context as wctx
    from workers.jobs.scores import score_claims

    wctx.reset()
    with engine.connect() as c:
        ids = list(c.execute(select(Claim.id).order_by(Claim.id).limit(size)).scalars())
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    score_claims(ids, "bench profile")
    prof.disable()
    wall = time.perf_counter() - t0
    # Second run: the warm path (score rows exist, so updates instead of inserts).
    t1 = time.perf_counter()
    score_claims(ids, "bench profile")
    warm = time.perf_counter() - t1
    wctx.reset()
    # Put the batch back as it was, so the measured rescore starts from the same state.
    from sqlalchemy import delete, update

    from service.models import ClaimScore, ClaimScoreHistory

    with engine.begin() as c:
        c.execute(delete(ClaimScoreHistory).where(ClaimScoreHistory.claim_id.in_(ids)))
        c.execute(delete(ClaimScore).where(ClaimScore.claim_id.in_(ids)))
        c.execute(update(Claim).where(Claim.id.in_(ids)).values(scored_revision=0))
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out)
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(30)
    PROFILE_OUT.parent.mkdir(parents=True, exist_ok=True)
    PROFILE_OUT.write_text(
        f"score_claims on {len(ids)} claims: {wall:.3f} s (profiled, first score)\n" + out.getvalue()
    )
    return {"claims": len(ids), "first_s_profiled": wall, "rescore_s": warm, "file": str(PROFILE_OUT)}


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--database-url", help="a database to use; PostgreSQL: schema public is dropped first")
    p.add_argument("--claims", type=int, default=100_000)
    p.add_argument("--outlets", type=int, default=5000)
    p.add_argument("--apps-per-claim", type=int, default=10)
    p.add_argument("--noop-jobs", type=int, default=1000)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--sample", type=int, default=200)
    p.add_argument("--timeout", type=float, default=600, help="seconds any one phase may take")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--profile", action="store_true", help="also cProfile one 500-claim batch in-process")
    p.add_argument(
        "--outlets-via",
        choices=("workers", "direct"),
        default="direct",
        help="score the outlets first directly with the engine (default, quick) or through RQ workers",
    )
    p.add_argument("--keep", action="store_true", help="keep the temp dir (database, worker logs)")
    p.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
        help="a Redis DB of its own: it is flushed (default $BENCH_REDIS_URL or DB 13)",
    )
    p.add_argument("--out", type=Path, default=RESULTS)
    args = p.parse_args(argv)

    from bench.worker_data import generate
    from service.store.db import make_engine

    redis_url = args.redis_url
    tmp = Path(tempfile.mkdtemp(prefix="credence-workers-"))
    engine = None
    try:
        conn = Redis.from_url(redis_url)
        conn.ping()
        conn.flushdb()
        url = fresh_database(args.database_url, tmp)
        engine = make_engine(url)
        dialect = engine.dialect.name
        where = "temp" if args.database_url is None else args.database_url
        log(f"database {dialect} ({where}), redis {redis_url}")

        gen = generate(
            engine,
            outlets=args.outlets,
            claims=args.claims,
            apps_per_claim=args.apps_per_claim,
            seed=args.seed,
        )
        engine.dispose()
        engine = make_engine(url)
        log(f"generated in {gen.seconds:.1f} s: {asdict(gen)}")

        log(f"baseline: {args.noop_jobs} no-op jobs, one default rq worker")
        noop1 = noop_phase(conn, worker_env(url, redis_url, tmp, QUEUE), args.noop_jobs, tmp, args.timeout)
        log(f"  {noop1['per_s']:.1f} no-op jobs/s")

        oprof = profile_outlets(engine, url, redis_url, tmp) if args.profile else None
        if oprof:
            log(f"outlet profile: {oprof}")
        if args.outlets_via == "workers":
            log(f"outlets: scoring {args.outlets} outlets ({args.workers} rq SimpleWorkers, setup)")
            outlets = outlet_phase(conn, url, redis_url, engine, tmp, args.workers, args.timeout)
        else:
            log(f"outlets: scoring {args.outlets} outlets in this process (setup)")
            outlets = outlets_direct(engine)
        spilled = outlets["spilled_claim_batches"]
        log(f"  {outlets['per_s']:.1f} outlets/s; {spilled} follow-up claim batches dropped")

        prof = profile_batch(engine, url, redis_url, tmp) if args.profile else None
        if prof:
            log(f"profile: {prof}")

        claims = claims_phase(conn, url, redis_url, engine, tmp, args.workers, args.timeout)
        log(f"  {claims['per_s']:.1f} claims/s")

        log(f"baseline again: {args.noop_jobs} no-op jobs")
        noop2 = noop_phase(conn, worker_env(url, redis_url, tmp, QUEUE), args.noop_jobs, tmp, args.timeout)
        log(f"  {noop2['per_s']:.1f} no-op jobs/s")

        log(f"verifying {args.sample} random claims against the engine")
        check = verify_sample(engine, args.sample, args.seed)
    except BenchError as exc:
        print(f"worker bench failed: {exc}", file=sys.stderr)
        return 1
    finally:
        if engine is not None:
            engine.dispose()
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    noop_rate = (noop1["per_s"] + noop2["per_s"]) / 2
    noop_wall = (noop1["per_s_wall"] + noop2["per_s_wall"]) / 2
    ratio = claims["per_s"] / noop_rate
    ratio_wall = claims["per_s_wall"] / noop_wall
    ok = check["mismatches"] == 0 and check["outlets_without_score"] == 0
    res = {
        "bench": "workers",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "database": dialect,
        "generated": asdict(gen),
        "noop_before": noop1,
        "noop_after": noop2,
        "noop_jobs_per_s": noop_rate,
        "outlets": outlets,
        "claims": claims,
        "ratio": ratio,
        "ratio_wall": ratio_wall,
        "budget": BUDGET,
        "pass": ratio >= BUDGET,
        "verify": check,
        "profile": prof,
        "outlet_profile": oprof,
    }
    rows = [
        (
            "data generation (not budgeted)",
            f"{gen.seconds:.1f} s",
            f"{gen.claims:,} claims, {gen.appearances:,} appearances",
        ),
        (
            "no-op jobs/s, 1 worker (before)",
            f"{noop1['per_s']:.1f}",
            f"{noop1['jobs']} jobs in {noop1['span_s']:.1f} s; load {noop1['load']:.1f}",
        ),
        (
            "no-op jobs/s, 1 worker (after)",
            f"{noop2['per_s']:.1f}",
            f"{noop2['jobs']} jobs in {noop2['span_s']:.1f} s; load {noop2['load']:.1f}",
        ),
        (
            f"outlets/s ({outlets.get('via', 'workers')}, setup)",
            f"{outlets['per_s']:.1f}",
            f"{outlets['outlets']:,} outlets in {outlets['span_s']:.1f} s",
        ),
        (
            f"claims/s, {claims['workers']} workers",
            f"{claims['per_s']:.1f}",
            f"{claims['claims']:,} claims, {claims['jobs']} jobs in {claims['span_s']:.1f} s;"
            f" load {claims['load']:.1f}",
        ),
        (
            "ratio claims/s : no-op jobs/s",
            f"{ratio:.2f}",
            f"budget >= {BUDGET:g}: {'PASS' if ratio >= BUDGET else 'FAIL'}",
        ),
        (
            "ratio over wall time",
            f"{ratio_wall:.2f}",
            f"claims {claims['per_s_wall']:.1f}/s, no-op {noop_wall:.1f}/s",
        ),
        (
            "sample check",
            f"{check['mismatches']} bad",
            f"{check['sampled']} claims ({check['with_competitors']} with competitors)",
        ),
    ]
    w = max(len(r[0]) for r in rows)
    print(f"worker bench on {dialect}")
    for name, val, note in rows:
        print(f"{name:<{w}}  {val:>10}  {note}")
    if prof:
        print(f"profile of one {prof['claims']}-claim batch: {PROFILE_OUT}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=2, default=str) + "\n")
    print(f"wrote {args.out}", file=sys.stderr)
    if not ok:
        print("stored scores do not match the engine", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
