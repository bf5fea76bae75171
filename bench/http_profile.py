"""Where a hot read request's time goes: cProfile around N ``client.get()`` calls on the
Flask test client, for the baseline app and each Credence endpoint.

Run by ``python -m bench.http_bench --profile`` (after its setup, with its environment), or
by hand against an already set-up database and Redis:

    CREDENCE_DATABASE_URL=... CREDENCE_REDIS_URL=... BENCH_REDIS_URL=... \\
        .venv/bin/python -m bench.http_profile --key crd_… --outlet example-7 -n 2000

The test client skips gunicorn and sockets, so this is the app's own cost per request
(plus the test client's, which the baseline pays too).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import sys
import tempfile
import time
from collections import defaultdict
from typing import Any

_SITE = re.compile(r"site-packages/([^/]+)/")


def _group(filename: str, func: str) -> str:
    if filename == "~":  # a C function
        name = func.strip("<>")
        if "socket" in name or "recv" in name or "sendall" in name or "send'" in name:
            return "C: socket I/O (redis round trips)"
        if "posix" in name or "open" in name or "mmap" in name:
            return "C: os / files"
        return "C: other builtins"
    m = _SITE.search(filename)
    if m:
        return m.group(1)
    if "/work/main/" in filename or "/service/" in filename or "/bench/" in filename:
        rel = filename.split("/work/main/")[-1]
        return rel.replace("/", ".").removesuffix(".py")
    if "/lib/python" in filename:
        return "stdlib:" + filename.rsplit("/", 1)[-1].removesuffix(".py")
    return filename


# Functions whose cumulative time is worth seeing per request: (file ends with, function).
WATCH = [
    ("flask/app.py", "wsgi_app", "Flask request handling, whole"),
    ("service/auth.py", "authenticate", "auth.authenticate (key GET + hash)"),
    ("service/auth.py", "_load_record", "  auth._load_record (Redis GET + json)"),
    ("service/metrics.py", "_start", "metrics before_request"),
    ("service/metrics.py", "_observe", "metrics after_request (2 mmap writes)"),
    ("flask_smorest/arguments.py", "wrapper", "smorest @arguments (webargs parse)"),
    ("flask_smorest/response.py", "wrapper", "smorest @response wrapper"),
    ("service/http/reads.py", "cached_outlet", "reads.cached_outlet"),
    ("service/http/reads.py", "cached_score", "reads.cached_score"),
    ("service/api/lookup.py", "lookup", "lookup.lookup"),
    ("service/domains.py", "candidates", "  domains.candidates (urlsplit+tldextract)"),
    ("service/api/lookup.py", "_mget", "  lookup._mget"),
    ("service/api/_util.py", "json_response", "_util.json_response (json.dumps)"),
    ("redis/client.py", "execute_command", "redis-py execute_command, all"),
    ("flask/testing.py", "open", "test client, whole call"),
]


def profile_calls(call: Any, n: int, out: io.StringIO, top: int) -> dict[str, Any]:
    for _ in range(max(50, n // 20)):  # warm (first-request costs, caches)
        call()
    w0, c0 = time.perf_counter(), time.process_time()
    for _ in range(n):
        call()
    wall_us = (time.perf_counter() - w0) / n * 1e6
    cpu_us = (time.process_time() - c0) / n * 1e6
    # The default (wall-clock) timer: a CPU timer is a syscall per event here and distorts
    # far more. Waiting for Redis shows as socket time.
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(n):
        call()
    prof.disable()
    stats = pstats.Stats(prof)
    raw = stats.stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in raw.values())
    groups: dict[str, float] = defaultdict(float)
    for (filename, _line, func), (_cc, _nc, tt, _ct, _callers) in raw.items():
        groups[_group(filename, func)] += tt
    print(f"  unprofiled: {cpu_us:.0f} µs CPU, {wall_us:.0f} µs wall per request "
          f"(profiled: {total / n * 1e6:.0f} µs wall)", file=out)
    print("  own time by package/module (profiled, wall):", file=out)
    for name, tt in sorted(groups.items(), key=lambda kv: -kv[1])[:14]:
        print(f"    {tt / total:6.1%}  {tt / n * 1e6:7.1f} µs  {name}", file=out)
    watched: dict[str, float] = {}
    print("  cumulative time of selected calls, per request (profiled, wall):", file=out)
    for suffix, func, label in WATCH:
        ct = sum(v[3] for (f, _l, fn), v in raw.items() if f.endswith(suffix) and fn == func)
        calls = sum(v[1] for (f, _l, fn), v in raw.items() if f.endswith(suffix) and fn == func)
        if calls:
            watched[label.strip()] = ct / n * 1e6
            print(f"    {ct / n * 1e6:7.1f} µs  {calls / n:4.1f}x  {label}", file=out)
    buf = io.StringIO()
    st = pstats.Stats(prof, stream=buf)
    st.sort_stats("cumulative").print_stats(top)
    lines = [ln for ln in buf.getvalue().splitlines() if ln.strip()]
    start = next((i for i, ln in enumerate(lines) if ln.lstrip().startswith("ncalls")), 0)
    print(f"  top functions by cumulative time (seconds over {n} requests):", file=out)
    for ln in lines[start:]:
        print("    " + ln.replace("/work/main/.venv/lib/python3.11/site-packages/", "")
              .replace("/work/main/", ""), file=out)
    return {"cpu_us": cpu_us, "wall_us": wall_us, "groups_us": {k: v / n * 1e6 for k, v in groups.items()},
            "watched_us": watched}


def _timed(call: Any, n: int) -> tuple[float, float]:
    w0, c0 = time.perf_counter(), time.process_time()
    for _ in range(n):
        call()
    return (time.process_time() - c0) / n * 1e6, (time.perf_counter() - w0) / n * 1e6


def ablate(app: Any, cases: list[tuple[str, Any]], n: int, out: io.StringIO) -> None:
    """What-if, in this process only (the service code is untouched): the same requests
    without the metrics hooks, and with the API-key record memoised in the process (no
    Redis GET for auth). Interleaved, median of 3, unprofiled."""
    import statistics

    import service.http.auth as auth_mod

    orig_load = auth_mod._load_record
    memo: dict[str, Any] = {}

    def memo_load(key_id: str) -> Any:
        if key_id not in memo:
            memo[key_id] = orig_load(key_id)
        return memo[key_id]

    saved_before = {k: list(v) for k, v in app.before_request_funcs.items()}
    saved_after = {k: list(v) for k, v in app.after_request_funcs.items()}

    def set_variant(no_metrics: bool, key_memo: bool) -> None:
        for store, saved in ((app.before_request_funcs, saved_before),
                             (app.after_request_funcs, saved_after)):
            for k, funcs in saved.items():
                store[k] = [f for f in funcs if not (no_metrics and
                            getattr(f, "__module__", "") == "service.http.metrics")]
        auth_mod._load_record = memo_load if key_memo else orig_load

    variants = [("as is", False, False), ("no metrics hooks", True, False),
                ("key record memoised", False, True), ("both", True, True)]
    print("\n== what-if (in this process only; µs CPU per request, unprofiled, median of 3)",
          file=out)
    print(f"  {'endpoint':<34}" + "".join(f"{v[0]:>22}" for v in variants), file=out)
    try:
        for label, call in cases:
            res: dict[str, list[float]] = defaultdict(list)
            for _ in range(3):
                for name, nm, km in variants:
                    set_variant(nm, km)
                    for _ in range(50):
                        call()
                    res[name].append(_timed(call, n)[0])
            base = statistics.median(res["as is"])
            cells = []
            for name, *_ in variants:
                med = statistics.median(res[name])
                cells.append(f"{med:6.0f}" + (f" ({med - base:+5.0f})" if name != "as is" else " " * 8))
            print(f"  {label:<34}" + "".join(f"{c:>22}" for c in cells), file=out)
    finally:
        set_variant(False, False)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.http_profile")
    p.add_argument("--key", required=True)
    p.add_argument("--outlet", default="example-7")
    p.add_argument("-n", type=int, default=2000)
    p.add_argument("--top", type=int, default=40)
    p.add_argument("--no-ablate", action="store_true", help="skip the what-if timings")
    a = p.parse_args(argv)
    # As under gunicorn in production: metrics go to multiprocess files.
    os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="bench-metrics-"))

    from bench.http_baseline import app as baseline_app
    from service import create_app

    app = create_app()
    client = app.test_client()
    bclient = baseline_app.test_client()
    hdrs = {"Authorization": f"Bearer {a.key}"}
    domain = a.outlet + ".com"
    cases = [
        ("baseline (Flask + 1 Redis GET)", lambda: bclient.get("/")),
        ("GET /v1/outlets/{id}", lambda: client.get(f"/v1/outlets/{a.outlet}", headers=hdrs)),
        ("GET /v1/lookup?url=…",
         lambda: client.get(f"/v1/lookup?url=https://www.{domain}/news/x", headers=hdrs)),
        ("GET /v1/outlets/{id}/score",
         lambda: client.get(f"/v1/outlets/{a.outlet}/score", headers=hdrs)),
    ]
    out = io.StringIO()
    summary = []
    for label, call in cases:
        resp = call()
        if resp.status_code != 200:
            print(f"{label}: status {resp.status_code}: {resp.data[:200]!r}", file=sys.stderr)
            return 1
        print(f"\n== {label}", file=out)
        res = profile_calls(call, a.n, out, a.top)
        summary.append((label, res["cpu_us"], res["wall_us"]))
    base_cpu, base_wall = summary[0][1], summary[0][2]
    print("\n== app cost per request on the test client (no gunicorn, no HTTP parsing), "
          "unprofiled", file=out)
    for label, cpu, wall in summary:
        print(f"  {label:<34} {cpu:6.0f} µs CPU x{cpu / base_cpu:.2f}   {wall:6.0f} µs wall "
              f"x{wall / base_wall:.2f}   (of baseline)", file=out)
    if not a.no_ablate:
        ablate(app, [c for c in cases if not c[0].startswith("baseline")], max(200, a.n // 2), out)
    sys.stdout.write(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
