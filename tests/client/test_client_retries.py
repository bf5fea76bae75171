"""Retries: 429 and 503 are sent again after the server's Retry-After (a real 429 from
the service's per-key limit; a 503 from a small real HTTP server that answers it twice),
and a Retry-After longer than the client will wait is raised at once. The client's
``sleep`` is recorded instead of slept, so nothing here depends on timing."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from service.client import Credence, IngestSigner, RateLimited, Unavailable
from tests.support.signing import SECRET, article


@pytest.fixture
def flaky() -> Iterator[tuple[str, list[str]]]:
    """A server answering 503 (Retry-After: 2) to its first two requests, then 200."""
    seen: list[str] = []

    @Request.application
    def answer(request: Request) -> Response:
        seen.append(request.path)
        if len(seen) <= 2:
            doc = {"type": "about:blank", "title": "Service Unavailable", "status": 503, "detail": "busy"}
            return Response(
                json.dumps(doc), 503, {"Retry-After": "2"}, content_type="application/problem+json"
            )
        return Response(json.dumps({"id": "x", "name": "X"}), 200, content_type="application/json")

    server = make_server("127.0.0.1", 0, answer, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", seen
    server.shutdown()


def _recorder() -> tuple[list[float], Callable[[float], None]]:
    slept: list[float] = []
    return slept, slept.append


def test_503_is_retried_after_retry_after(flaky: tuple[str, list[str]]) -> None:
    url, seen = flaky
    slept, sleep = _recorder()
    with Credence(url, "k", sleep=sleep) as client:
        assert client.outlet("x")["name"] == "X"
    assert slept == [2.0, 2.0] and seen == ["/v1/outlets/x"] * 3


def test_503_past_the_retries_is_raised(flaky: tuple[str, list[str]]) -> None:
    url, _ = flaky
    slept, sleep = _recorder()
    with Credence(url, "k", retries=1, sleep=sleep) as client, pytest.raises(Unavailable) as down:
        client.outlet("x")
    assert slept == [2.0] and down.value.retry_after == 2.0 and down.value.detail == "busy"


def test_the_services_rate_limit(app: Any, base: str, keys: dict[str, dict[str, str]]) -> None:
    svc = app.extensions["credence"]
    svc.settings = svc.settings.__class__(**{**svc.settings.__dict__, "rate_limit_per_minute": 2})
    key = keys["reader"]["Authorization"].removeprefix("Bearer ")
    slept, sleep = _recorder()
    with Credence(base, key, retries=2, max_wait=60, sleep=sleep) as client:
        client.lookup("https://example.com/")
        client.lookup("https://example.com/")
        with pytest.raises(RateLimited) as limited:
            client.lookup("https://example.com/")
    # Within the same minute the retries meet the limit again; each waited as advised.
    assert len(slept) == 2 and all(0 < s <= 60 for s in slept)
    assert limited.value.retry_after is not None and limited.value.type.endswith("/rate-limited")
    slept.clear()
    with Credence(base, key, max_wait=0, sleep=sleep) as impatient, pytest.raises(RateLimited):
        impatient.lookup("https://example.com/")
    assert slept == []  # a Retry-After past max_wait is not waited out


def test_ingest_through_the_client(base: str) -> None:
    signer = IngestSigner(SECRET)
    with Credence(base) as pipeline:
        first = pipeline.ingest(article(3)["article"], signer, webhook_id="msg_client_1")
        again = pipeline.ingest(article(3)["article"], signer, webhook_id="msg_client_1")
    assert first.status == "accepted" and first.article and first.http_status == 202
    assert again.status == "duplicate" and again.article == first.article
