"""Where an ingest delivery's time goes: cProfile around N signed ``POST
/v1/webhooks/ingest`` calls on the Flask test client (no gunicorn, no sockets).

Run by ``python -m bench.ingest_bench --profile`` (after its setup, with its environment:
CREDENCE_DATABASE_URL, CREDENCE_REDIS_URL, CREDENCE_INGEST_SECRETS), or by hand against a
set-up database:

    CREDENCE_DATABASE_URL=... CREDENCE_REDIS_URL=... CREDENCE_INGEST_SECRETS=whsec_... \\
        .venv/bin/python -m bench.ingest_profile -n 500

The deliveries are signed before the profiled loop; every one is distinct (202). No
worker runs: the article jobs are only enqueued.
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

from bench.ingest_deliveries import make_delivery, sign

_SITE = re.compile(r"site-packages/([^/]+)/")


def _group(filename: str, func: str) -> str:
    """Package (site-packages), repository module, stdlib module or C-call family."""
    if filename == "~":
        name = func.strip("<>")
        if "sqlite3" in name:
            return "C: sqlite3"
        if "socket" in name or "recv" in name or "sendall" in name:
            return "C: socket I/O (redis round trips)"
        return "C: other builtins"
    m = _SITE.search(filename)
    if m:
        return m.group(1)
    if "/work/main/" in filename:
        return filename.split("/work/main/")[-1].replace("/", ".").removesuffix(".py")
    if "/lib/python" in filename:
        return "stdlib:" + filename.rsplit("/", 1)[-1].removesuffix(".py")
    return filename

# (file ends with, function, label): cumulative time per request worth seeing.
WATCH = [
    ("flask/app.py", "wsgi_app", "Flask request handling, whole"),
    ("service/api/webhooks.py", "post", "Ingest.post, whole"),
    ("service/api/webhooks.py", "verify", "  verify (HMAC)"),
    ("service/schemas/ingest.py", "load", "  validation (fast path, else marshmallow)"),
    ("marshmallow/schema.py", "load", "    marshmallow Schema.load (only when deferred)"),
    ("service/records/articles.py", "accept", "  articles.accept (upsert + delivery, commit)"),
    ("service/inbox.py", "post", "  inbox post (hand-off to the dispatcher)"),
    ("service/metrics.py", "_start", "metrics before_request"),
    ("service/metrics.py", "_observe", "metrics after_request"),
    ("flask_smorest/response.py", "wrapper", "smorest @response wrapper"),
    ("redis/client.py", "execute_command", "redis-py execute_command, all"),
    ("sqlalchemy/engine/base.py", "_execute_context", "SQLAlchemy statement execution, all"),
    ("flask/testing.py", "open", "test client, whole call"),
]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    p.add_argument("-n", type=int, default=500, help="profiled requests")
    p.add_argument("--top", type=int, default=30)
    a = p.parse_args(argv)
    os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="metrics-prof-"))
    from standardwebhooks.webhooks import Webhook

    from service import create_app

    secret = os.environ["CREDENCE_INGEST_SECRETS"].split(",")[0].strip()
    hook = Webhook(secret)
    app = create_app()
    client = app.test_client()
    tag = f"prof{int(time.time())}"
    warm_n = 30
    plain_n = 300  # timed without the profiler, for the true per-request cost
    batch = [make_delivery(tag, i) for i in range(warm_n + a.n + plain_n)]
    signed = [(sign(hook, d), d.body) for d in batch]  # signed now: well inside 5 minutes
    for headers, body in signed[:warm_n]:
        resp = client.post("/v1/webhooks/ingest", data=body, headers=headers)
        if resp.status_code != 202:
            print(f"warm-up delivery: {resp.status_code} {resp.get_data(as_text=True)[:300]}",
                  file=sys.stderr)
            return 1
    plain = signed[warm_n:warm_n + plain_n]
    todo = signed[warm_n + plain_n:]
    w0, c0 = time.perf_counter(), time.process_time()
    for headers, body in plain:
        client.post("/v1/webhooks/ingest", data=body, headers=headers)
    plain_wall = (time.perf_counter() - w0) / plain_n * 1e6
    plain_cpu = (time.process_time() - c0) / plain_n * 1e6
    base_wall, base_cpu = _baseline_cost(plain_n * 5)
    prof = cProfile.Profile()
    bad = 0
    w0, c0 = time.perf_counter(), time.process_time()
    prof.enable()
    for headers, body in todo:
        if client.post("/v1/webhooks/ingest", data=body, headers=headers).status_code != 202:
            bad += 1
    prof.disable()
    wall_us = (time.perf_counter() - w0) / a.n * 1e6
    cpu_us = (time.process_time() - c0) / a.n * 1e6
    if bad:
        print(f"{bad} of {a.n} profiled deliveries were not 202", file=sys.stderr)
        return 1

    out = io.StringIO()
    st = pstats.Stats(prof, stream=out)
    stats: dict[Any, Any] = st.stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in stats.values())
    print(f"# Ingest accept path, {a.n} signed deliveries (3 claims each) through the Flask "
          f"test client, no worker")
    print(f"# under cProfile: {wall_us:.0f} µs wall, {cpu_us:.0f} µs CPU per request "
          f"(profiler overhead included; wall-clock timer, so waits show as time)")
    print(f"# without the profiler: {plain_wall:.0f} µs wall, {plain_cpu:.0f} µs CPU per ingest "
          f"request; the baseline app (GET /, one Redis GET) through its test client: "
          f"{base_wall:.0f} µs wall, {base_cpu:.0f} µs CPU — ratio {base_wall / plain_wall:.2f}")
    print(f"# database: {os.environ.get('CREDENCE_DATABASE_URL', '?').split('@')[-1]}")
    print()
    print("## Own time by package / module (µs per request)")
    groups: dict[str, float] = defaultdict(float)
    for (filename, _line, func), v in stats.items():
        groups[_group(filename, func)] += v[2]
    for g, t in sorted(groups.items(), key=lambda kv: -kv[1])[:22]:
        print(f"{t / a.n * 1e6:9.0f}  {t / total:6.1%}  {g}")
    print()
    print("## Cumulative time of the calls that matter (µs per request, calls per request)")
    for suffix, func, label in WATCH:
        hits = [(k, v) for k, v in stats.items() if k[0].endswith(suffix) and k[2] == func]
        if not hits:
            continue
        ct = max(v[3] for _, v in hits)  # the outermost (recursion-safe) entry
        nc = sum(v[1] for _, v in hits)
        print(f"{ct / a.n * 1e6:9.0f}  {nc / a.n:6.1f}  {label}")
    print()
    print("## C calls: sqlite / socket / fsync (own time, µs per request)")
    for (filename, _line, func), v in sorted(stats.items(), key=lambda kv: -kv[1][2]):
        if filename == "~" and any(s in func for s in ("sqlite3", "socket", "recv", "send",
                                                       "commit", "execute", "fsync")):
            print(f"{v[2] / a.n * 1e6:9.0f}  {v[1] / a.n:6.1f}  {func}")
    print()
    print(f"## Top {a.top} functions by own time")
    st.sort_stats("tottime").print_stats(a.top)
    print(_trim(out.getvalue()))
    return 0


def _baseline_cost(n: int) -> tuple[float, float]:
    """Per-request wall and CPU µs of ``bench.http_baseline`` through its test client."""
    import json

    from bench.http_baseline import KEY, _redis, app

    _redis.set(KEY, json.dumps({"id": "reuters", "name": "Reuters", "kind": "wire"}))
    client = app.test_client()
    for _ in range(100):
        client.get("/")
    w0, c0 = time.perf_counter(), time.process_time()
    for _ in range(n):
        client.get("/")
    return (time.perf_counter() - w0) / n * 1e6, (time.process_time() - c0) / n * 1e6


def _trim(text: str) -> str:
    lines = text.splitlines()
    start = next((i for i, ln in enumerate(lines) if ln.strip().startswith("ncalls")), 0)
    return "\n".join(lines[start:])


if __name__ == "__main__":
    sys.exit(main())
