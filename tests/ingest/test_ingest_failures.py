"""A failing article job records why, counts the attempt and re-raises so RQ retries."""

from __future__ import annotations

from typing import Any

import pytest
from rq.registry import FailedJobRegistry

import service.records.articles as records
from tests.ingest.helpers import article, post


@pytest.fixture
def env(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    # Immediate retries, so a burst worker runs every attempt without sleeping.
    monkeypatch.setenv("CREDENCE_JOB_RETRY_INTERVALS", "0,0")
    return env | {"CREDENCE_JOB_RETRY_INTERVALS": "0,0"}


def test_failure_is_recorded_retried_and_recoverable(
    app: Any, client: Any, keys: Any, redis: Any, run_jobs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    real = records.resolve_ref

    def broken(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        raise RuntimeError("outlet directory unavailable")

    monkeypatch.setattr(records, "resolve_ref", broken)
    art = post(client, article(1)).json["article"]
    run_jobs()
    assert len(calls) == 3  # the first run and two retries
    body = client.get(f"/v1/articles/{art}", headers=keys["reader"]).json
    assert body["status"] == "failed" and body["attempts"] == 3
    assert body["error"] == "RuntimeError: outlet directory unavailable"
    svc = app.extensions["credence"]
    assert f"process-article--{art}" in FailedJobRegistry(svc.settings.queue_name, connection=redis)
    # Once the cause is fixed, a re-delivery of the article processes it.
    monkeypatch.setattr(records, "resolve_ref", real)
    assert post(client, article(1)).status_code == 202
    run_jobs()
    body = client.get(f"/v1/articles/{art}", headers=keys["reader"]).json
    assert body["status"] == "processed" and body["error"] is None and all(c["claim"] for c in body["claims"])
