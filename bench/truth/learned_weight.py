"""Measure the ``learned_weight`` of the scoring config on worlds with a known truth.

    python -m bench.truth.learned_weight [--seeds 2] [--json]

The outlet posterior (workers/scoring/reliability.py) adds the learned accuracy as
``m = learned_weight · min(observations, learned_max_observations)`` pseudo-observations
to the profile prior Beta(n0·p0, n0·(1 - p0)). In every synthetic regime each source
gets a profile prior of known quality — its realised accuracy plus Gaussian noise of
standard deviation sd (sd = .05 a good rating, .15 a fair one, .3 a poor one; clipped to
[0, 1]), or no profile (the kind default .7 with n0 = 2) — and ``learn`` runs with those
priors, as the worker does. For each weight the table gives the mean absolute error of
the outlet reliability against the source's realised accuracy (the share of its answers
equal to the gold), over every source of every world.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence

import numpy as np

from bench.truth.normalise import load_dataset
from bench.truth.regimes import REGIMES
from bench.truth.synthetic import source_accuracy, world
from workers.truth import learn

WEIGHTS = (0.0, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0)
PRIORS = {"good (sd .05)": 0.05, "fair (sd .15)": 0.15, "poor (sd .3)": 0.3, "none": None}
N0 = 10.0  # DESIGN: default strength of a fully rated profile
UNRATED = (0.7, 2.0)  # the `news` kind default and the unrated strength
MAX_OBS = 20.0  # config learned_max_observations


def measure(seeds: int) -> dict[str, dict[str, list[float]]]:
    """prior quality -> regime -> MAE per weight."""
    out: dict[str, dict[str, list[float]]] = {q: {} for q in PRIORS}
    for name, regime in REGIMES.items():
        for quality, sigma in PRIORS.items():
            errors = np.zeros(len(WEIGHTS))
            count = 0
            for seed in range(seeds):
                data = world(regime, seed, 0)
                truth = source_accuracy(data)
                rng = np.random.default_rng([seed, 99])
                priors = {s: ((float(np.clip(a + rng.normal(0, sigma), 0, 1)), N0)
                              if sigma is not None else UNRATED) for s, a in truth.items()}
                result = learn([(s, item, v) for s, item, v in data.claims], priors)
                for s, a in truth.items():
                    p0, n0 = priors[s]
                    acc = result.accuracy[s]
                    obs = min(result.observations[s], MAX_OBS)
                    m = np.array(WEIGHTS) * obs
                    r = (n0 * p0 + m * acc) / (n0 + m)
                    errors += np.abs(r - a)
                    count += 1
            out[quality][name] = (errors / count).tolist()
    return out


def measure_real(data_dir: str, min_gold: int = 20) -> dict[str, dict[str, list[float]]]:
    """The same on the shared datasets: a source's truth is its realised accuracy on the
    gold items it answered (sources with at least ``min_gold`` of them)."""
    out: dict[str, dict[str, list[float]]] = {q: {} for q in PRIORS}
    for name in ("books", "population", "weather"):
        data = load_dataset(name, data_dir)
        hits: dict[str, list[int]] = {}
        for source, item, value in data.claims:
            if item in data.gold:
                h = hits.setdefault(source, [0, 0])
                h[0] += data.matches(item, value)
                h[1] += 1
        truth = {s: ok / n for s, (ok, n) in hits.items() if n >= min_gold}
        for quality, sigma in PRIORS.items():
            rng = np.random.default_rng([7, 99])
            priors = {s: ((float(np.clip(a + rng.normal(0, sigma), 0, 1)), N0)
                          if sigma is not None else UNRATED) for s, a in truth.items()}
            result = learn([(s, item, v) for s, item, v in data.claims], priors)
            errors = np.zeros(len(WEIGHTS))
            for s, a in truth.items():
                p0, n0 = priors[s]
                m = np.array(WEIGHTS) * min(result.observations[s], MAX_OBS)
                errors += np.abs((n0 * p0 + m * result.accuracy[s]) / (n0 + m) - a)
            out[quality][f"{name} ({len(truth)} sources)"] = (errors / len(truth)).tolist()
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.truth.learned_weight")
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--real", metavar="DATA_DIR", default=None,
                        help="measure on the shared datasets instead of the synthetic worlds")
    args = parser.parse_args(argv)
    results = measure_real(args.real) if args.real else measure(args.seeds)
    if args.json:
        print(json.dumps({"weights": WEIGHTS, "mae": results}))
        return
    print("| profile prior | " + " | ".join(f"w = {w:g}" for w in WEIGHTS) + " |")
    print("|---|" + "---|" * len(WEIGHTS))
    overall = np.zeros(len(WEIGHTS))
    for quality, per in results.items():
        mean = np.mean(list(per.values()), axis=0)
        overall += mean / len(results)
        best = int(np.argmin(mean))
        print(f"| {quality} | " + " | ".join(
            (f"**{x:.3f}**" if k == best else f"{x:.3f}") for k, x in enumerate(mean)) + " |")
    best = int(np.argmin(overall))
    print("| mean | " + " | ".join((f"**{x:.3f}**" if k == best else f"{x:.3f}")
                                   for k, x in enumerate(overall)) + " |")
    print("\nper regime or dataset (fair prior):")
    for name, row in results["fair (sd .15)"].items():
        print(f"  {name:15s} " + " ".join(f"{x:.3f}" for x in row))


if __name__ == "__main__":
    main()
