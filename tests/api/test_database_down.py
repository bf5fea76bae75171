"""A database that cannot be reached (a restart, terminated backends) is a dependency's
outage: 503 with Retry-After and a problem document — nothing acknowledged, a retry will
do — not a 500 with a traceback (found by the fault suite's terminated backends)."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from service import create_app
from tests.support.signing import article, signed

UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/nowhere?connect_timeout=1"


def test_an_unreachable_database_is_503(env: dict[str, str], caplog: Any) -> None:
    down = create_app({"log_json": False, "database_url": UNREACHABLE})
    client = down.test_client()
    try:
        token = "crd_0123456789ab_" + "a" * 43  # well-formed: its record is looked up
        for r in (
            client.get("/v1/outlets", headers={"Authorization": f"Bearer {token}"}),
            client.post("/v1/webhooks/ingest", data=(sig := signed(article(1)))[0], headers=sig[1]),
        ):
            assert r.status_code == 503 and r.content_type == "application/problem+json", r.get_data()
            assert r.headers["Retry-After"] == "1"
        assert not [rec for rec in caplog.records if rec.exc_info or rec.levelno >= logging.ERROR]
        ready = client.get("/readyz")
        assert ready.status_code == 503 and ready.json["checks"]["database"].startswith("down")
    finally:
        down.extensions["credence"].engine.dispose()


@pytest.fixture(autouse=True)
def _quiet(caplog: Any) -> None:
    caplog.set_level(logging.WARNING)
