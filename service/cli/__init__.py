"""The ``credence`` command: setup, keys, config, serving, workers, maintenance. The
composition root: it may import anything (it starts workers and the web tier); nothing
imports it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from service import create_app
from service.cli.articles import extract_cmd, reextract_cmd
from service.cli.demo import demo_cmd
from service.cli.ingest import ingest_cmd
from service.http.services import services
from service.store.db import migrate as run_migrations
from service.store.db import transaction


def _app() -> object:
    return create_app()


@click.group(
    cls=FlaskGroup,
    create_app=_app,
    add_default_commands=False,
    add_version_option=False,
    load_dotenv=False,
    set_debug_flag=False,
)
def main() -> None:
    """Credence: source reliability and claim corroboration for newsrooms."""


@main.command("migrate")
@with_appcontext
def migrate_cmd() -> None:
    """Apply database migrations (idempotent)."""
    run_migrations(services().settings.database_url)
    click.echo("database is at the latest migration", err=True)


@main.group("keys")
def keys() -> None:
    """API keys."""


@keys.command("create")
@click.option("--role", type=click.Choice(["reader", "editor", "admin"]), required=True)
@click.option("--name", required=True)
@with_appcontext
def keys_create(role: str, name: str) -> None:
    """Create a key and print it once: the key alone on stdout, messages on stderr."""
    from service.records.keys import new_key

    with transaction(services().sessions) as session:
        row, secret = new_key(session, name, role)
        key_id = row.id
    click.echo(f"created {role} key {key_id} ({name}); it is shown only now", err=True)
    click.echo(secret)


@main.command("ensure-admin-key")
@click.option("--file", "path", type=click.Path(path_type=Path), required=True)
@with_appcontext
def ensure_admin_key(path: Path) -> None:
    """Create a local admin key in FILE unless FILE already holds a working one."""
    from service.records.keys import key_works, new_key

    with transaction(services().sessions) as session:
        if path.exists() and key_works(session, path.read_text().strip()):
            click.echo(f"local admin key: {path}", err=True)
            return
        _, secret = new_key(session, "local-admin", "admin")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(secret + "\n")
    path.chmod(0o600)
    click.echo(f"created a local admin key in {path}", err=True)


@main.command("load-config")
@click.option(
    "--dir",
    "directory",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    default=None,
    help="config directory (default: the repository's config/)",
)
@with_appcontext
def load_config_cmd(directory: Path | None) -> None:
    """Load the scoring config, profiles and outlets from YAML (idempotent)."""
    from service.files.config import apply_config_files
    from service.jobs.enqueue import enqueue_effects

    svc = services()
    summary, effects = apply_config_files(svc.sessions, directory)
    enqueue_effects(svc.redis, svc.settings, effects)
    click.echo(summary, err=True)


@main.command("export-config")
@click.option("--dir", "directory", type=click.Path(path_type=Path, file_okay=False), required=True)
@with_appcontext
def export_config_cmd(directory: Path) -> None:
    """Write the current scoring config, profiles and outlets as YAML files."""
    from service.files.config import export_config

    click.echo(export_config(services().sessions, directory), err=True)


@main.command("reconcile")
@click.option("--every", type=float, default=0, help="repeat every N seconds (0: once)")
@with_appcontext
def reconcile_cmd(every: float) -> None:
    """Re-enqueue stale or unscored claims and outlets and pending articles."""
    from workers.reconcile import reconcile_forever, reconcile_once

    if every > 0:
        reconcile_forever(every)
    else:
        click.echo(reconcile_once().summary(), err=True)


@main.command("worker")
@click.option("--burst", is_flag=True, help="exit when the queue is empty")
@click.option(
    "--no-reconciler",
    is_flag=True,
    help="do not run the periodic reconciler (the inbox dispatcher still runs)",
)
@click.option(
    "--interactive-only",
    is_flag=True,
    help="take only the jobs requests wait for (search, similar claims, analyze): a worker "
    "that never sits in a long batch while a desk waits",
)
@with_appcontext
def worker_cmd(burst: bool, no_reconciler: bool, interactive_only: bool) -> None:
    """Run an RQ worker, the ingest-inbox dispatcher and (unless told not to) the periodic
    reconciler beside it. ``--burst`` queues the inbox, works the queue empty and exits."""
    from workers.runner import run_worker

    run_worker(burst=burst, reconciler=not no_reconciler, interactive_only=interactive_only)


@main.command("serve")
@click.option("--host", envvar="HOST", default="127.0.0.1")
@click.option("--port", envvar="PORT", default=8000, type=int)
@click.option("--workers", "web_workers", envvar="WEB_CONCURRENCY", default=2, type=int)
@click.option(
    "--setup",
    is_flag=True,
    help="first migrate, load config/ and ensure the local admin key (what make run does)",
)
@click.option(
    "--admin-key-file",
    type=click.Path(path_type=Path),
    default=Path("var/admin.key"),
    show_default=True,
    help="with --setup: where the local admin key is kept",
)
@click.pass_context
def serve_cmd(
    ctx: click.Context, host: str, port: int, web_workers: int, setup: bool, admin_key_file: Path
) -> None:
    """Serve the API with gunicorn and one RQ worker in the foreground; Ctrl-C stops both."""
    from service.cli.serve import serve

    if setup:
        # One process for the three set-up steps instead of three `credence` runs: each run
        # paid the imports and the app's creation again before doing anything.
        ctx.invoke(migrate_cmd)
        ctx.invoke(load_config_cmd, directory=None)
        ctx.invoke(ensure_admin_key, path=admin_key_file)
    sys.exit(serve(host, port, web_workers))


@main.command("import-ratings")
@click.argument("path", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["lin2023", "criteria-csv"]), required=True)
@click.option(
    "--strength",
    type=float,
    default=5.0,
    show_default=True,
    help="prior strength (pseudo-observations) the imported rating is worth",
)
@click.option("--kind", default="news", show_default=True, help="kind of outlets the import creates")
@click.option("--dry-run", is_flag=True, help="print what would change; write nothing")
@with_appcontext
def import_ratings_cmd(path: Path, fmt: str, strength: float, kind: str, dry_run: bool) -> None:
    """Map a published domain-rating file into source profiles (idempotent)."""
    import json
    import time

    from service.files.ratings import import_ratings
    from service.jobs.enqueue import enqueue_effects

    svc = services()
    started = time.perf_counter()
    with transaction(svc.sessions, commit=not dry_run) as session:
        report, effects = import_ratings(
            session, path, fmt, strength=strength, kind=kind, actor=f"import-ratings:{path.name}"
        )
        click.echo("rolling back (dry run)" if dry_run else "committing", err=True)
    if not dry_run:
        enqueue_effects(svc.redis, svc.settings, effects)
    # Every row not imported, by line and with its reason: a count alone leaves the user
    # to diff the file against the database.
    for skip in report.skipped:
        click.echo(f"skipped line {skip.line} ({skip.domain or 'no domain'}): {skip.reason}", err=True)
    summary = report.summary() | {"dry_run": dry_run, "seconds": round(time.perf_counter() - started, 2)}
    click.echo(json.dumps(summary))


@main.command("learn")
@click.option("--now", is_flag=True, help="run the coordinator here instead of enqueueing it")
@with_appcontext
def learn_cmd(now: bool) -> None:
    """Learn outlet reliability and copying from all claims (truth discovery), fanned out
    over the workers; scores pick the results up through the usual rescoring."""
    from service.jobs import table
    from service.jobs.enqueue import enqueue_job

    svc = services()
    if now:
        from workers.jobs.learn import learn_reliability

        click.echo(str(learn_reliability()), err=True)
        return
    click.echo(enqueue_job(svc.redis, svc.settings, table.LEARN, []))


def _register_bench() -> None:
    """``credence bench-truth`` and ``credence bench-match`` are the benchmark harnesses in
    a checkout's ``bench/``: not part of the installed service, so they are offered only
    when run from a checkout. Both import their harness only when run: the truth harness
    loads scipy.stats, seconds that every other ``credence`` command would pay."""
    from service.store.settings import REPO_ROOT as checkout

    if not (checkout / "bench" / "truth" / "cli.py").is_file():
        return
    if str(checkout) not in sys.path:
        sys.path.append(str(checkout))
    main.add_command(bench_truth)
    main.add_command(bench_match)


_PASS_THROUGH = {"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []}


@click.command("bench-truth", context_settings=_PASS_THROUGH)
@click.pass_context
def bench_truth(ctx: click.Context) -> None:
    """Truth discovery on a benchmark data set (--help for its options)."""
    from bench.truth.cli import bench_truth as harness

    harness.main(args=ctx.args, prog_name="credence bench-truth")


@click.command("bench-match", context_settings=_PASS_THROUGH)
@click.pass_context
def bench_match(ctx: click.Context) -> None:
    """Claim matching on CheckThat!-format files: --pool FILE --queries FILE --qrels FILE
    [--json] (MAP@1, MAP@5, MRR, p50 latency per system; --help for the rest)."""
    from bench.match_bench import main as run_bench

    run_bench(ctx.args)


_register_bench()
main.add_command(ingest_cmd)
main.add_command(extract_cmd)
main.add_command(reextract_cmd)
main.add_command(demo_cmd)
__all__ = ["current_app", "main"]
