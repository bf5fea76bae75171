"""``credence ingest FILE.jsonl``: post articles to the ingest webhook exactly as a real
ingest pipeline does (Standard Webhooks signature, one delivery per line), through the
client's signer and sender (``service.client``), which pipelines written in Python use too.

A client: it needs the URL and a signing secret, not the database. Each line is an
``article`` object or a full body with ``type``; a line's ``id`` becomes its
``webhook-id`` (so re-sending a file is idempotent), otherwise a fresh id is made. Each
delivery is reported on stdout as it completes (``--json``: one object per line), the
progress bar and the totals on stderr.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import click
import requests
from tqdm import tqdm

from service.client.ingest import Delivery, deliver
from service.client.signing import IngestSigner, new_webhook_id
from service.store.settings import load_settings


def _prepare(line: str) -> tuple[str, bytes]:
    """The webhook-id and the exact bytes to sign and send for one line."""
    item = json.loads(line)
    if not isinstance(item, dict):
        raise ValueError("a line must be a JSON object")
    msg_id = str(item.pop("id", None) or new_webhook_id())
    body = item if "type" in item else {"type": "article.ingested", "article": item}
    return msg_id, json.dumps(body, separators=(",", ":")).encode()


def _secrets(given: str | None) -> list[str]:
    """``--secret`` (or ``CREDENCE_INGEST_SECRET``), else the secrets the server itself
    reads: ``CREDENCE_INGEST_SECRETS`` over ``config/settings.yaml``, every one of them
    signing (the server takes a delivery any of its secrets verifies)."""
    if given:
        return [given]
    found = list(load_settings().ingest_secrets)
    if not found:
        raise click.UsageError("no signing secret: give --secret, or set CREDENCE_INGEST_SECRETS")
    return found


def _report(number: int, done: Delivery, as_json: bool) -> str:
    if as_json:
        record: dict[str, Any] = {"line": number, "webhook_id": done.webhook_id, "status": done.status}
        record |= {"article": done.article, "http_status": done.http_status, "error": done.error}
        return json.dumps(record)
    what = done.article or "-"
    return f"line {number}: {done.status} {what}" + (f" ({done.error})" if done.error else "")


@click.command("ingest")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--url", envvar="CREDENCE_INGEST_URL", required=True, help="the /v1/webhooks/ingest URL")
@click.option(
    "--secret",
    envvar="CREDENCE_INGEST_SECRET",
    default=None,
    help="whsec_… signing secret (default: every one in CREDENCE_INGEST_SECRETS, as the server reads them)",
)
@click.option("--json", "as_json", is_flag=True, help="one JSON object per delivery on stdout")
@click.option("--retries", default=5, show_default=True, help="retries on connection errors, 429 and 5xx")
@click.option("--timeout", default=30.0, show_default=True, help="seconds per request")
def ingest_cmd(file: Path, url: str, secret: str | None, as_json: bool, retries: int, timeout: float) -> None:
    """Post each line of FILE (JSON Lines) to the ingest webhook, signed; print each
    article's id and status as it goes."""
    try:
        signer = IngestSigner(_secrets(secret))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--secret") from exc
    lines = [(n, line) for n, line in enumerate(file.read_text().splitlines(), 1) if line.strip()]
    counts: Counter[str] = Counter()
    with requests.Session() as session:
        for number, line in tqdm(lines, desc="ingest", unit="article", file=sys.stderr):
            try:
                msg_id, body = _prepare(line)
            except ValueError as exc:
                done = Delivery(None, "failed", error=f"not a JSON object: {exc}")
            else:
                done = deliver(session, url, signer, msg_id, body, retries=retries, timeout=timeout)
            counts[done.status] += 1
            # Through tqdm, so a line printed to a terminal does not tear the bar.
            tqdm.write(_report(number, done, as_json), file=sys.stdout)
    click.echo(
        f"accepted {counts['accepted']}, duplicate {counts['duplicate']}, failed {counts['failed']}",
        err=True,
    )
    if counts["failed"]:
        sys.exit(1)
