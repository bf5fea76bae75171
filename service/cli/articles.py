"""``credence extract`` (read articles with the extractor, touching no database) and
``credence reextract`` (process stored articles again after the extractor changed)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import click
from flask.cli import with_appcontext


def _articles(path: Path) -> Iterator[dict[str, Any]]:
    """One article (plain text, or a JSON object with ``text``) or a JSON Lines file of
    them."""
    raw = path.read_text(encoding="utf-8")
    stripped = raw.lstrip()
    if not stripped.startswith("{"):
        yield {"text": raw}
        return
    try:
        item = json.loads(raw)
    except json.JSONDecodeError:
        for number, line in enumerate(raw.splitlines(), 1):
            if line.strip():
                try:
                    item = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise click.BadParameter(f"line {number}: {exc}", param_hint="FILE") from exc
                yield _object(item, number)
        return
    yield _object(item, 1)


def _object(item: Any, number: int) -> dict[str, Any]:
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        raise click.BadParameter(
            f"line {number}: an article is an object with a 'text' string", param_hint="FILE"
        )
    return item


@click.command("extract")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="one JSON object per article on stdout")
@click.option(
    "--config-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="outlets (names, aliases, domains) to resolve sources with (default: config/)",
)
def extract_cmd(file: Path, as_json: bool, config_dir: Path | None) -> None:
    """Extract the claims of an article (plain text, a JSON object with text, title, url,
    outlet, or a JSON Lines file of them) and print them; the database is not touched.
    Sources resolve against the outlets of config/outlets.yaml."""
    import yaml
    from tqdm import tqdm

    from service.store.settings import config_dir as default_config_dir
    from workers.extraction import AliasIndex, extract_article

    outlets_file = (config_dir or default_config_dir()) / "outlets.yaml"
    listed = yaml.safe_load(outlets_file.read_text()) if outlets_file.is_file() else None
    outlets = (listed or {}).get("outlets", [])
    resolver = AliasIndex(outlets)
    items = list(_articles(file))
    for item in tqdm(items, desc="extract", unit="article", file=sys.stderr, disable=len(items) < 2):
        found = extract_article(
            item["text"],
            title=item.get("title"),
            url=item.get("url"),
            html=item.get("text_format") == "html",
            resolver=resolver,
        )
        if as_json:
            click.echo(json.dumps(found.to_dict(), ensure_ascii=False))
            continue
        head = item.get("url") or item.get("title") or file.name
        reason = f" — {found.skipped_reason}" if found.skipped_reason else ""
        click.echo(f"{head}: {len(found.claims)} claims ({found.language or 'language unknown'}){reason}")
        for c in found.claims:
            who = c.source or "(the publisher)"
            resolved = f" → {c.origin}" if c.origin else ""
            via = f" via {', '.join(c.via)}" if c.via else ""
            flags = ", ".join(f for f, on in (("hedged", c.hedged), (c.stance, c.stance != "supports")) if on)
            flagged = f" ({flags})" if flags else ""
            click.echo(f"  [{c.start}:{c.end}] {who}{resolved}{via}{flagged}: {c.text}")


@click.command("reextract")
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]),
    default=None,
    help="every article received since this date (UTC), whatever extracted it",
)
@with_appcontext
def reextract_cmd(since: datetime | None) -> None:
    """Process stored articles again: those the current extractor has not read (or, with
    --since, every article received since DATE). Their extracted appearances are
    replaced, never duplicated; the pipeline's claims are kept."""
    from datetime import UTC

    from service.http.services import services
    from service.jobs.enqueue import enqueue_articles
    from service.records.articles import requeue_for_extraction
    from service.store.db import transaction
    from workers.extraction import EXTRACTOR_VERSION

    svc = services()
    with transaction(svc.sessions) as session:
        ids = requeue_for_extraction(
            session, EXTRACTOR_VERSION, since.replace(tzinfo=UTC) if since is not None else None
        )
    jobs = enqueue_articles(svc.redis, svc.settings, ids) if ids else []
    click.echo(f"{len(ids)} articles queued for extraction ({len(jobs)} jobs)", err=True)
