"""``POST /v1/analyze``: a draft's claims, their sources' reliability and the known
claims they are, computed by a real worker on real Redis and saving nothing."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import func, select

from service.models import Appearance, Article, Claim, ExtractedClaim, Outlet
from tests.support.processes import running_worker

DRAFT = (
    "Kremlin denies troop build-up\n\n"
    "The SVR said that US forces trained militants at the al-Tanf base in Syria. "
    "Kyiv rejected the allegation on Tuesday, calling it baseless."
)


def _counts(app: Any) -> tuple[int, ...]:
    with app.extensions["credence"].sessions() as session:
        return tuple(
            session.execute(select(func.count()).select_from(m)).scalar_one()
            for m in (Article, Claim, Appearance, ExtractedClaim, Outlet)
        )


def test_analyze_answers_sources_and_saves_nothing(
    app: Any, client: Any, keys: Any, apply_config_files: Any, run_jobs: Any
) -> None:
    apply_config_files()
    run_jobs()
    before = _counts(app)
    # No worker yet: the request waits its bounded time, then names the job to poll.
    app.extensions["credence"].settings = app.extensions["credence"].settings.__class__(
        **{**app.extensions["credence"].settings.__dict__, "analyze_wait_seconds": 0.5}
    )
    r = client.post("/v1/analyze", json={"text": DRAFT, "outlet": "reuters"}, headers=keys["reader"])
    assert r.status_code == 202 and r.headers["Location"] == f"/v1/analyze/{r.json['job']}"
    again = client.post("/v1/analyze", json={"text": DRAFT, "outlet": "reuters"}, headers=keys["reader"])
    assert again.json["job"] == r.json["job"]  # the same draft asked twice is one job
    run_jobs()  # a real worker, which takes the interactive queue first
    done = client.get(r.headers["Location"], headers=keys["reader"])
    assert done.status_code == 200, done.json
    body = done.json
    assert body["language"] == "en" and body["publisher"]["outlet"] == "reuters"
    by_source = {c["source"]: c for c in body["claims"]}
    svr = by_source["The SVR"]
    assert svr["origin"] == "ru-svr" and svr["source_reliability"]["network"] == "russian-state"
    assert svr["text"].startswith("US forces trained militants")
    kyiv = next(c for c in body["claims"] if c["source"] and "Kyiv" in c["source"])
    assert kyiv["stance"] == "refutes"
    assert _counts(app) == before  # nothing saved


def test_analyze_refuses_bad_drafts(client: Any, keys: Any) -> None:
    r = client.post("/v1/analyze", json={"text": "  "}, headers=keys["reader"])
    assert r.status_code == 422 and "text" in r.json["errors"]
    r = client.post("/v1/analyze", json={"text": "x", "format": "pdf"}, headers=keys["reader"])
    assert r.status_code == 422 and "format" in r.json["errors"]
    assert client.post("/v1/analyze", json={"text": "x"}).status_code == 401
    assert client.get("/v1/analyze/not-an-analysis", headers=keys["reader"]).status_code == 404


def test_analyze_waits_for_a_running_worker(
    app: Any, client: Any, keys: Any, env: dict[str, str], apply_config_files: Any, run_jobs: Any
) -> None:
    apply_config_files()
    run_jobs()
    with running_worker(env):
        r = client.post("/v1/analyze", json={"text": DRAFT}, headers=keys["reader"])
        if r.status_code == 202:  # the worker was still loading its model: poll, as a client would
            deadline = time.monotonic() + 60
            while r.status_code == 202 and time.monotonic() < deadline:
                time.sleep(0.5)
                r = client.get(f"/v1/analyze/{r.json['job']}", headers=keys["reader"])
        assert r.status_code == 200, r.json
        warm = client.post("/v1/analyze", json={"text": DRAFT + " More."}, headers=keys["reader"])
        assert warm.status_code == 200  # a warm worker answers within the request's wait
    assert {c["origin"] for c in r.json["claims"]} >= {"ru-svr"}
