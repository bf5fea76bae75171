"""Speed of the pure scoring engine (no database, no Redis).

    .venv/bin/python -m bench.engine_bench            # defaults: 201 timed runs per case

Budget (issue text): the engine scores a claim with 1,000 appearances in <= 5 ms (median of
many runs of ``score_claim``). The input is realistic rather than best-case: ~1,000
appearances across ~300 publishers and ~100 origins, some outlets in networks, some
appearances hedged, a few refuting or neutral, a few verdicts, and two competing answers
to the same question. Also reported: ``score_claim`` + ``to_dict()`` (what a worker does
per claim), and how many 10-appearance claims per second one core scores.

Machines are noisy, so the same run also times a trivial baseline — a Python loop that
builds the same number of tuples as the claim has appearances — and reports the ratio
(engine median / baseline median), which is comparable across machines.

Writes ``bench/results/engine.json``. Exit status 0 when it ran (a missed budget prints
FAIL but is not an error).
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workers.scoring import (
    AppearanceInput,
    ClaimInput,
    OutletInfo,
    ScoringConfig,
    VerdictInput,
    default_config,
    score_claim,
)

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results" / "engine.json"
BUDGET_MS = 5.0
RATINGS = ("true", "mostly_true", "mixed", "mostly_false", "false", "unproven")


def make_outlets(rng: random.Random, publishers: int, origins: int, reviewers: int) -> dict[str, OutletInfo]:
    """Outlet infos for ``pub-*``, ``org-*`` and ``fc-*``; about a fifth in one of 12 networks."""
    infos: dict[str, OutletInfo] = {}
    names = [f"pub-{i}" for i in range(publishers)] + [f"org-{i}" for i in range(origins)]
    for name in names:
        network = f"net-{rng.randrange(12)}" if rng.random() < 0.2 else None
        infos[name] = OutletInfo(round(rng.uniform(0.2, 0.95), 4), network)
    for i in range(reviewers):
        infos[f"fc-{i}"] = OutletInfo(round(rng.uniform(0.75, 0.95), 4), None)
    return infos


def make_claim(
    rng: random.Random,
    cid: str,
    n: int,
    publishers: int,
    origins: int,
    question: str | None = None,
    verdicts: int = 0,
    reviewers: int = 5,
) -> ClaimInput:
    apps = []
    for i in range(n):
        publisher = f"pub-{rng.randrange(publishers)}"
        # Half first-hand (origin None), half relaying one of the origins.
        origin = f"org-{rng.randrange(origins)}" if origins and rng.random() < 0.5 else None
        roll = rng.random()
        stance = "refutes" if roll < 0.005 else "neutral" if roll < 0.03 else "supports"
        apps.append(AppearanceInput(f"{cid}-a{i:05d}", publisher, origin, stance, rng.random() < 0.15))
    vs = tuple(
        VerdictInput(f"{cid}-v{j}", f"fc-{j % reviewers}", rng.choice(RATINGS)) for j in range(verdicts)
    )
    return ClaimInput(cid, question, tuple(apps), vs)


def timed(fn: Callable[[], Any], runs: int, warmup: int = 5) -> list[float]:
    """Wall-clock seconds of each of ``runs`` calls (GC off while timing)."""
    for _ in range(warmup):
        fn()
    out = []
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            t0 = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t0)
    finally:
        gc.enable()
    return out


def summary(samples: list[float]) -> dict[str, float]:
    qs = statistics.quantiles(samples, n=20)
    return {
        "median_ms": statistics.median(samples) * 1e3,
        "p5_ms": qs[0] * 1e3,
        "p95_ms": qs[-1] * 1e3,
        "min_ms": min(samples) * 1e3,
    }


def run(runs: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    config: ScoringConfig = default_config()
    outlets = make_outlets(rng, publishers=300, origins=100, reviewers=5)
    question = "q-who-did-it"
    big = make_claim(rng, "c-big", 1000, 300, 100, question=question, verdicts=4)
    competitors = [
        make_claim(rng, "c-rival-1", 40, 300, 100, question=question, verdicts=1),
        make_claim(rng, "c-rival-2", 15, 300, 100, question=question),
    ]
    n = len(big.appearances)

    def engine() -> object:
        return score_claim(big, outlets, config, competitors)

    def engine_dict() -> object:
        return score_claim(big, outlets, config, competitors).to_dict()

    def baseline() -> object:
        # The trivial loop: one small tuple per appearance.
        return [(a.id, a.publisher, i) for i, a in enumerate(big.appearances)]

    result = score_claim(big, outlets, config, competitors)
    shape = {
        "appearances": n,
        "publishers": len({a.publisher for a in big.appearances}),
        "origins": len({a.origin for a in big.appearances if a.origin}),
        "verdicts": len(big.verdicts),
        "competitors": len(competitors),
        "units": len(result.units),
        "score": result.score,
        "label": result.label,
    }

    # Interleave the cases in rounds so drift in machine speed hits all of them alike.
    samples: dict[str, list[float]] = {"engine": [], "engine+to_dict": [], "baseline": []}
    rounds = 5
    per = max(1, runs // rounds)
    for _ in range(rounds):
        samples["baseline"] += timed(baseline, per)
        samples["engine"] += timed(engine, per)
        samples["engine+to_dict"] += timed(engine_dict, per)

    # Small claims: 10 appearances each, a pool of distinct claims scored back to back.
    small = [make_claim(rng, f"c-{i}", 10, 300, 100, verdicts=1 if i % 20 == 0 else 0) for i in range(2000)]

    def small_batch() -> object:
        return [score_claim(c, outlets, config) for c in small]

    def small_batch_dict() -> object:
        return [score_claim(c, outlets, config).to_dict() for c in small]

    small_runs = timed(small_batch, 7, warmup=1)
    small_dict_runs = timed(small_batch_dict, 7, warmup=1)
    small_per_s = len(small) / statistics.median(small_runs)
    small_dict_per_s = len(small) / statistics.median(small_dict_runs)

    stats = {k: summary(v) for k, v in samples.items()}
    eng = stats["engine"]["median_ms"]
    return {
        "bench": "engine",
        "python": platform.python_version(),
        "machine": platform.machine(),
        "runs": len(samples["engine"]),
        "input": shape,
        "stats": stats,
        "ratio_engine_to_baseline": eng / stats["baseline"]["median_ms"],
        "ratio_engine_dict_to_baseline": stats["engine+to_dict"]["median_ms"]
        / stats["baseline"]["median_ms"],
        "small_claims_per_s": small_per_s,
        "small_claims_with_to_dict_per_s": small_dict_per_s,
        "budget_ms": BUDGET_MS,
        "pass": eng <= BUDGET_MS,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--runs", type=int, default=201, help="timed runs per case (default 201)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--out", type=Path, default=RESULTS)
    args = p.parse_args(argv)
    res = run(args.runs, args.seed)
    s = res["stats"]
    shape = res["input"]
    print(
        f"input: {shape['appearances']} appearances, {shape['publishers']} publishers, "
        f"{shape['origins']} origins, {shape['verdicts']} verdicts, {shape['competitors']} competitors "
        f"-> {shape['units']} units, score {shape['score']} ({shape['label']})"
    )
    print(f"{'case':<22}{'median ms':>11}{'p5 ms':>9}{'p95 ms':>9}{'x baseline':>12}")
    base = s["baseline"]["median_ms"]
    for name in ("baseline", "engine", "engine+to_dict"):
        st = s[name]
        print(
            f"{name:<22}{st['median_ms']:>11.3f}{st['p5_ms']:>9.3f}{st['p95_ms']:>9.3f}"
            f"{st['median_ms'] / base:>12.1f}"
        )
    print(
        f"10-appearance claims/s (one core): {res['small_claims_per_s']:,.0f} "
        f"(with to_dict: {res['small_claims_with_to_dict_per_s']:,.0f})"
    )
    verdict = "PASS" if res["pass"] else "FAIL"
    print(
        f"budget: 1,000-appearance claim <= {BUDGET_MS} ms median:"
        f" {s['engine']['median_ms']:.3f} ms {verdict}"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=2) + "\n")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
