"""``credence ingest``: the sender tool against the real API served over HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from service.models import Article, WebhookDelivery
from tests.support.signing import OTHER, SECRET, article


def run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    exe = os.path.join(os.path.dirname(sys.executable), "credence")
    return subprocess.run(
        [exe, "ingest", *args], env=os.environ | env, capture_output=True, text=True, timeout=120, check=False
    )


def test_ingest_file_signed_with_summary(app: Any, env: dict[str, str], served: str, tmp_path: Path) -> None:
    lines = [
        json.dumps(article(1)["article"]),  # a bare article object
        json.dumps(article(2) | {"id": "msg_line_two"}),  # a full body carrying its webhook-id
        "",
        json.dumps({"url": "not a url", "outlet": "x.example"}),  # invalid: 422, counted as failed
        "{broken json",
    ]
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n")
    done = run_cli(env, str(path), "--url", served, "--secret", SECRET, "--retries", "0")
    assert done.returncode == 1, done.stderr
    assert "accepted 2, duplicate 0, failed 2" in done.stderr
    assert "ingest:" in done.stderr  # the tqdm bar
    # Each delivery on stdout as it completes: its line, status and the stored article's id.
    with app.extensions["credence"].sessions() as s:
        ids = {a.url: a.id for a in s.execute(select(Article)).scalars()}
    out = done.stdout.splitlines()
    assert out[0] == f"line 1: accepted {ids[article(1)['article']['url']]}"
    assert out[1] == f"line 2: accepted {ids[article(2)['article']['url']]}"
    assert out[2].startswith("line 4: failed - (HTTP 422: ") and "url" in out[2]
    assert out[3].startswith("line 5: failed - (not a JSON object: ")
    assert len(out) == 4
    # Sending again: the line with an id is a duplicate, the other gets a fresh id and
    # updates the same article (same URL) instead of duplicating it.
    path.write_text("\n".join(lines[:2]) + "\n")
    again = run_cli(env, str(path), "--url", served, "--secret", SECRET, "--json")
    assert again.returncode == 0, again.stderr
    assert "accepted 1, duplicate 1, failed 0" in again.stderr
    records = [json.loads(x) for x in again.stdout.splitlines()]
    assert [(r["line"], r["status"], r["article"]) for r in records] == [
        (1, "accepted", ids[article(1)["article"]["url"]]),
        (2, "duplicate", ids[article(2)["article"]["url"]]),
    ]
    assert records[1]["webhook_id"] == "msg_line_two" and records[1]["http_status"] == 200
    assert records[0]["webhook_id"].startswith("msg_") and records[0]["error"] is None
    with app.extensions["credence"].sessions() as s:
        assert s.execute(select(func.count()).select_from(Article)).scalar_one() == 2
        assert s.execute(select(func.count()).select_from(WebhookDelivery)).scalar_one() == 3


def test_wrong_secret_fails_and_unreachable_server_is_retried(
    env: dict[str, str], served: str, tmp_path: Path
) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(article(1)["article"]) + "\n")
    other = "whsec_b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldC1vdGhlcg=="
    done = run_cli(env, str(path), "--url", served, "--secret", other)
    assert done.returncode == 1 and "HTTP 401" in done.stdout
    down = run_cli(
        env, str(path), "--url", "http://127.0.0.1:1/v1/webhooks/ingest", "--secret", SECRET, "--retries", "2"
    )
    assert down.returncode == 1 and "ConnectionError" in down.stdout and "failed 1" in down.stderr


def test_secret_defaults_to_the_servers_setting(env: dict[str, str], served: str, tmp_path: Path) -> None:
    """No --secret: every secret of CREDENCE_INGEST_SECRETS signs, as the server reads them
    (during a rotation the server may hold either)."""
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(article(1)["article"]) + "\n")
    both = {"CREDENCE_INGEST_SECRETS": f"{OTHER}, {SECRET}"}
    done = run_cli(env | both, str(path), "--url", served, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "accepted"
    # The server holds only SECRET; signing with OTHER alone is refused.
    wrong = run_cli(env | {"CREDENCE_INGEST_SECRETS": OTHER}, str(path), "--url", served)
    assert wrong.returncode == 1 and "HTTP 401" in wrong.stdout
    none = run_cli(env | {"CREDENCE_INGEST_SECRETS": ""}, str(path), "--url", served)
    assert none.returncode == 2 and "CREDENCE_INGEST_SECRETS" in none.stderr
