"""Load generators for ``bench.http_bench``: wrk when installed, else a Python fallback.

Both return the same summary (a dict): requests, duration, rps, non-2xx count, socket errors
and latency percentiles in milliseconds. The same generator, with the same parameters, is used
for the baseline and for every Credence endpoint, so their ratios are comparable.
"""

from __future__ import annotations

import http.client
import json
import multiprocessing
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

LUA_REPORT = Path(__file__).resolve().parent / "http_wrk_report.lua"


@dataclass(frozen=True)
class LoadSpec:
    connections: int = 8
    threads: int = 1  # wrk threads; the Python generator uses processes instead
    duration: float = 8.0


class LoadgenError(RuntimeError):
    pass


def wrk_path() -> str | None:
    return shutil.which("wrk")


def _summary(requests: int, non2xx: int, socket_errors: dict[str, int], duration_s: float,
             lat_ms: dict[str, float]) -> dict[str, Any]:
    return {
        "requests": requests,
        "duration_s": round(duration_s, 3),
        "rps": requests / duration_s if duration_s > 0 else 0.0,
        "non_2xx": non2xx,
        "socket_errors": socket_errors,
        "latency_ms": lat_ms,
    }


def run_wrk(url: str, headers: dict[str, str], spec: LoadSpec,
            duration: float | None = None) -> dict[str, Any]:
    exe = wrk_path()
    if exe is None:
        raise LoadgenError("wrk is not installed")
    secs = max(1, round(duration if duration is not None else spec.duration))
    cmd = [exe, f"-t{spec.threads}", f"-c{spec.connections}", f"-d{secs}s", "--latency",
           "--timeout", "10s", "-s", str(LUA_REPORT)]
    for k, v in headers.items():
        cmd += ["-H", f"{k}: {v}"]
    cmd.append(url)
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=secs + 30)
    return wrk_summary(proc)[0]


def wrk_summary(proc: subprocess.CompletedProcess[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The summary of a wrk run that used a script printing ``WRK_JSON {...}`` (every
    benchmark here does), and the raw record for script-specific fields."""
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("WRK_JSON ")), None)
    if proc.returncode != 0 or line is None:
        raise LoadgenError(f"wrk failed ({proc.returncode}): {proc.stderr.strip() or proc.stdout.strip()}")
    raw = json.loads(line.split(" ", 1)[1])
    # wrk's "status" error counts responses with status > 399 — the "Non-2xx or 3xx
    # responses" line of its text report. (Credence never redirects on these routes.)
    errors = {k: raw[f"{k}_errors"] for k in ("connect", "read", "write")}
    errors["timeout"] = raw["timeouts"]
    lat = {k: raw[f"lat_{k}_us"] / 1000.0 for k in ("mean", "p50", "p90", "p99", "max")}
    out = _summary(raw["requests"], raw["status_errors"], errors, raw["duration_us"] / 1e6, lat)
    out["generator"] = "wrk"
    return out, raw


# --- Python fallback: keep-alive http.client connections, threads inside processes --------

def _py_worker(url: str, headers: dict[str, str], threads: int, stop_at: float,
               out: Any) -> None:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    lock = threading.Lock()
    lat: list[float] = []
    counts = {"requests": 0, "non_2xx": 0, "connect": 0, "read": 0}

    def loop() -> None:
        mine: list[float] = []
        n = bad = cerr = rerr = 0
        conn: http.client.HTTPConnection | None = None
        while time.monotonic() < stop_at:
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port,
                                                      timeout=10)
                    conn.connect()
            except OSError:
                cerr += 1
                conn = None
                time.sleep(0.01)
                continue
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                resp = conn.getresponse()
                resp.read()
            except (OSError, http.client.HTTPException):
                rerr += 1
                conn.close()
                conn = None
                continue
            mine.append(time.perf_counter() - t0)
            n += 1
            if not 200 <= resp.status < 300:
                bad += 1
            if resp.will_close:  # gunicorn's sync workers close after every response
                conn.close()
                conn = None
        if conn is not None:
            conn.close()
        with lock:
            lat.extend(mine)
            counts["requests"] += n
            counts["non_2xx"] += bad
            counts["connect"] += cerr
            counts["read"] += rerr

    ts = [threading.Thread(target=loop) for _ in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    out.put((counts, lat))


def run_python(url: str, headers: dict[str, str], spec: LoadSpec,
               duration: float | None = None) -> dict[str, Any]:
    secs = duration if duration is not None else spec.duration
    procs_n = max(1, min(2, spec.connections))
    per = [spec.connections // procs_n + (1 if i < spec.connections % procs_n else 0)
           for i in range(procs_n)]
    ctx = multiprocessing.get_context("fork")
    q = ctx.Queue()
    start = time.monotonic() + 0.2
    stop_at = start + secs
    procs = [ctx.Process(target=_py_worker, args=(url, headers, n, stop_at, q), daemon=True)
             for n in per]
    for p in procs:
        p.start()
    results = []
    try:
        for _ in procs:
            results.append(q.get(timeout=secs + 30))
    finally:
        for p in procs:
            p.join(5)
            if p.is_alive():
                p.kill()
    elapsed = max(time.monotonic() - start, 1e-9)
    elapsed = min(elapsed, secs + 0.5)  # the last in-flight requests end just after stop_at
    lat = sorted(x for _, ls in results for x in ls)
    total = sum(c["requests"] for c, _ in results)

    def pct(p: float) -> float:
        return lat[min(len(lat) - 1, int(p / 100 * len(lat)))] * 1000 if lat else 0.0

    lat_ms = {"mean": (sum(lat) / len(lat) * 1000) if lat else 0.0, "p50": pct(50),
              "p90": pct(90), "p99": pct(99), "max": lat[-1] * 1000 if lat else 0.0}
    errors = {"connect": sum(c["connect"] for c, _ in results),
              "read": sum(c["read"] for c, _ in results), "write": 0, "timeout": 0}
    out = _summary(total, sum(c["non_2xx"] for c, _ in results), errors, secs, lat_ms)
    out["generator"] = "python"
    return out


def run(kind: str, url: str, headers: dict[str, str], spec: LoadSpec,
        duration: float | None = None) -> dict[str, Any]:
    if kind == "wrk":
        return run_wrk(url, headers, spec, duration)
    return run_python(url, headers, spec, duration)
