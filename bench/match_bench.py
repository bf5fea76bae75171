"""Claim-matching benchmark in the CheckThat! format.

    python -m bench.match_bench --pool verified_claims.docs.tsv \
        --queries dev/tweets.queries.tsv --qrels dev/tweet-vclaim-pairs.qrels [--json]

Systems: ``lexical`` (BM25), ``semantic`` (MiniLM cosine, mean of claim and title),
``hybrid`` (reciprocal-rank fusion), ``credence`` (the production configuration: hybrid
pool + the fitted re-ranker), ``credence-lexical`` (lexical-only mode) and
``credence-no-titles`` (the pool's titles dropped, as for claims that have only text).
Latency is per query, end to end: normalisation, query embedding, retrieval, features,
re-ranking (the pool is indexed before the clock starts); ``p50_cpu_ms`` is the same in
CPU time, which load from other processes on a shared machine does not inflate. Pool vectors are cached under
``--cache`` between runs; query vectors never are, so p50 includes embedding the query.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from workers.matching import checkthat
from workers.matching.index import ClaimIndex
from workers.matching.model import get_embedder

DEPTH = 10
SYSTEMS = {  # name -> (method, mode, titles)
    "lexical": ("bm25", "hybrid", True),
    "semantic": ("dense", "hybrid", True),
    "hybrid": ("rrf", "hybrid", True),
    "credence": ("rerank", "hybrid", True),
    "credence-lexical": ("rerank", "lexical", True),
    "credence-no-titles": ("rerank", "hybrid", False),
}


def _time_queries(index: ClaimIndex, queries: dict[str, str],
                  method: str) -> tuple[dict[str, list[str]], list[float], list[float]]:
    rankings, times, cpu = {}, [], []
    for qid, text in queries.items():
        t0, c0 = time.perf_counter(), time.process_time()
        cands = index.search(text, DEPTH, method=method)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        rankings[qid] = [c.claim_id for c in cands]
    return rankings, times, cpu


def run(pool: str | Path, queries: str | Path, qrels: str | Path, *, systems: Sequence[str] | None = None,
        cache_dir: str | Path | None = "var/match-cache") -> dict[str, dict[str, Any]]:
    """Evaluate each system; returns ``{system: {"MAP@1", "MAP@5", "MRR", "p50_ms", ...}}``."""
    claims = checkthat.read_pool(pool)
    qs, gold = checkthat.read_queries(queries), checkthat.read_qrels(qrels)
    qs = {q: t for q, t in qs.items() if q in gold}
    embedder = get_embedder()
    wanted = [s for s in (systems or SYSTEMS) if embedder is not None or SYSTEMS[s][1] == "lexical"
              or SYSTEMS[s][0] == "bm25"]
    indexes: dict[tuple[str, bool], ClaimIndex] = {}
    results: dict[str, dict[str, Any]] = {}
    for name in wanted:
        method, mode, titles = SYSTEMS[name]
        key = (mode, titles)
        if key not in indexes:
            encoder = embedder if mode == "hybrid" else None
            indexes[key] = checkthat.build_index(claims, encoder, titles=titles, cache_dir=cache_dir)
            if embedder is not None and mode == "hybrid":
                indexes[key].search("warm-up query", 1)  # load the model before timing
        rankings, times, cpu = _time_queries(indexes[key], qs, method)
        results[name] = {**{k: round(v, 4) for k, v in checkthat.evaluate(rankings, gold).items()},
                         "p50_ms": round(statistics.median(times), 2),
                         "p95_ms": round(sorted(times)[int(0.95 * (len(times) - 1))], 2),
                         "p50_cpu_ms": round(statistics.median(cpu), 2),
                         "queries": len(qs), "pool": len(claims), "mode": indexes[key].mode}
    return results


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="claim-matching benchmark (CheckThat! format)")
    ap.add_argument("--pool", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--qrels", required=True)
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--systems", help="comma-separated subset of " + ",".join(SYSTEMS))
    ap.add_argument("--cache", default=os.environ.get("CREDENCE_MATCH_CACHE", "var/match-cache"),
                    help="pool-vector cache directory ('' to disable)")
    args = ap.parse_args(argv)
    res = run(args.pool, args.queries, args.qrels, systems=args.systems.split(",") if args.systems else None,
              cache_dir=args.cache or None)
    if args.json:
        print(json.dumps(res, indent=1))
        return
    print(f"{'system':<20} {'MAP@1':>6} {'MAP@5':>6} {'MRR':>6} {'p50 ms':>7} {'p95 ms':>7} {'p50 cpu':>7}")
    for name, r in res.items():
        print(f"{name:<20} {r['MAP@1']:>6.3f} {r['MAP@5']:>6.3f} {r['MRR']:>6.3f} {r['p50_ms']:>7.1f} "
              f"{r['p95_ms']:>7.1f} {r['p50_cpu_ms']:>7.1f}")


if __name__ == "__main__":
    main()
