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
from tests.support.signing import SECRET, article


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
    assert "line 4: HTTP 422" in done.stderr and "line 5:" in done.stderr
    assert "ingest:" in done.stderr  # the tqdm bar
    # Sending again: the line with an id is a duplicate, the other gets a fresh id and
    # updates the same article (same URL) instead of duplicating it.
    path.write_text("\n".join(lines[:2]) + "\n")
    again = run_cli(env, str(path), "--url", served, "--secret", SECRET)
    assert again.returncode == 0, again.stderr
    assert "accepted 1, duplicate 1, failed 0" in again.stderr
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
    assert done.returncode == 1 and "HTTP 401" in done.stderr
    down = run_cli(
        env, str(path), "--url", "http://127.0.0.1:1/v1/webhooks/ingest", "--secret", SECRET, "--retries", "2"
    )
    assert down.returncode == 1 and "ConnectionError" in down.stderr and "failed 1" in down.stderr
