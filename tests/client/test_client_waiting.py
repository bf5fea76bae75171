"""Waiting: a score not yet computed (202 + Location of its job) and a search still
running (202 + Location of its result) are polled until the answer is there, while a
real RQ worker works the queue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from service.client import Credence, WaitTimeout

GAZETTE = {"name": "Example Gazette", "kind": "news", "domains": ["gazette.example.com"]}
TANF = "US forces trained ISIS fighters at the al-Tanf base in Syria"


def test_a_score_not_yet_computed_is_waited_for(
    clients: dict[str, Credence], while_working: Callable[[Callable[[], Any]], Any]
) -> None:
    reader = clients["reader"]
    clients["editor"].put_outlet("gazette", GAZETTE)
    # No worker has run: the first answer is a 202, and the client gives up when told to.
    with pytest.raises(WaitTimeout):
        reader.outlet_score("gazette", wait=0.1)
    score = while_working(lambda: reader.outlet_score("gazette"))
    assert score["outlet"] == "gazette" and 0 <= score["score"] <= 100 and score["label"]
    assert score["explanation"]
    job = reader.wait_job("score-outlet--gazette")
    assert job["status"] == "finished"


def test_a_search_still_running_is_polled(
    app: Any, clients: dict[str, Credence], run_jobs: Any, while_working: Callable[[Callable[[], Any]], Any]
) -> None:
    editor, reader = clients["editor"], clients["reader"]
    claim = editor.create_claim(
        TANF, appearances=[{"outlet": "paper-a.example.org", "url": "https://paper-a.example.org/1"}]
    )
    run_jobs()
    svc = app.extensions["credence"]
    svc.settings = svc.settings.__class__(**{**svc.settings.__dict__, "search_wait_seconds": 0})
    found = while_working(
        lambda: reader.search_claims("U.S. troops trained Islamic State militants at al-Tanf.")
    )
    assert found["items"][0]["claim"]["id"] == claim["id"] and found["items"][0]["probability"] > 0.5
    similar = while_working(lambda: reader.similar_claims(claim["id"], limit=3))
    assert claim["id"] not in [i["claim"]["id"] for i in similar["items"]]
