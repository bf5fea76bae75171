"""Held-out check of the `same` / `candidate` decisions at the default thresholds.

    python -m bench.match_calibration --pool POOL --queries dev/tweets.queries.tsv \
        --qrels dev/tweet-vclaim-pairs.qrels [--json]

Pairs are built like the training pairs (workers/matching/calibrate.py), on queries the
fit never saw: each query is decided twice — against the full pool (*present*: the
right answer is `same` as its gold claim or a verbatim copy of it) and with the gold
claim and its copies removed (*absent*: any `same` is a wrong merge). Precision of
`same` is over both halves; recall is over the present half.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from workers.matching import checkthat
from workers.matching.decide import decide
from workers.matching.fit import pool_copies
from workers.matching.model import get_embedder


def run(pool: str | Path, queries: str | Path, qrels: str | Path, *, lexical: bool = False,
        cache_dir: str | Path | None = "var/match-cache") -> dict[str, Any]:
    claims = checkthat.read_pool(pool)
    qs, gold = checkthat.read_queries(queries), checkthat.read_qrels(qrels)
    embedder = None if lexical else get_embedder()
    index = checkthat.build_index(claims, embedder, cache_dir=cache_dir)
    copies = pool_copies(claims)
    counts = dict.fromkeys(("present", "absent", "same_right", "same_wrong_present", "same_absent",
                            "candidate_present", "candidate_absent", "gold_linked_present"), 0)
    for qid, text in qs.items():
        if qid not in gold:
            continue
        same = set().union(*(copies.get(g, {g}) for g in gold[qid]))
        vec = index.embed_query(text)
        for scenario, exclude in (("present", ()), ("absent", same)):
            counts[scenario] += 1
            d = decide(text, index.search(text, 10, vector=vec, exclude=exclude), mode=index.mode)
            if d.outcome == "same":
                if scenario == "absent":
                    counts["same_absent"] += 1
                elif d.claim_id in same:
                    counts["same_right"] += 1
                else:
                    counts["same_wrong_present"] += 1
            elif d.outcome == "candidate":
                counts[f"candidate_{scenario}"] += 1
                if scenario == "present" and any(s.candidate.claim_id in same for s in d.candidates):
                    counts["gold_linked_present"] += 1
    merged = counts["same_right"] + counts["same_wrong_present"] + counts["same_absent"]
    return {
        "mode": index.mode,
        "same_precision": round(counts["same_right"] / merged, 4) if merged else None,
        "same_recall": round(counts["same_right"] / counts["present"], 4),
        "false_merge_rate_absent": round(counts["same_absent"] / counts["absent"], 4),
        "review_rate_absent": round(counts["candidate_absent"] / counts["absent"], 4),
        "present_sent_to_review_with_gold_linked": counts["gold_linked_present"],
        **counts,
    }


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="held-out precision/recall of the match decisions")
    ap.add_argument("--pool", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--qrels", required=True)
    ap.add_argument("--lexical", action="store_true", help="lexical-only mode")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    res = run(args.pool, args.queries, args.qrels, lexical=args.lexical)
    print(json.dumps(res, indent=None if args.json else 1))


if __name__ == "__main__":
    main()
