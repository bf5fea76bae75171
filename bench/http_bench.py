"""HTTP throughput of Credence's hot read endpoints against a bare Flask + Redis baseline.

    .venv/bin/python -m bench.http_bench            # what ``make bench`` runs

Everything runs on this machine, over loopback, in one go:

1. setup — a fresh SQLite database in a temp dir (or ``--database-url``), the Redis DB of
   ``BENCH_REDIS_URL`` (default ``redis://127.0.0.1:6379/13``, flushed first), then the
   ordinary CLI: ``credence migrate``; ``credence load-config --dir`` with a copy of the
   bundled ``config/`` plus an ``outlets.yaml`` of N outlets (``example-0 … example-N-1``,
   domain ``example-i.com``); ``credence keys create --role reader``; and ``credence worker
   --burst --no-reconciler`` (one per core, in parallel) to compute every score;
2. two servers, never at the same time, both under the same gunicorn (2 sync workers, no
   other options): the baseline ``bench.http_baseline:app`` (one Redis GET returned as JSON)
   and Credence ``service:create_app()`` with a fresh ``PROMETHEUS_MULTIPROC_DIR`` and the
   production defaults (only the database and Redis URLs and the log format/level are set);
3. every response is checked (200 and the expected JSON) and the caches warmed before any
   timing; then ``--rounds`` rounds of baseline, outlet, lookup, score, each measured with
   the same load generator (wrk, else a Python one) after a short discarded warm-up;
4. the medians, their ratios to the baseline median and the budgets are printed and written
   to ``bench/results/http.json``.

Exit status: 0 when the benchmark ran (a missed budget prints FAIL but is not an error),
1 when it could not run or any timed response was not 2xx.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import http_loadgen
from bench.http_loadgen import LoadSpec

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = REPO / "bench" / "results" / "http.json"
SENTINEL = "bench:http:sentinel"
BUDGET = 0.60  # each endpoint's rps must be at least this fraction of the baseline's


class BenchError(RuntimeError):
    """The benchmark itself broke (setup, servers, wrong responses)."""


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --- processes ----------------------------------------------------------------------------

_live: list[subprocess.Popen[bytes]] = []


def _kill_group(proc: subprocess.Popen[bytes], grace: float = 10.0) -> None:
    """Stop a process started with ``start_new_session`` and everything it forked."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=grace)
    # The group may outlive its leader (gunicorn workers, RQ work horses): make sure.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    if proc.poll() is None:
        proc.wait(timeout=5)
    if proc in _live:
        _live.remove(proc)


def run_cli(args: list[str], env: dict[str, str], timeout: float, logfile: Path) -> str:
    """Run a ``credence`` command in its own process group; return its stdout."""
    cmd = [str(BIN / "credence"), *args]
    with open(logfile, "ab") as err:
        err.write(f"\n$ {' '.join(cmd)}\n".encode())
        err.flush()
        proc = subprocess.Popen(cmd, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=err,
                                start_new_session=True)
        _live.append(proc)
        try:
            out, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            raise BenchError(f"`credence {' '.join(args)}` took over {timeout:.0f}s; "
                             f"see {logfile}") from exc
        finally:
            _kill_group(proc, grace=2)
    if proc.returncode != 0:
        raise BenchError(f"`credence {' '.join(args)}` exited {proc.returncode}:\n"
                         f"{_tail(logfile)}")
    return out.decode()


