"""The synthetic regimes and the table that compares every model on them.

    python -m bench.truth.synthetic                      # every regime, every snapshot
    python -m bench.truth.synthetic deep_web clique --seeds 3 --json
    python -m bench.truth.synthetic --mace               # add crowd-kit MACE (slow, cached)

Precision is over every item that at least one source answered, averaged over the
regime's snapshots and the seeds; ``min`` columns give the worst snapshot. MACE takes
minutes per world, so it runs on the first world of each regime only (seed 0,
snapshot 0; its column is that world's precision, marked ``first world``), and its
numbers are cached in ``--cache`` (a JSON file) and reused until ``--refresh``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from bench.truth.crowd import crowdkit_status
from bench.truth.harness import run_benchmark
from bench.truth.synthetic import ADVERSARIAL, SPAMMER, CopyGroup, Mix, Regime, world

TIMES = ("time", "time", "category", "time", "time", "category")

REGIMES: dict[str, Regime] = {r.name: r for r in (
    Regime("deep_web", "dozens of sites, copier groups around weak originals, spammers and "
           "a few adversarial sites; times and gates with a popular stale value; 4 snapshots",
           n_sources=30, n_objects=120, attributes=TIMES,
           mix=(Mix(0.6, (0.8, 0.98)), Mix(0.25, (0.5, 0.8)), Mix(0.1, (0, 0), SPAMMER),
                Mix(0.05, (0.1, 0.3), ADVERSARIAL)),
           groups=(CopyGroup(7, (0.45, 0.6)), CopyGroup(4, (0.85, 0.95)),
                   CopyGroup(2, (0.4, 0.5))),
           coverage=(0.15, 0.9), popular_error=0.5, snapshots=4),
    Regime("deep_web_hard", "the held-out set's shape as described in issue 19: vote near .85 "
           "- big copier groups of weak originals, more spammers and adversaries, stale "
           "values as the usual error; 4 snapshots", n_sources=20, n_objects=100,
           attributes=TIMES,
           mix=(Mix(0.45, (0.75, 0.97)), Mix(0.3, (0.4, 0.7)), Mix(0.1, (0, 0), SPAMMER),
                Mix(0.15, (0.05, 0.25), ADVERSARIAL)),
           groups=(CopyGroup(10, (0.4, 0.5), rate=0.95), CopyGroup(5, (0.3, 0.4)),
                   CopyGroup(3, (0.85, 0.95))),
           coverage=(0.1, 0.8), popular_error=0.6, snapshots=4),
    Regime("stock", "many accurate sites, numbers whose errors are mostly one stale value, "
           "one copier group", n_sources=40, n_objects=60, attributes=("number",) * 6,
           mix=(Mix(0.8, (0.85, 0.99)), Mix(0.2, (0.5, 0.8))),
           groups=(CopyGroup(4, (0.7, 0.8)),), coverage=(0.2, 0.9), popular_error=0.6,
           snapshots=2),
    Regime("independent", "classic Dawid-Skene: independent sources of varied accuracy",
           n_sources=12, n_objects=400, attributes=("category",), domain=6,
           mix=(Mix(1.0, (0.45, 0.95)),), coverage=(0.3, 0.9), popular_error=0.2),
    Regime("equal", "nine equally good independent sources: vote is the right answer",
           n_sources=9, n_objects=500, attributes=("category",), domain=6,
           mix=(Mix(1.0, (0.7, 0.7)),), coverage=(0.4, 0.8), popular_error=0.3),
    Regime("spammers", "four in ten sources answer at random", n_sources=20, n_objects=400,
           attributes=("category",), domain=5,
           mix=(Mix(0.6, (0.65, 0.9)), Mix(0.4, (0, 0), SPAMMER)), coverage=(0.2, 0.7)),
    Regime("adversarial", "a coordinated minority that repeats one lie, no copying to see",
           n_sources=22, n_objects=300, attributes=("category", "binary"), domain=8,
           mix=(Mix(0.72, (0.6, 0.85)), Mix(0.28, (0.1, 0.3), ADVERSARIAL)),
           coverage=(0.2, 0.6), popular_error=0.3),
    Regime("clique", "a weak original and five faithful copiers outvote thin honest sources",
           n_sources=6, n_objects=300, attributes=("category",), domain=20,
           mix=(Mix(1.0, (0.8, 0.9)),),
           groups=(CopyGroup(5, (0.35, 0.45), rate=0.95, reach=(0.8, 1.0)),),
           coverage=(0.25, 0.6), popular_error=0.1),
    Regime("half_clique", "a weak original on every item, each copier on a random half: "
           "the clique wins the independent fit and looks like its most accurate sources",
           n_sources=4, n_objects=100, attributes=("category",), domain=50,
           mix=(Mix(1.0, (0.8, 0.9)),),
           groups=(CopyGroup(5, (0.55, 0.65), rate=1.0, garble=0.0, reach=(0.5, 0.5)),),
           coverage=(1.0, 1.0), popular_error=0.0),
    Regime("sparse", "hundreds of sources with long-tailed sizes, one to three answers an "
           "item, many ties", n_sources=300, n_objects=1500, attributes=("number",),
           mix=(Mix(0.9, (0.6, 0.95)), Mix(0.1, (0, 0), SPAMMER)),
           coverage=(0.0015, 0.6), zipf=1.2, popular_error=0.5),
    Regime("binary", "yes/no questions: two answers, so every error agrees with every other",
           n_sources=18, n_objects=600, attributes=("binary",),
           mix=(Mix(0.85, (0.55, 0.85)), Mix(0.15, (0.2, 0.35), ADVERSARIAL)),
           coverage=(0.15, 0.5)),
    Regime("garbled_copies", "good originals copied loosely (rate .6, garbled 10 %) by many "
           "copiers: copying that barely shows", n_sources=10, n_objects=300,
           attributes=("category", "time"), domain=10, mix=(Mix(1.0, (0.6, 0.9)),),
           groups=(CopyGroup(4, (0.55, 0.7), rate=0.6, garble=0.1),
                   CopyGroup(4, (0.85, 0.95), rate=0.6, garble=0.1)),
           coverage=(0.2, 0.7)),
)}

BASE_MODELS = ("vote", "truthfinder", "accu_nodep", "credence")
CROWD = ("crowdkit_mv", "crowdkit_wawa", "crowdkit_ds")


def _cache_load(path: Path) -> dict[str, dict[str, float]]:
    if path.is_file():
        loaded: dict[str, dict[str, float]] = json.loads(path.read_text("utf-8"))
        return loaded
    return {}


def evaluate(names: Sequence[str], seeds: int, mace: bool, cache: Path,
             refresh: bool, models: Sequence[str] = BASE_MODELS) -> dict[str, dict[str, list[float]]]:
    """Per regime, per model: precision of every (seed, snapshot) world."""
    crowd = list(CROWD) if crowdkit_status() is None else []
    stored = {} if refresh else _cache_load(cache)
    out: dict[str, dict[str, list[float]]] = {}
    for name in names:
        regime = REGIMES[name]
        table: dict[str, list[float]] = {}
        for seed in range(seeds):
            for snap in range(regime.snapshots):
                data = world(regime, seed, snap)
                report = run_benchmark(data, [*models, *crowd], crowdkit=bool(crowd))
                for s in report.scores:
                    table.setdefault(s.name, []).append(s.precision)
                    table.setdefault(f"{s.name}:seconds", []).append(s.seconds)
                if mace and crowd and seed == 0 and snap == 0:
                    key = f"{name}:{seed}:{snap}"
                    if key not in stored:
                        (score,) = run_benchmark(data, ["crowdkit_mace"]).scores
                        stored[key] = {"precision": score.precision, "seconds": score.seconds}
                        cache.write_text(json.dumps(stored, indent=1, sort_keys=True), "utf-8")
                    table.setdefault("crowdkit_mace", []).append(stored[key]["precision"])
                    table.setdefault("crowdkit_mace:seconds", []).append(stored[key]["seconds"])
                print(f"{name} seed {seed} snapshot {snap}: " + " ".join(
                    f"{k}={v[-1]:.3f}" for k, v in table.items() if ":" not in k),
                    file=sys.stderr)
        out[name] = table
    return out


def markdown(results: dict[str, dict[str, list[float]]]) -> str:
    """Mean precision per regime; MACE (first world only) beside credence's first world."""
    first = next(iter(results.values()))
    models = [m for m in first if ":" not in m and m != "crowdkit_mace"]
    mace = "crowdkit_mace" in first
    extra = " | first world: credence | first world: MACE" if mace else ""
    head = "| regime | " + " | ".join(models) + " | credence - vote (worst world)" + extra + " |"
    lines = [head, "|" + "---|" * (len(models) + 2 + 2 * mace)]
    for name, table in results.items():
        best = max(sum(table[m]) / len(table[m]) for m in models)
        cells = []
        for m in models:
            mean = sum(table[m]) / len(table[m])
            text = f"{mean:.3f}"
            cells.append(f"**{text}**" if mean >= best - 1e-9 else text)
        gaps = [c - v for c, v in zip(table["credence"], table["vote"], strict=True)]
        tail = (f" | {table['credence'][0]:.3f} | {table['crowdkit_mace'][0]:.3f}"
                if mace and "crowdkit_mace" in table else "")
        lines.append(f"| {name} | " + " | ".join(cells)
                     + f" | {sum(gaps) / len(gaps):+.3f} ({min(gaps):+.3f})" + tail + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.truth.synthetic")
    parser.add_argument("regimes", nargs="*", choices=[[], *REGIMES], default=[])
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--mace", action="store_true", help="add crowd-kit MACE (cached)")
    parser.add_argument("--cache", default=os.environ.get(
        "CREDENCE_MACE_CACHE", str(Path.home() / ".cache" / "credence-synthetic-mace.json")))
    parser.add_argument("--refresh", action="store_true")
    parser.add_argument("--models", default=",".join(BASE_MODELS))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    names = args.regimes or list(REGIMES)
    cache = Path(args.cache)
    cache.parent.mkdir(parents=True, exist_ok=True)
    results = evaluate(names, args.seeds, args.mace, cache, args.refresh,
                       [m for m in args.models.split(",") if m])
    print(json.dumps(results) if args.json else markdown(results))
