"""``credence serve``: gunicorn + one RQ worker in the foreground, stopped together."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from service.store.redis_conn import ensure_embedded, stop_embedded
from service.store.settings import load_settings, var_dir


def serve(host: str, port: int, web_workers: int) -> int:
    settings = load_settings()
    env = dict(os.environ)
    # The embedded Redis belongs to this run (setup commands may have started it first):
    # it holds only queues and cache, so stopping it with the service loses nothing.
    embedded = settings.redis_url == "embedded"
    if embedded:
        env["REDIS_URL"] = ensure_embedded(var_dir())
        print(f"embedded redis at {env['REDIS_URL']}", file=sys.stderr)
    metrics_dir = tempfile.mkdtemp(prefix="credence-metrics-")
    env["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
    bindir = os.path.dirname(sys.executable)
    web = subprocess.Popen(
        [
            os.path.join(bindir, "gunicorn"),
            "--workers",
            str(web_workers),
            "--bind",
            f"{host}:{port}",
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "10",
            "service:create_app()",
        ],
        env=env,
    )
    worker = subprocess.Popen([os.path.join(bindir, "credence"), "worker"], env=env)
    print(f"serving on http://{host}:{port} (Ctrl-C stops)", file=sys.stderr)
    stopping = False

    def stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    code = 0
    try:
        while not stopping:
            for proc, name in ((web, "gunicorn"), (worker, "worker")):
                if proc.poll() is not None:
                    print(f"{name} exited with {proc.returncode}; stopping", file=sys.stderr)
                    code = proc.returncode or 1
                    stopping = True
            time.sleep(0.2)
    finally:
        for proc in (web, worker):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in (web, worker):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        if embedded:
            stop_embedded(var_dir())
        shutil.rmtree(metrics_dir, ignore_errors=True)
        print("stopped", file=sys.stderr)
    return code
