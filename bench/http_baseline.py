"""The baseline for ``bench.http_bench``: the least a Flask app can do per request with
Redis — one GET, returned as JSON. Served by the same gunicorn as Credence:

    gunicorn -w 2 -b 127.0.0.1:PORT bench.http_baseline:app
"""

from __future__ import annotations

import os

from flask import Flask, Response
from redis import Redis

KEY = "bench:key"

app = Flask(__name__)
# Same client options as Credence's own connection (service.store.redis_conn.connect).
_redis = Redis.from_url(
    os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
    socket_timeout=5, socket_connect_timeout=2, health_check_interval=30,
)


@app.get("/")
def value() -> Response:
    data = _redis.get(KEY)
    if data is None:
        return Response('{"error": "bench:key is not set"}', status=500,
                        mimetype="application/json")
    return Response(data, mimetype="application/json")
