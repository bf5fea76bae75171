"""``credence demo``: the canonical example for real. The five seed articles are posted as
a pipeline posts them — text only, through the signed webhook — into a database and a
Redis of the demo's own (``var/demo/``, so a running service is never touched), the
workers extract, match and score, and the table shows what came out."""

from __future__ import annotations

import base64
import json
import os
import secrets
import sys
from pathlib import Path
from typing import Any

import click


def _signed(secret: str, body: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
    from datetime import UTC, datetime

    from standardwebhooks.webhooks import Webhook

    data = json.dumps(body).encode()
    msg_id, now = f"msg_demo_{secrets.token_hex(8)}", datetime.now(UTC)
    headers = {
        "content-type": "application/json",
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Webhook(secret).sign(msg_id, now, data.decode()),
    }
    return data, headers


@click.command("demo")
@click.option("--database-url", default=None, help="a database of your own (default: var/demo/credence.db)")
@click.option("--redis-url", default=None, help="a Redis of your own (default: an embedded one in var/demo/)")
@click.option("--seeds", "seeds_dir", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option("--all", "show_all", is_flag=True, help="every claim, not only those seen more than once")
def demo_cmd(database_url: str | None, redis_url: str | None, seeds_dir: Path | None, show_all: bool) -> None:
    """The canonical example: the seed articles posted as text through the signed
    webhook, extracted, matched and scored by a real worker; prints the table."""
    from rq import SimpleWorker

    from service import create_app
    from service.files.config import apply_config_files
    from service.files.demo import claim_table, render, seed_articles
    from service.jobs.enqueue import enqueue_effects, worker_queues
    from service.store.db import migrate
    from service.store.redis_conn import ensure_embedded
    from service.store.settings import var_dir
    from workers.context import reset
    from workers.dispatch import drain_inbox

    seeds = seed_articles(seeds_dir)
    if not seeds:
        raise click.ClickException("the seed articles were not found (set CREDENCE_SEEDS_DIR or --seeds)")
    home = var_dir() / "demo"
    home.mkdir(parents=True, exist_ok=True)
    if database_url is None:
        (home / "credence.db").unlink(missing_ok=True)  # a fresh run every time
        database_url = f"sqlite:///{home / 'credence.db'}"
    redis_url = redis_url or ensure_embedded(home)
    secret = "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()
    # The worker code in this process reads its settings from the environment.
    os.environ.update(
        CREDENCE_DATABASE_URL=database_url,
        CREDENCE_REDIS_URL=redis_url,
        CREDENCE_QUEUE_NAME="credence-demo",
        CREDENCE_INGEST_SECRETS=secret,
    )
    reset()
    migrate(database_url)
    app = create_app()
    svc = app.extensions["credence"]
    svc.redis.flushdb() if redis_url.startswith("unix://") else None
    _, effects = apply_config_files(svc.sessions, None)
    enqueue_effects(svc.redis, svc.settings, effects)
    client = app.test_client()
    for seed in seeds:
        data, headers = _signed(secret, {"type": "article.ingested", "article": seed})
        answer = client.post("/v1/webhooks/ingest", data=data, headers=headers)
        if answer.status_code != 202:
            raise click.ClickException(f"{seed['url']}: {answer.status_code} {answer.get_data(as_text=True)}")
        click.echo(f"posted {seed['url']}", err=True)
    svc.flush_inbox()
    click.echo("extracting, matching and scoring...", err=True)
    while drain_inbox(svc.redis, svc.settings) or any(len(q) for q in worker_queues(svc.redis, svc.settings)):
        worker = SimpleWorker(worker_queues(svc.redis, svc.settings), connection=svc.redis)
        worker.work(burst=True, with_scheduler=False, logging_level="WARNING")
    click.echo(render(claim_table(svc.sessions, minimum=1 if show_all else 2)))
    click.echo(f"\n(database {database_url}; nothing written elsewhere)", err=True)
    sys.stdout.flush()
