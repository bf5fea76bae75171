"""``credence serve`` for real (gunicorn, a worker, a Redis server the test owns): a dead
worker is restarted while the API keeps answering, and the requests gunicorn answers
itself (a request line or header over its limits, a chunked body over ours) get problem
documents like everything else (issue 16, findings 1 and 7)."""

from __future__ import annotations

import json
import os
import signal
import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from sqlalchemy import func, select

from service.models import Article
from tests.support.redis_server import RedisServer
from tests.support.served import Served, serving
from tests.support.signing import article, signed

LIMIT = 4000  # CREDENCE_MAX_BODY_BYTES for these servers


@pytest.fixture
def served(app: Any, env: dict[str, str]) -> Iterator[Served]:
    server = RedisServer().start()
    try:
        extra = {"CREDENCE_REDIS_URL": server.url, "CREDENCE_MAX_BODY_BYTES": str(LIMIT)}
        with serving(env | extra) as running:
            yield running
    finally:
        server.stop()


def raw_request(port: int, head: bytes, body: bytes = b"") -> tuple[int, dict[str, str], bytes]:
    """Send bytes as they are (chunked framing, oversized lines) and read the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(head + body)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
            if b"\r\n\r\n" in data:
                top, _, rest = data.partition(b"\r\n\r\n")
                headers = dict(
                    line.decode().split(": ", 1) for line in top.split(b"\r\n")[1:] if b": " in line
                )
                length = int(headers.get("Content-Length", headers.get("content-length", "-1")))
                if length >= 0 and len(rest) >= length:
                    return int(top.split()[1]), {k.lower(): v for k, v in headers.items()}, rest[:length]
    raise AssertionError(f"no complete answer: {data[:200]!r}")


def chunked(body: bytes, size: int = 1000) -> bytes:
    parts = [
        b"%x\r\n%s\r\n" % (len(body[i : i + size]), body[i : i + size]) for i in range(0, len(body), size)
    ]
    return b"".join(parts) + b"0\r\n\r\n"


def _webhook_head(headers: dict[str, str]) -> bytes:
    lines = [f"{k}: {v}" for k, v in headers.items()]
    return (
        "POST /v1/webhooks/ingest HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n"
        + "".join(line + "\r\n" for line in lines)
        + "\r\n"
    ).encode()


def test_a_chunked_body_over_the_limit_is_413_before_the_signature_check(served: Served) -> None:
    # Chunked and over the limit, unsigned: 413 (the size is checked before the signature).
    status, headers, body = raw_request(
        served.port,
        _webhook_head(
            {
                "content-type": "application/json",
                "webhook-id": "m",
                "webhook-timestamp": str(int(time.time())),
                "webhook-signature": "v1,AAAA",
            }
        ),
        chunked(b"[" + b"1," * LIMIT + b"1]"),
    )
    assert status == 413 and headers["content-type"] == "application/problem+json", (status, body[:200])
    # Chunked and within it, signed: accepted as with a Content-Length.
    data, sig = signed(article(1))
    status, _, body = raw_request(served.port, _webhook_head(sig), chunked(data, 100))
    assert status == 202, body


def test_gunicorn_s_own_errors_are_problem_documents(served: Served) -> None:
    # A long URL (an article URL in a lookup) reaches the app ...
    long_url = "/v1/lookup?url=https://example.com/" + "a" * 6000
    status, headers, _ = raw_request(served.port, f"GET {long_url} HTTP/1.1\r\nHost: t\r\n\r\n".encode())
    assert status == 401 and headers["content-type"] == "application/problem+json"
    # ... and past gunicorn's limits the answer is still a problem document.
    for head, expected in (
        (f"GET /{'a' * 9000} HTTP/1.1\r\nHost: t\r\n\r\n", 414),
        (f"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: {'b' * 20000}\r\n\r\n", 431),
        ("GET /healthz HTTP/1.1\r\nHost: t\r\n" + "".join(f"X-{i}: v\r\n" for i in range(150)) + "\r\n", 431),
    ):
        status, headers, body = raw_request(served.port, head.encode())
        assert status == expected and headers["content-type"] == "application/problem+json", (status, body)
        doc = json.loads(body)
        assert doc["status"] == expected and doc["type"].startswith("https://credence.example/problems/")


def test_a_killed_worker_is_restarted_while_the_api_answers(app: Any, served: Served) -> None:
    worker = served.worker_pid()
    assert worker is not None
    os.kill(worker, signal.SIGKILL)
    answers: list[int] = []
    accepted = []
    deadline = time.monotonic() + 8
    n = 0
    while time.monotonic() < deadline:
        answers.append(requests.get(f"{served.base}/healthz", timeout=5).status_code)
        data, headers = signed(article(n))
        r = requests.post(f"{served.base}/v1/webhooks/ingest", data=data, headers=headers, timeout=5)
        answers.append(r.status_code)
        if r.status_code == 202:
            accepted.append(r.json()["article"])
        n += 1
        time.sleep(0.1)
    assert set(answers) == {200, 202} and served.proc.poll() is None
    restarted = served.worker_pid()
    assert restarted is not None and restarted != worker
    # What was accepted while no worker ran is processed by the new one.
    deadline = time.monotonic() + 60
    while True:
        with app.extensions["credence"].sessions() as s:
            done = s.execute(
                select(func.count()).where(Article.id.in_(accepted), Article.status == "processed")
            ).scalar_one()
        if done == len(accepted):
            break
        assert time.monotonic() < deadline, f"{done} of {len(accepted)} processed"
        time.sleep(0.5)
