"""Time a full learning run (``workers.truth.learn``) against majority vote.

    .venv/bin/python -m bench.truth.time_learn weather [--data-dir ../shared/data/truth]

Both timings start from the normalised appearance triples: ``learn`` includes encoding
the triples, the two Credence passes and building the result dictionaries; majority
vote is timed the same way (encode + vote + result dictionary), so the ratio compares
two complete runs. Best of ``--repeat`` runs, to keep scheduler noise out.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable

from bench.truth.baselines.vote import majority_vote
from bench.truth.normalise import load_dataset
from workers.truth import learn
from workers.truth.dataset import encode


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dataset", choices=["books", "population", "weather"])
    parser.add_argument("--data-dir", default=os.environ.get("CREDENCE_TRUTH_DATA",
                                                             "../shared/data/truth"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    data = load_dataset(args.dataset, args.data_dir)
    triples = [(s, item, v) for s, item, v in data.claims]

    def run_vote() -> None:
        problem = encode(triples)
        best = majority_vote(problem).truths(problem)
        _ = {item: problem.claim_values[best[i]] for i, item in enumerate(problem.items)}

    def best_of(fn: Callable[[], object]) -> float:
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return min(times)

    t_learn = best_of(lambda: learn(triples))
    t_vote = best_of(run_vote)
    print(f"{args.dataset}: {len(triples)} claims; learn() {t_learn:.3f} s, "
          f"majority vote {t_vote:.3f} s, ratio {t_learn / t_vote:.1f}x")


if __name__ == "__main__":
    main()
