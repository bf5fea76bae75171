"""A real HTTP receiver and immediate RQ retries, so a burst worker runs every delivery
attempt without sleeping."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.receiver import Receiver, receiving


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with receiving() as rec:
        yield rec


@pytest.fixture
def env(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setenv("CREDENCE_JOB_RETRY_INTERVALS", "0,0,0")
    monkeypatch.setenv("CREDENCE_CALLBACK_TIMEOUT_SECONDS", "2")
    return env | {"CREDENCE_JOB_RETRY_INTERVALS": "0,0,0", "CREDENCE_CALLBACK_TIMEOUT_SECONDS": "2"}
