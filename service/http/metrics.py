"""Prometheus metrics: request counts and latency by endpoint and status.

Under gunicorn, ``PROMETHEUS_MULTIPROC_DIR`` makes every worker write to shared files and
``/metrics`` aggregates them; without it the process registry is used.
"""

from __future__ import annotations

import os
import time
from typing import Any

from flask import Flask, Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

REQUESTS = Counter("credence_http_requests_total", "HTTP requests", ["method", "endpoint", "status"])
LATENCY = Histogram(
    "credence_http_request_seconds",
    "HTTP request latency",
    ["method", "endpoint", "status"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)


_children: dict[tuple[str, str, str], tuple[Any, Any]] = {}
# Anyone can send any method name; each distinct label value is a new set of series kept
# for the life of the process (and of the multiprocess files). Unknown ones share one.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
OTHER_METHOD = "other"


def _observe_request(method: str, endpoint: str, status: str, seconds: float) -> None:
    # Resolving label children costs more than the increment itself; keep them.
    key = (method, endpoint, status)
    pair = _children.get(key)
    if pair is None:
        pair = _children[key] = (REQUESTS.labels(*key), LATENCY.labels(*key))
    pair[0].inc()
    pair[1].observe(seconds)


def init_app(app: Flask) -> None:
    @app.before_request
    def _start() -> None:
        g.t0 = time.perf_counter()

    @app.after_request
    def _observe(response: Response) -> Response:
        t0 = g.get("t0")
        if t0 is not None:
            endpoint = request.url_rule.rule if request.url_rule else "unmatched"
            method = request.method if request.method in METHODS else OTHER_METHOD
            _observe_request(method, endpoint, str(response.status_code), time.perf_counter() - t0)
        return response


def render() -> Response:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        data = generate_latest(registry)
    else:
        data = generate_latest()
    return Response(data, mimetype=CONTENT_TYPE_LATEST)
