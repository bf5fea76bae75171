"""``credence bench-truth``: benchmark the truth-discovery models on gold-standard data.

    credence bench-truth books                      # readable table
    credence bench-truth weather --json             # one JSON object on stdout
    credence bench-truth --claims c.tsv --gold g.tsv --json
    credence bench-truth books --out DIR --normalise-only   # write claims.tsv, gold.tsv
    credence bench-truth --synthetic deep_web --seed 1 --snapshot 2   # a synthetic world

Progress goes to stderr (tqdm); stdout carries only the table or the JSON object.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import click
from tqdm import tqdm

from bench.truth.crowd import CROWDKIT_MODELS
from bench.truth.harness import Report, run_benchmark
from bench.truth.models import MODELS, ModelResult
from bench.truth.normalise import LOADERS, Normalised, load_dataset
from bench.truth.regimes import REGIMES
from bench.truth.synthetic import world
from bench.truth.tsv import read_claims_tsv, read_gold_tsv, write_claims_tsv, write_gold_tsv

DEFAULT_DATA_DIR = "../shared/data/truth"


def _parse_tolerance(values: tuple[str, ...]) -> dict[str, float]:
    out: dict[str, float] = {}
    for spec in values:
        attr, sep, num = spec.partition("=")
        try:
            if not sep:
                raise ValueError(spec)
            out[attr.strip()] = float(num)
        except ValueError:
            raise click.BadParameter(f"expected ATTRIBUTE=NUMBER, got {spec!r}") from None
    return out


def _load(dataset: str | None, data_dir: str, claims: str | None, gold: str | None,
          tolerance: dict[str, float], synthetic: tuple[str, int, int] | None = None
          ) -> Normalised:
    if synthetic is not None:
        if dataset or claims or gold:
            raise click.UsageError("--synthetic takes no DATASET, --claims or --gold")
        name, seed, snapshot = synthetic
        return world(REGIMES[name], seed, snapshot)
    if claims or gold:
        if not (claims and gold) or dataset:
            raise click.UsageError("use either DATASET or both --claims and --gold")
        return Normalised("plain", read_claims_tsv(claims), read_gold_tsv(gold), tolerance)
    if dataset is None:
        raise click.UsageError("give a DATASET or --claims and --gold")
    path = Path(data_dir) / dataset
    if not path.is_dir():
        raise click.UsageError(f"no data for {dataset!r} under {data_dir!r} (see --data-dir)")
    data = load_dataset(dataset, data_dir)
    data.tolerance = {**data.tolerance, **tolerance}
    return data


def _table(report: Report, top: int) -> str:
    lines = [f"dataset: {report.dataset}  sources={report.problem.n_sources} "
             f"items={report.problem.n_items} claims={report.problem.n_claims} "
             f"appearances={report.problem.n_apps}"]
    base = next((s.seconds for s in report.scores if s.name == "vote"), None)
    ds = next((s.seconds for s in report.scores if s.name == "crowdkit_ds"), None)
    lines.append(f"{'model':15s} {'precision':>9s} {'correct':>9s} {'seconds':>9s} "
                 f"{'x vote':>8s} {'rounds':>6s} {'copy pairs':>10s}")
    for s in report.scores:
        ratio = f"{s.seconds / base:8.1f}" if base else f"{'':8s}"
        pairs = f"{len(s.result.dependent_pairs):10d}" if s.result else f"{'':10s}"
        rounds = f"{s.iterations:6d}" if s.result else f"{'':6s}"
        lines.append(f"{s.name:15s} {s.precision:9.3f} {s.correct:4d}/{s.gold_items:<4d} "
                     f"{s.seconds:9.3f} {ratio} {rounds} {pairs}")
    cred = next((s for s in report.scores if s.name == "credence" and s.result), None)
    if cred and ds:
        lines.append(f"credence is {ds / max(cred.seconds, 1e-9):.1f}x faster than crowdkit_ds")
    lines.extend(f"note: {n}" for n in report.notes)
    if cred and cred.result is not None:
        lines.extend(_sources(report, cred.result, top))
    return "\n".join(lines)


def _sources(report: Report, result: ModelResult, top: int) -> list[str]:
    p = report.problem
    counts = p.source_counts()
    order = sorted(range(p.n_sources), key=lambda s: (-result.accuracy[s], str(p.sources[s])))
    out = [f"credence source accuracy (top/bottom {top}; answers):"]
    shown = order[:top] + ([-1] if len(order) > 2 * top else []) + order[-top:]
    if len(order) <= 2 * top:
        shown = order
    for s in shown:
        if s < 0:
            out.append("  ...")
            continue
        out.append(f"  {result.accuracy[s]:.3f}  {str(p.sources[s])[:40]:40s} {int(counts[s]):6d}")
    pairs = result.dependent_pairs
    out.append(f"credence detected copier pairs: {len(pairs)} (showing up to {top})")
    for a, b, prob in pairs[:top]:
        out.append(f"  {prob:.3f}  {str(p.sources[a])[:30]} ~ {str(p.sources[b])[:30]}")
    return out


def _progress(enabled: bool) -> Callable[[Iterable[str]], Iterable[str]]:
    def wrap(names: Iterable[str]) -> Iterator[str]:
        items = list(names)
        bar = tqdm(items, desc="models", file=sys.stderr, disable=not enabled, leave=False)
        for name in bar:
            bar.set_postfix_str(name)
            yield name
    return wrap


@click.command("bench-truth")
@click.argument("dataset", required=False, type=click.Choice(sorted(LOADERS)))
@click.option("--data-dir", default=lambda: os.environ.get("CREDENCE_TRUTH_DATA",
                                                           DEFAULT_DATA_DIR),
              show_default=f"$CREDENCE_TRUTH_DATA or {DEFAULT_DATA_DIR}",
              help="Folder holding books/, population/, weather/.")
@click.option("--claims", type=click.Path(exists=True, dir_okay=False),
              help="Plain claims file: source<TAB>object<TAB>attribute<TAB>value.")
@click.option("--gold", type=click.Path(exists=True, dir_okay=False),
              help="Plain gold file: object<TAB>attribute<TAB>value.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: model -> scores.")
@click.option("--models", default=None,
              help="Comma-separated subset, e.g. vote,credence,crowdkit_ds (default: all).")
@click.option("--no-crowdkit", is_flag=True, help="Skip the crowd-kit baselines.")
@click.option("--tolerance", multiple=True, metavar="ATTR=NUM",
              help="Numeric match tolerance for an attribute (repeatable).")
@click.option("--top", default=5, show_default=True, help="Sources/pairs to list.")
@click.option("--out", type=click.Path(file_okay=False),
              help="Write the normalised claims.tsv and gold.tsv here.")
@click.option("--normalise-only", is_flag=True, help="With --out: write files and stop.")
@click.option("--progress/--no-progress", default=True, help="tqdm progress on stderr.")
@click.option("--synthetic", type=click.Choice(sorted(REGIMES)), default=None,
              help="Run on a synthetic world of this regime (bench/truth/regimes.py).")
@click.option("--seed", default=0, show_default=True, help="With --synthetic: world seed.")
@click.option("--snapshot", default=0, show_default=True, help="With --synthetic: snapshot.")
def bench_truth(dataset: str | None, data_dir: str, claims: str | None, gold: str | None,
                as_json: bool, models: str | None, no_crowdkit: bool,
                tolerance: tuple[str, ...], top: int, out: str | None,
                normalise_only: bool, progress: bool, synthetic: str | None, seed: int,
                snapshot: int) -> None:
    """Benchmark truth discovery (vote, TruthFinder, ACCU/DEPEN, credence, crowd-kit)."""
    data = _load(dataset, data_dir, claims, gold, _parse_tolerance(tolerance),
                 (synthetic, seed, snapshot) if synthetic else None)
    if out:
        Path(out).mkdir(parents=True, exist_ok=True)
        write_claims_tsv(Path(out) / "claims.tsv", data.claims)
        write_gold_tsv(Path(out) / "gold.tsv", data.gold)
        click.echo(f"wrote {len(data.claims)} claims, {len(data.gold)} gold items to {out}",
                   err=True)
        if normalise_only:
            return
    elif normalise_only:
        raise click.UsageError("--normalise-only needs --out")
    selected = [m.strip() for m in models.split(",") if m.strip()] if models else None
    unknown = sorted(set(selected or ()) - set(MODELS) - set(CROWDKIT_MODELS))
    if unknown:
        raise click.BadParameter(f"unknown model(s) {unknown}; known: "
                                 f"{[*MODELS, *CROWDKIT_MODELS]}", param_hint="--models")
    report = run_benchmark(data, selected, crowdkit=not no_crowdkit,
                           progress=_progress(progress))
    if as_json:
        for note in report.notes:
            click.echo(f"note: {note}", err=True)
        click.echo(json.dumps({s.name: s.as_json() for s in report.scores}))
    else:
        click.echo(_table(report, top))
