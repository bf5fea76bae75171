"""Start-up time: from launching what ``make run`` launches to the first 200 from
``/healthz`` (``make bench-start``).

- **cold**: an empty var directory: a new SQLite database migrated from nothing, config/
  loaded, a new admin key, the embedded Redis started.
- **warm**: the same var directory again: every migration applied, the config and the key
  already there (what every later ``make run`` is).
- **separate** (the baseline, in the same run): the warm start done as ``make run`` did it
  before: ``credence migrate``, ``load-config`` and ``ensure-admin-key`` as three
  processes, then ``credence serve``.

Each start is stopped (SIGTERM, as Ctrl-C) before the next. Medians are printed and
written to ``bench/results/start.json``. The pip install of a fresh clone is not included:
it is measured once, by hand (README: Benchmarks).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results" / "start.json"
CREDENCE = os.path.join(os.path.dirname(sys.executable), "credence")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def environment(var: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    # DATABASE_URL and REDIS_URL unset: the SQLite file and the embedded Redis of `make run`.
    return env | {"CREDENCE_VAR_DIR": str(var), "CREDENCE_LOG_LEVEL": "WARNING"}


def until_healthy(proc: subprocess.Popen[bytes], port: int, started: float, limit: float) -> float:
    while True:
        if proc.poll() is not None:
            raise SystemExit(f"credence exited with {proc.returncode} before answering")
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=0.5).status_code == 200:
                return time.perf_counter() - started
        except requests.RequestException:
            pass
        if time.perf_counter() - started > limit:
            raise SystemExit(f"no healthy /healthz within {limit:g}s")
        time.sleep(0.05)


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(40)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def one_start(var: Path, *, separate: bool, limit: float) -> float:
    env, port = environment(var), free_port()
    key = str(var / "admin.key")
    started = time.perf_counter()
    if separate:
        for step in (["migrate"], ["load-config"], ["ensure-admin-key", "--file", key]):
            subprocess.run([CREDENCE, *step], env=env, check=True, capture_output=True)
        argv = [CREDENCE, "serve", "--port", str(port)]
    else:
        argv = [CREDENCE, "serve", "--setup", "--admin-key-file", key, "--port", str(port)]
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        return until_healthy(proc, port, started, limit)
    finally:
        stop(proc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="starts of each kind")
    parser.add_argument("--limit", type=float, default=180.0, help="seconds before a start fails")
    args = parser.parse_args()
    times: dict[str, list[float]] = {"cold": [], "warm": [], "separate": []}
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="credence-start-") as tmp:
            var = Path(tmp)
            times["cold"].append(one_start(var, separate=False, limit=args.limit))
            # Warm and separate alternate on one var directory, so load drifts hit both.
            times["warm"].append(one_start(var, separate=False, limit=args.limit))
            times["separate"].append(one_start(var, separate=True, limit=args.limit))
        print(" ".join(f"{k} {v[-1]:.2f}s" for k, v in times.items()), flush=True)
    load = os.getloadavg()[0]
    summary = {k: {"median_s": round(statistics.median(v), 2), "runs_s": [round(x, 2) for x in v]}
               for k, v in times.items()}
    summary["loadavg_1min_at_end"] = round(load, 2)  # type: ignore[assignment]
    for kind in ("cold", "warm", "separate"):
        print(f"{kind:>8}: median {summary[kind]['median_s']:.2f}s  ({times[kind]})")
    print(f"load average at the end: {load:.2f} on {os.cpu_count()} cores")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(summary, indent=2) + "\n")


if __name__ == "__main__":
    main()
