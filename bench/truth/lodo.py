"""Leave-one-dataset-out choice of Credence's settings.

    python -m bench.truth.lodo [--data-dir ../shared/data/truth] [--json]

For every grid point (:data:`GRID`) the model runs on Books, Population and Weather.
For each held-out dataset the setting is chosen on the *other two* — the highest mean
gain over majority vote, ties to the earlier grid point (the grid lists DESIGN's and
the papers' values first) — among the *admissible* settings: those at least as good
as vote on average on every synthetic regime and never more than .01 below it on a
single world (two seeds, up to two snapshots each; no real data involved) — and
scored on the held-out one. The held-out precisions
are the honest estimate of how the chosen procedure does on data it was not tuned on;
the setting shipped (:data:`credence_model.DEFAULT`) is the one every fold chooses,
or, if folds disagree, the one with the best gain over all three (and it says so).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
from collections.abc import Sequence

from bench.truth.baselines.vote import majority_vote
from bench.truth.harness import precision
from bench.truth.normalise import load_dataset
from bench.truth.regimes import REGIMES
from bench.truth.synthetic import world
from workers.truth.dataset import encode
from workers.truth.models.credence_model import Settings, credence

DATASETS = ("books", "population", "weather")
GRID = [Settings(strength=n, bootstrap=b, copy_rate=c, detections=1, bootstrap_copy_rate=c0)
        for n, b, c, c0 in itertools.product((2.0, 1.0), (14.0, 10.0, 12.0),
                                             (0.8, 0.7, 0.6, 0.5), (0.8, 0.95))]
# A second detection round (detections=2) was measured too: +.005 on Weather, the same
# elsewhere, but it makes Weather slower than crowd-kit's Dawid-Skene (the speed bar).


def admissible(seeds: int = 2, snapshots: int = 2,
               slack: float = 0.01) -> tuple[list[bool], list[dict[str, float]]]:
    """Grid points at least as accurate as majority vote on every synthetic regime on
    average over its first ``seeds`` x ``snapshots`` worlds, and never more than
    ``slack`` below vote on a single world (issue 19's failure was per snapshot; the
    slack is noise where vote is already optimal, e.g. ``equal``). Returns the flags and
    each point's worst shortfall per regime (mean gain if the mean is negative)."""
    gain = [{name: 0.0 for name in REGIMES} for _ in GRID]
    worst = [{name: 0.0 for name in REGIMES} for _ in GRID]
    for name, regime in REGIMES.items():
        count = 0
        for seed in range(seeds):
            for snap in range(min(regime.snapshots, snapshots)):
                count += 1
                data = world(regime, seed, snap)
                problem = encode(data.claims)
                base = precision(problem, data, majority_vote(problem).truths(problem))[0]
                for k, s in enumerate(GRID):
                    got = precision(problem, data,
                                    credence(problem, settings=s).truths(problem))[0]
                    gain[k][name] += (got - base)
                    worst[k][name] = min(worst[k][name], got - base)
        for k in range(len(GRID)):
            gain[k][name] /= count
    ok = [all(gain[k][n] >= -1e-9 and worst[k][n] >= -slack - 1e-9 for n in REGIMES)
          for k in range(len(GRID))]
    report = [{n: (gain[k][n] if gain[k][n] < -1e-9 else worst[k][n]) for n in REGIMES
               if gain[k][n] < -1e-9 or worst[k][n] < -slack - 1e-9} for k in range(len(GRID))]
    return ok, report


def gains(data_dir: str) -> tuple[dict[str, float], dict[str, list[float]]]:
    """Vote precision per dataset and credence precision per dataset and grid point."""
    vote: dict[str, float] = {}
    grid: dict[str, list[float]] = {}
    for name in DATASETS:
        data = load_dataset(name, data_dir)
        problem = encode(data.claims)
        vote[name] = precision(problem, data, majority_vote(problem).truths(problem))[0]
        grid[name] = [precision(problem, data, credence(problem, settings=s).truths(problem))[0]
                      for s in GRID]
    return vote, grid


def choose(vote: dict[str, float], grid: dict[str, list[float]],
           names: Sequence[str], ok: Sequence[bool]) -> int:
    def score(k: int) -> float:
        return sum(grid[n][k] - vote[n] for n in names) / len(names)
    return max((k for k in range(len(GRID)) if ok[k]), key=lambda k: (round(score(k), 9), -k))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.truth.lodo")
    parser.add_argument("--data-dir", default=os.environ.get("CREDENCE_TRUTH_DATA",
                                                             "../shared/data/truth"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    vote, grid = gains(args.data_dir)
    ok, regime_gain = admissible()
    folds = {}
    for held in DATASETS:
        k = choose(vote, grid, [n for n in DATASETS if n != held], ok)
        folds[held] = {"setting": GRID[k].__dict__, "index": k, "held_out": grid[held][k],
                       "vote": vote[held], "default": grid[held][0]}
    overall = choose(vote, grid, DATASETS, ok)
    if args.json:
        print(json.dumps({"folds": folds, "overall": GRID[overall].__dict__,
                          "grid": {n: grid[n] for n in DATASETS}, "admissible": ok,
                          "regime_gain": regime_gain,
                          "settings": [s.__dict__ for s in GRID]}))
        return
    print("| held out | chosen on the other two (n0, margin m, c, truth-free c) | held-out precision "
          "| vote | first grid point |")
    print("|---|---|---|---|---|")
    for held, f in folds.items():
        s = f["setting"]
        print(f"| {held} | {s['strength']:g}, {s['bootstrap']:g}, {s['copy_rate']:g}, "
              f"{s['bootstrap_copy_rate']:g} | "
              f"{f['held_out']:.3f} | {f['vote']:.3f} | {f['default']:.3f} |")
    s = GRID[overall]
    print(f"\nbest on all three: n0={s.strength:g}, m={s.bootstrap:g}, "
          f"c={s.copy_rate}, truth-free c={s.bootstrap_copy_rate}")
    print("\ngrid (Books / Population / Weather):")
    for k, st in enumerate(GRID):
        head = f"  {st.strength:4g} {st.bootstrap:5g} {st.copy_rate:>4} {st.bootstrap_copy_rate:>4}: "
        print(head + " / ".join(
            f"{grid[n][k]:.3f}" for n in DATASETS) + ("" if ok[k] else "  below vote on: "
            + ", ".join(f"{r} {g:+.3f}" for r, g in regime_gain[k].items())))


if __name__ == "__main__":
    main()
