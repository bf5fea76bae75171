"""``credence ingest FILE.jsonl``: post articles to the ingest webhook exactly as a real
ingest pipeline does (Standard Webhooks signature, one delivery per line).

A client: it needs the URL and a signing secret, not the database. Each line is an
``article`` object or a full body with ``type``; a line's ``id`` becomes its
``webhook-id`` (so re-sending a file is idempotent), otherwise a fresh id is made.
"""

from __future__ import annotations

import json
import sys
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
import requests
from standardwebhooks.webhooks import Webhook
from tqdm import tqdm


def _prepare(line: str) -> tuple[str, bytes]:
    """The webhook-id and the exact bytes to sign and send for one line."""
    item = json.loads(line)
    if not isinstance(item, dict):
        raise ValueError("a line must be a JSON object")
    msg_id = str(item.pop("id", None) or f"msg_{uuid.uuid4().hex}")
    body = item if "type" in item else {"type": "article.ingested", "article": item}
    return msg_id, json.dumps(body, separators=(",", ":")).encode()


def post_one(
    session: requests.Session, url: str, hook: Webhook, msg_id: str, body: bytes, retries: int, timeout: float
) -> tuple[str, str]:
    """("accepted" | "duplicate" | "failed", detail). Connection errors and 5xx are
    retried with exponential back-off; the same webhook-id makes a retry safe."""
    detail = ""
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(min(0.5 * 2 ** (attempt - 1), 30.0))
        now = datetime.now(UTC)  # re-signed per attempt: the timestamp must be fresh
        headers = {
            "content-type": "application/json",
            "webhook-id": msg_id,
            "webhook-timestamp": str(int(now.timestamp())),
            "webhook-signature": hook.sign(msg_id, now, body.decode()),
        }
        try:
            resp = session.post(url, data=body, headers=headers, timeout=timeout)
        except requests.RequestException as exc:
            detail = f"{type(exc).__name__}: {exc}"
            continue
        if resp.status_code >= 500 or resp.status_code == 429:
            detail = f"HTTP {resp.status_code}"
            continue
        if resp.status_code in (200, 202):
            status = str(resp.json().get("status", "accepted"))
            return ("duplicate" if status == "duplicate" else "accepted"), status
        try:
            detail = json.dumps(resp.json().get("errors") or resp.json().get("detail"))
        except ValueError:
            detail = resp.text[:300]
        return "failed", f"HTTP {resp.status_code}: {detail}"
    return "failed", detail


@click.command("ingest")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--url", envvar="CREDENCE_INGEST_URL", required=True, help="the /v1/webhooks/ingest URL")
@click.option(
    "--secret", envvar="CREDENCE_INGEST_SECRET", required=True, help="whsec_… signing secret (or env)"
)
@click.option("--retries", default=5, show_default=True, help="retries on connection errors and 5xx")
@click.option("--timeout", default=30.0, show_default=True, help="seconds per request")
def ingest_cmd(file: Path, url: str, secret: str, retries: int, timeout: float) -> None:
    """Post each line of FILE (JSON Lines) to the ingest webhook, signed."""
    try:
        hook = Webhook(secret)
    except Exception as exc:
        raise click.BadParameter("not a whsec_… secret", param_hint="--secret") from exc
    lines = [(n, line) for n, line in enumerate(file.read_text().splitlines(), 1) if line.strip()]
    counts: Counter[str] = Counter()
    with requests.Session() as session:
        for number, line in tqdm(lines, desc="ingest", unit="article", file=sys.stderr):
            try:
                msg_id, body = _prepare(line)
            except ValueError as exc:
                outcome, detail = "failed", f"not a JSON object: {exc}"
            else:
                outcome, detail = post_one(session, url, hook, msg_id, body, retries, timeout)
            counts[outcome] += 1
            if outcome == "failed":
                tqdm.write(f"line {number}: {detail}", file=sys.stderr)
    summary: dict[str, Any] = {k: counts[k] for k in ("accepted", "duplicate", "failed")}
    click.echo(
        f"accepted {summary['accepted']}, duplicate {summary['duplicate']}, failed {summary['failed']}",
        err=True,
    )
    if counts["failed"]:
        sys.exit(1)