def run_cli_parallel(commands: list[list[str]], env: dict[str, str], timeout: float,
                     logfile: Path) -> None:
    """Run several ``credence`` commands at once, each in its own process group."""
    procs = []
    with open(logfile, "ab") as err:
        try:
            for args in commands:
                cmd = [str(BIN / "credence"), *args]
                err.write(f"\n$ {' '.join(cmd)} &\n".encode())
                err.flush()
                proc = subprocess.Popen(cmd, env=env, cwd=REPO, stdout=err, stderr=err,
                                        start_new_session=True)
                _live.append(proc)
                procs.append(proc)
            deadline = time.monotonic() + timeout
            for proc in procs:
                try:
                    proc.wait(timeout=max(1.0, deadline - time.monotonic()))
                except subprocess.TimeoutExpired as exc:
                    raise BenchError(f"`credence {' '.join(commands[0])}` took over "
                                     f"{timeout:.0f}s; see {logfile}") from exc
        finally:
            for proc in procs:
                _kill_group(proc, grace=2)
    bad = [p.returncode for p in procs if p.returncode != 0]
    if bad:
        raise BenchError(f"`credence {' '.join(commands[0])}` exited {bad}:\n{_tail(logfile)}")


def _tail(path: Path, n: int = 25) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-n:])
    except OSError:
        return ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cpu_seconds(pid: int) -> float:
    """utime+stime of a process (Linux /proc); 0 if it is gone."""
    try:
        fields_ = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields_[11]) + int(fields_[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@dataclass
class Server:
    """One gunicorn (2 sync workers) serving ``app_spec``; one at a time."""

    name: str
    app_spec: str
    env: dict[str, str]
    ready_path: str
    logdir: Path
    workers: int = 2
    extra_args: tuple[str, ...] = ()
    proc: subprocess.Popen[bytes] | None = None
    port: int = 0
    metrics_dir: str | None = None
    _log: Any = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, with_metrics_dir: bool) -> None:
        self.port = free_port()
        env = dict(self.env)
        if with_metrics_dir:  # as `credence serve` does: a fresh dir per server
            self.metrics_dir = tempfile.mkdtemp(prefix="metrics-", dir=self.logdir)
            env["PROMETHEUS_MULTIPROC_DIR"] = self.metrics_dir
        cmd = [str(BIN / "gunicorn"), "-w", str(self.workers), "-b", f"127.0.0.1:{self.port}",
               *self.extra_args, self.app_spec]
        self._log = open(self.logdir / f"gunicorn-{self.name}.log", "ab")  # noqa: SIM115
        self._log.write(f"\n$ {' '.join(cmd)}\n".encode())
        self._log.flush()
        self.proc = subprocess.Popen(cmd, env=env, cwd=REPO, stdout=self._log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        _live.append(self.proc)
        self._wait_ready(timeout=40)

    def _wait_ready(self, timeout: float) -> None:
        assert self.proc is not None
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(f"{self.name} server exited {self.proc.returncode}:\n"
                                 f"{_tail(self.logdir / f'gunicorn-{self.name}.log')}")
            try:
                url = self.base + self.ready_path  # always http://127.0.0.1
                with urllib.request.urlopen(url, timeout=5) as r:  # noqa: S310
                    if r.status == 200:
                        return
            except (OSError, urllib.error.URLError) as exc:
                last = str(exc)
            time.sleep(0.1)
        raise BenchError(f"{self.name} server not ready after {timeout:.0f}s ({last})")

    def cpu_seconds(self) -> float:
        if self.proc is None:
            return 0.0
        return sum(_cpu_seconds(p) for p in [self.proc.pid, *_children(self.proc.pid)])

    def stop(self) -> None:
        if self.proc is not None:
            _kill_group(self.proc)
            self.proc = None
        if self._log is not None:
            self._log.close()
            self._log = None
        if self.metrics_dir:
            shutil.rmtree(self.metrics_dir, ignore_errors=True)
            self.metrics_dir = None


# --- HTTP checks ----------------------------------------------------------------------------

def get_json(url: str, headers: dict[str, str]) -> tuple[int, Any, str]:
    req = urllib.request.Request(url, headers=headers)  # noqa: S310 - http://127.0.0.1 only
    try:
        with urllib.request.urlopen(req, timeout=10) as r:  # noqa: S310
            status, body, ctype = r.status, r.read(), r.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        status, body, ctype = exc.code, exc.read(), exc.headers.get("Content-Type", "")
    try:
        return status, json.loads(body), ctype
    except ValueError as exc:
        raise BenchError(f"GET {url}: {status}, not JSON: {body[:200]!r}") from exc


@dataclass
class Target:
    key: str           # short name in the results
    label: str         # row label in the table
    path: str
    check: Callable[[Any], str | None]  # None when the body is right, else what is wrong
    needs_auth: bool = True
    budget: float | None = BUDGET
    runs: list[dict[str, Any]] = field(default_factory=list)


def _check_outlet(oid: str, domain: str) -> Callable[[Any], str | None]:
    def check(body: Any) -> str | None:
        if not isinstance(body, dict) or body.get("id") != oid:
            return f"expected outlet {oid}"
        if domain not in (body.get("domains") or []):
            return f"expected {domain} in domains"
        return None
    return check


def _check_lookup(oid: str, domain: str) -> Callable[[Any], str | None]:
    def check(body: Any) -> str | None:
        if not isinstance(body, dict) or (body.get("outlet") or {}).get("id") != oid:
            return f"expected outlet {oid}"
        if body.get("domain") != domain:
            return f"expected domain {domain}"
        if not isinstance(body.get("score"), int) or not isinstance(body.get("reliability"), float):
            return "expected a computed score"
        return None
    return check


def _check_score(oid: str) -> Callable[[Any], str | None]:
    def check(body: Any) -> str | None:
        if not isinstance(body, dict) or body.get("outlet") != oid:
            return f"expected the score of {oid}"
        if not isinstance(body.get("score"), int) or body.get("stale") is not False:
            return "expected a fresh computed score"
        return None
    return check


# --- the run ----------------------------------------------------------------------------------

def fresh_redis(url: str) -> Any:
    """The benchmark's Redis database, checked reachable and emptied."""
    import redis

    r = redis.Redis.from_url(url, socket_timeout=5)
    try:
        r.ping()
    except redis.RedisError as exc:
        raise BenchError(f"Redis at {url} is not reachable: {exc}") from exc
    r.flushdb()
    return r


def setup(args: argparse.Namespace, tmp: Path, env: dict[str, str]) -> dict[str, Any]:
    import yaml

    r = fresh_redis(env["BENCH_REDIS_URL"])
    cli_log = tmp / "cli.log"
    t0 = time.monotonic()
    run_cli(["migrate"], env, 120, cli_log)
    # One load-config of the bundled config (scoring.yaml, profiles/) plus N outlets.
    cfg = tmp / "config"
    shutil.copytree(REPO / "config", cfg)
    outlets = [{"id": f"example-{i}", "name": f"Example {i}", "kind": "news",
                "domains": [f"example-{i}.com"], "country": "GB"} for i in range(args.outlets)]
    (cfg / "outlets.yaml").write_text(yaml.safe_dump({"outlets": outlets}, sort_keys=False))
    run_cli(["load-config", "--dir", str(cfg)], env, 120, cli_log)
    out = run_cli(["keys", "create", "--role", "reader", "--name", "bench"], env, 60, cli_log)
    key = out.strip().splitlines()[-1].strip() if out.strip() else ""
    if not key.startswith("crd_"):
        raise BenchError(f"`credence keys create` printed no key: {out!r}")
    log(f"migrated, config and {args.outlets} outlets loaded, reader key created "
        f"({time.monotonic() - t0:.1f}s); scoring them with {args.setup_workers} burst workers…")
    t1 = time.monotonic()
    # Burst workers in parallel (one per core): each job forks a work horse, so one worker
    # alone takes ~0.1 s an outlet.
    run_cli_parallel([["worker", "--burst", "--no-reconciler"]] * args.setup_workers,
                     env, 240, cli_log)
    scored = len(set(r.scan_iter("credence:v1:score:outlet:*", count=1000)))
    if scored < args.outlets:
        raise BenchError(f"only {scored} of {args.outlets} outlet scores computed; see {cli_log}")
    log(f"scored ({time.monotonic() - t1:.1f}s)")
    return {"key": key, "redis": r, "setup_seconds": round(time.monotonic() - t0, 1)}


def measure(target: Target, server: Server, headers: dict[str, str], args: argparse.Namespace,
            spec: LoadSpec, warmup: float) -> dict[str, Any]:
    url = server.base + target.path
    hdrs = headers if target.needs_auth else {}
    http_loadgen.run(args.loadgen, url, hdrs, spec, duration=warmup)  # discarded
    cpu0 = server.cpu_seconds()
    res = http_loadgen.run(args.loadgen, url, hdrs, spec)
    cpu = server.cpu_seconds() - cpu0
    res["server_cpu_ms_per_request"] = (cpu * 1000 / res["requests"]) if res["requests"] else None
    if res["non_2xx"]:
        raise BenchError(f"{target.label}: {res['non_2xx']} non-2xx responses during the run "
                         f"(of {res['requests']}); see {server.logdir}")
    if res["requests"] == 0:
        raise BenchError(f"{target.label}: no request completed")
    errs = sum(res["socket_errors"].values())
    if errs > 0.01 * res["requests"]:
        raise BenchError(f"{target.label}: {errs} socket errors in {res['requests']} requests: "
                         f"{res['socket_errors']}")
    target.runs.append(res)
    lat = res["latency_ms"]
    log(f"  {target.label:<34} {res['rps']:8.0f} rps  p50 {lat['p50']:.2f} ms  "
        f"p99 {lat['p99']:.2f} ms")
    return res


def verify(targets: list[Target], server: Server, headers: dict[str, str]) -> None:
    for t in targets:
        # Twice: the first may fill a cache; the second must be the cached answer.
        for _ in range(2):
            status, body, ctype = get_json(server.base + t.path, headers if t.needs_auth else {})
            if status != 200:
                raise BenchError(f"GET {t.path}: expected 200, got {status}: {body}")
            if not ctype.startswith("application/json"):
                raise BenchError(f"GET {t.path}: Content-Type {ctype!r}")
            problem = t.check(body)
            if problem:
                raise BenchError(f"GET {t.path}: {problem}; got {json.dumps(body)[:300]}")


def summarise(targets: list[Target], baseline: Target) -> list[dict[str, Any]]:
    base_rps = statistics.median(r["rps"] for r in baseline.runs)
    base_cpu_l = [r["server_cpu_ms_per_request"] for r in baseline.runs
                  if r["server_cpu_ms_per_request"]]
    base_cpu = statistics.median(base_cpu_l) if base_cpu_l else None
    rows = []
    for t in targets:
        med = statistics.median(r["rps"] for r in t.runs)
        ratio = med / base_rps if base_rps else 0.0
        cpu = [r["server_cpu_ms_per_request"] for r in t.runs
               if r["server_cpu_ms_per_request"] is not None]
        rows.append({
            "key": t.key,
            "endpoint": t.label,
            "path": t.path,
            "rps_median": round(med, 1),
            "rps_runs": [round(r["rps"], 1) for r in t.runs],
            "ratio_to_baseline": round(ratio, 3),
            "budget": t.budget,
            "result": None if t.budget is None else ("PASS" if ratio >= t.budget else "FAIL"),
            "latency_ms_p50_median": round(statistics.median(r["latency_ms"]["p50"] for r in t.runs), 3),
            "latency_ms_p99_median": round(statistics.median(r["latency_ms"]["p99"] for r in t.runs), 3),
            "server_cpu_ms_per_request_median": round(statistics.median(cpu), 3) if cpu else None,
            # Informational: baseline CPU per request / this endpoint's. Less sensitive to
            # other load on the machine than rps; the budgets are judged on rps.
            "cpu_ratio": round(base_cpu / statistics.median(cpu), 3) if cpu and base_cpu else None,
            "requests_total": sum(r["requests"] for r in t.runs),
            "non_2xx_total": sum(r["non_2xx"] for r in t.runs),
            "socket_errors_total": sum(sum(r["socket_errors"].values()) for r in t.runs),
        })
    return rows


def print_table(rows: list[dict[str, Any]], meta: dict[str, Any]) -> None:
    print()
    gen = (f"wrk -t{meta['threads']} -c{meta['connections']} -d{meta['duration_s']:g}s"
           if meta["generator"] == "wrk" else
           f"Python http.client generator, {meta['connections']} connections, "
           f"{meta['duration_s']:g}s")
    print(f"Credence HTTP benchmark — {gen}, {meta['rounds']} rounds alternating, "
          f"gunicorn -w 2 (sync), {meta['cpus']} CPUs, {meta['database']}")
    head = (f"{'endpoint':<36}{'median rps':>11}  {'runs (rps)':<20}{'ratio':>7}{'budget':>8}"
            f"{'p50 ms':>8}{'p99 ms':>8}{'cpu ms/req':>11}{'cpu ratio':>10}  result")
    cpus = meta["cpus"] or 1
    load = meta.get("loadavg_1m_start")
    if load is not None and load > 0.5 * cpus:
        print(f"WARNING: the 1-minute load average was {load:.1f} on {cpus} CPUs before the "
              f"benchmark started: other work shares the machine, so the figures are noisy "
              f"(compare the per-run spread).")
    print(head)
    print("-" * len(head))
    for r in rows:
        runs = "/".join(f"{x:.0f}" for x in r["rps_runs"])
        budget = f"≥{r['budget']:.0%}" if r["budget"] is not None else "—"
        cpu = f"{r['server_cpu_ms_per_request_median']:.2f}" \
            if r["server_cpu_ms_per_request_median"] is not None else "?"
        print(f"{r['endpoint']:<36}{r['rps_median']:>11.0f}  {runs:<20}"
              f"{r['ratio_to_baseline']:>7.2f}{budget:>8}{r['latency_ms_p50_median']:>8.2f}"
              f"{r['latency_ms_p99_median']:>8.2f}{cpu:>11}"
              f"{(format(r['cpu_ratio'], '.2f') if r['cpu_ratio'] else '?'):>10}"
              f"  {r['result'] or ''}")
    print("(ratio: median rps / baseline median rps — the budgets; p50/p99: median over runs; "
          "cpu ms/req: CPU time of gunicorn master+workers per request; cpu ratio: baseline "
          "cpu ms/req / the endpoint's, for information)")
    print()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.http_bench", description=__doc__.split("\n")[0])
    p.add_argument("--database-url", default=None,
                   help="use this database instead of a fresh SQLite file (e.g. the local "
                        "PostgreSQL, which the test suite shares: it gets bench outlets)")
    p.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
                   help="Redis DB to use and FLUSH (default: $BENCH_REDIS_URL or db 13)")
    p.add_argument("--outlets", type=int, default=200)
    p.add_argument("--setup-workers", type=int, default=max(1, min(4, os.cpu_count() or 1)),
                   help="burst workers run in parallel to compute the scores at setup")
    p.add_argument("--outlet", type=int, default=7, help="which example-N the timed requests read")
    p.add_argument("--duration", type=float, default=8.0, help="seconds per timed run")
    p.add_argument("--warmup", type=float, default=1.0, help="seconds of discarded load before each run")
    p.add_argument("--connections", type=int, default=8)
    p.add_argument("--threads", type=int, default=1, help="wrk threads")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--loadgen", choices=("auto", "wrk", "python"), default="auto")
    p.add_argument("--output", type=Path, default=RESULTS)
    p.add_argument("--profile", type=int, nargs="?", const=2000, default=0, metavar="N",
                   help="afterwards, cProfile N (default 2000) test-client requests per endpoint "
                        "and write bench/results/http_profile.txt")
    p.add_argument("--keep-tmp", action="store_true", help="keep the temp dir (DB, logs)")
    a = p.parse_args(argv)
    if a.loadgen == "auto":
        a.loadgen = "wrk" if http_loadgen.wrk_path() else "python"
    elif a.loadgen == "wrk" and not http_loadgen.wrk_path():
        p.error("wrk is not installed (apt-get install wrk), or use --loadgen python")
    if not 0 <= a.outlet < a.outlets:
        p.error("--outlet must be below --outlets")
    return a


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version
    out = {"python": platform.python_version()}
    for pkg in ("flask", "werkzeug", "gunicorn", "redis", "sqlalchemy", "flask-smorest"):
        with contextlib.suppress(PackageNotFoundError):
            out[pkg] = version(pkg)
    if http_loadgen.wrk_path():
        try:
            v = subprocess.run(["wrk", "-v"], capture_output=True, text=True, timeout=5)
            out["wrk"] = (v.stdout or v.stderr).split("\n")[0].strip()
        except (OSError, subprocess.SubprocessError):
            pass
    return out


def _loadavg() -> float | None:
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


def run(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    started = time.monotonic()
    load_start = _loadavg()
    db_url = args.database_url or f"sqlite:///{tmp / 'bench.db'}"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("CREDENCE_") and k not in ("DATABASE_URL", "REDIS_URL",
                                                         "PROMETHEUS_MULTIPROC_DIR")}
    env.update({
        "CREDENCE_DATABASE_URL": db_url,
        "CREDENCE_REDIS_URL": args.redis_url,
        "BENCH_REDIS_URL": args.redis_url,
        "CREDENCE_LOG_JSON": "false",
        "CREDENCE_LOG_LEVEL": "WARNING",
        "CREDENCE_VAR_DIR": str(tmp / "var"),
        "PYTHONDONTWRITEBYTECODE": "1",
    })
    log(f"temp dir {tmp}; database {db_url.split('@')[-1]}; redis {args.redis_url} (flushed); "
        f"load generator {args.loadgen}")
    ctx = setup(args, tmp, env)
    key, r = ctx["key"], ctx["redis"]
    headers = {"Authorization": f"Bearer {key}"}

    oid, domain = f"example-{args.outlet}", f"example-{args.outlet}.com"
    baseline = Target("baseline", "baseline (Flask + 1 Redis GET)", "/",
                      lambda b: None if isinstance(b, dict) and b.get("id") else "bad baseline body",
                      needs_auth=False, budget=None)
    endpoints = [
        Target("outlet", "GET /v1/outlets/{id}", f"/v1/outlets/{oid}", _check_outlet(oid, domain)),
        Target("lookup", "GET /v1/lookup?url=…", f"/v1/lookup?url=https://www.{domain}/news/x",
               _check_lookup(oid, domain)),
        Target("score", "GET /v1/outlets/{id}/score", f"/v1/outlets/{oid}/score", _check_score(oid)),
    ]
    base_srv = Server("baseline", "bench.http_baseline:app", env, "/", tmp)
    cred_srv = Server("credence", "service:create_app()", env, "/healthz", tmp)
    spec = LoadSpec(connections=args.connections, threads=args.threads, duration=args.duration)

    # Verify Credence and fill its caches; the baseline then serves the outlet's JSON, the
    # same bytes as the outlet endpoint's cache hit.
    cred_srv.start(with_metrics_dir=True)
    try:
        verify(endpoints, cred_srv, headers)
        _status, outlet_body, _ = get_json(cred_srv.base + f"/v1/outlets/{oid}", headers)
    finally:
        cred_srv.stop()
    for k in (f"credence:v1:outlet:{oid}", f"credence:v1:score:outlet:{oid}",
              f"credence:v1:domain:{domain}", f"credence:v1:key:{key.split('_')[1]}"):
        if not r.exists(k):
            raise BenchError(f"cache key {k} missing after warming")
    r.set("bench:key", json.dumps(outlet_body))
    # Another process flushing this Redis DB mid-run (e.g. another benchmark with the same
    # BENCH_REDIS_URL) would silently turn cache hits into misses: check after every run.
    r.set(SENTINEL, str(os.getpid()))

    def check_redis() -> None:
        if r.get(SENTINEL) is None or r.get("bench:key") is None:
            raise BenchError(f"the Redis DB {args.redis_url} was flushed or changed by another "
                             f"process during the run; use a BENCH_REDIS_URL of its own")

    log("responses verified (200, expected JSON) and caches warm")

    for n in range(1, args.rounds + 1):
        log(f"round {n}/{args.rounds}")
        base_srv.start(with_metrics_dir=False)
        try:
            verify([baseline], base_srv, {})
            measure(baseline, base_srv, headers, args, spec, warmup=max(args.warmup, 2.0))
            check_redis()
        finally:
            base_srv.stop()
        cred_srv.start(with_metrics_dir=True)
        try:
            verify(endpoints, cred_srv, headers)
            for i, t in enumerate(endpoints):
                measure(t, cred_srv, headers, args, spec,
                        warmup=max(args.warmup, 2.0) if i == 0 else args.warmup)
                check_redis()
        finally:
            cred_srv.stop()

    rows = summarise([baseline, *endpoints], baseline)
    meta = {
        "generator": args.loadgen, "connections": args.connections, "threads": args.threads,
        "duration_s": args.duration, "warmup_s": args.warmup, "rounds": args.rounds,
        "cpus": os.cpu_count(), "database": "postgresql" if args.database_url and
        args.database_url.startswith("postgres") else ("sqlite" if not args.database_url else
                                                       args.database_url.split(":")[0]),
        "outlets": args.outlets, "gunicorn": "-w 2 (sync workers, defaults)",
        "versions": _versions(), "setup_seconds": ctx["setup_seconds"],
        "loadavg_1m_start": load_start,
    }
    print_table(rows, meta)
    if args.profile:
        prof_out = args.output.parent / "http_profile.txt"
        log(f"profiling each endpoint with cProfile ({args.profile} test-client requests each)…")
        cmd = [sys.executable, "-m", "bench.http_profile", "--key", key, "--outlet", oid,
               "-n", str(args.profile)]
        proc = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True, timeout=600)
        if proc.returncode != 0:
            raise BenchError(f"profiling failed: {proc.stderr[-2000:]}")
        prof_out.parent.mkdir(parents=True, exist_ok=True)
        prof_out.write_text(proc.stdout)
        print(proc.stdout)
        log(f"profile written to {prof_out}")
    meta["total_seconds"] = round(time.monotonic() - started, 1)
    return {
        "meta": meta,
        "budget_ratio": BUDGET,
        "results": rows,
        "runs": {t.key: t.runs for t in (baseline, *endpoints)},
        "ok": all(row["result"] != "FAIL" for row in rows),
    }


def run_main(run_fn: Any, args: argparse.Namespace, prefix: str) -> int:
    """The benchmark entry shared by the HTTP benchmarks: signals become a clean stop,
    the report is written, and every server and worker is killed whatever happened."""

    def on_term(signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)  # even if started with SIGINT ignored (as `cmd &`)
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    code = 0
    try:
        report = run_fn(args, tmp)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(report, indent=2, default=str) + "\n")
        shown = args.output.relative_to(REPO) if args.output.is_relative_to(REPO) else args.output
        log(f"wrote {shown} ({report['meta']['total_seconds']}s in all)")
    except BenchError as exc:
        print(f"\nBENCHMARK BROKEN: {exc}", file=sys.stderr)
        print(f"(logs kept in {tmp})", file=sys.stderr)
        args.keep_tmp = True
        code = 1
    except KeyboardInterrupt:
        print("\ninterrupted; cleaning up", file=sys.stderr)
        code = 130
    finally:
        for proc in list(_live):
            _kill_group(proc, grace=5)
        if not args.keep_tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    return code


def main(argv: list[str] | None = None) -> int:
    return run_main(run, parse_args(argv), "credence-bench-")


if __name__ == "__main__":
    sys.exit(main())
