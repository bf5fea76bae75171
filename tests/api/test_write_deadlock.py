"""A request's transaction chosen as a deadlock's victim runs again (PostgreSQL): the
schemathesis run met one for real, a claim write against a worker scoring a batch of
claims, and answered 500. Here the deadlock is made for real with a second connection."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from sqlalchemy import text, update
from sqlalchemy.orm import Session

from service.http.work import write
from service.jobs.effects import Effects
from service.models import Claim


def test_a_write_chosen_as_deadlock_victim_runs_again(app: Any, client: Any, keys: Any) -> None:
    svc = app.extensions["credence"]
    if svc.settings.is_sqlite:
        pytest.skip("SQLite has one writer at a time: no deadlocks")
    c1, c2 = (
        client.post("/v1/claims", json={"text": f"Claim {i}."}, headers=keys["editor"]).json["id"]
        for i in (1, 2)
    )
    locked_c1 = threading.Event()
    runs = []

    def other() -> None:
        with svc.engine.connect() as conn:
            conn.execute(text("UPDATE claims SET revision = revision WHERE id = :c"), {"c": c2})
            locked_c1.wait(10)
            time.sleep(0.3)  # the request waits on c2 first, so it is the one to find the cycle
            conn.execute(text("UPDATE claims SET revision = revision WHERE id = :c"), {"c": c1})
            conn.commit()

    def fn(session: Session) -> tuple[int, Effects]:
        runs.append(1)
        session.execute(update(Claim).where(Claim.id == c1).values(revision=Claim.revision + 1))
        session.flush()
        locked_c1.set()
        session.execute(update(Claim).where(Claim.id == c2).values(revision=Claim.revision + 1))
        return len(runs), Effects()

    thread = threading.Thread(target=other)
    thread.start()
    result, _ = write(fn)
    thread.join(20)
    assert len(runs) == 2 and result == 2  # rolled back once as the victim, then committed
