"""Search latency and memory of the claim index at 10k / 100k / 1M synthetic claims.

    python -m bench.match_scale [--sizes 10000,100000,1000000] [--queries 200] [--json]

Claims are synthetic but shaped like real ones: 8-30 words drawn Zipf-like from a
50,000-word made-up lexicon (so posting lists have a realistic long tail), some
numbers, random unit vectors standing in for MiniLM's. Each query is a search with the
production method (BM25 + dense pool, features, re-ranker). ``p50_search_ms`` is the
index alone (query vector given); ``p50_end_to_end_ms`` adds embedding the query with
the real model (one torch thread), as ``POST /v1/claims/search`` would. Memory is the
process's resident-set growth while building the index. The machine is shared, so
each latency is also given as CPU time (``*_cpu_ms``: the process's CPU seconds, all its
threads), which other load does not inflate.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from workers.matching.index import ClaimIndex, ClaimRecord
from workers.matching.model import DIM, get_embedder

LEXICON = 50_000
CHUNK = 50_000


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class _Fixed:
    """An embedder that returns given vectors: the index's add path without the model."""

    version = "synthetic"
    dim = DIM

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        raise RuntimeError("vectors are always given in this benchmark")


def _words(rng: np.random.Generator) -> np.ndarray:
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    lengths = rng.integers(3, 10, LEXICON)
    return np.array(["".join(rng.choice(letters, n)) for n in lengths])


def _texts(rng: np.random.Generator, words: np.ndarray, n: int) -> list[str]:
    ranks = np.minimum(rng.zipf(1.15, size=(n, 30)), LEXICON) - 1
    lengths = rng.integers(8, 31, n)
    out = []
    for i in range(n):
        text = " ".join(words[ranks[i, : lengths[i]]])
        if rng.random() < 0.3:
            text += f" {int(rng.integers(2, 100_000))}"
        out.append(text)
    return out


def _unit(rng: np.random.Generator, n: int) -> np.ndarray:
    v = rng.standard_normal((n, DIM), dtype=np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def measure(size: int, n_queries: int, *, seed: int = 0, embed: bool = True) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    words = _words(rng)
    rss0, t0 = _rss_mb(), time.perf_counter()
    index = ClaimIndex(_Fixed())
    for start in range(0, size, CHUNK):
        n = min(CHUNK, size - start)
        records = [ClaimRecord(f"c{start + i}", t) for i, t in enumerate(_texts(rng, words, n))]
        index.add_many(records, _unit(rng, n))
    build_s, rss = time.perf_counter() - t0, _rss_mb() - rss0
    queries, qvecs = _texts(rng, words, n_queries), _unit(rng, n_queries)
    search_ms, search_cpu = [], []
    for text, vec in zip(queries, qvecs, strict=True):
        t, c = time.perf_counter(), time.process_time()
        index.search(text, 10, vector=vec)
        search_ms.append((time.perf_counter() - t) * 1000)
        search_cpu.append((time.process_time() - c) * 1000)
    update_ms = []
    for i in range(50):  # replace, remove and re-add single claims: the incremental path
        cid, vec = f"c{int(rng.integers(size))}", _unit(rng, 1)[0]
        t = time.perf_counter()
        index.replace(cid, queries[i % n_queries], vector=vec)
        index.remove(cid)
        index.add(cid, queries[i % n_queries], vector=vec)
        update_ms.append((time.perf_counter() - t) * 1000 / 3)
    out: dict[str, Any] = {
        "claims": size, "build_s": round(build_s, 1), "rss_mb": round(rss),
        "index_arrays_mb": round(index.memory_bytes() / 2**20),
        "p50_search_ms": round(statistics.median(search_ms), 2),
        "p95_search_ms": round(sorted(search_ms)[int(0.95 * (len(search_ms) - 1))], 2),
        "p50_search_cpu_ms": round(statistics.median(search_cpu), 2),
        "p50_update_ms": round(statistics.median(update_ms), 2),
    }
    embedder = get_embedder() if embed else None
    if embedder is not None:
        index.embedder = embedder  # query side only: the pool's vectors stay synthetic
        index.search(queries[0], 10)  # load the model outside the clock
        e2e, e2e_cpu = [], []
        for text in queries[: min(n_queries, 100)]:
            t, c = time.perf_counter(), time.process_time()
            index.search(text, 10)
            e2e.append((time.perf_counter() - t) * 1000)
            e2e_cpu.append((time.process_time() - c) * 1000)
        out["p50_end_to_end_ms"] = round(statistics.median(e2e), 2)
        out["p50_end_to_end_cpu_ms"] = round(statistics.median(e2e_cpu), 2)
    return out


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="claim index scale curve")
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--no-embed", action="store_true", help="skip the end-to-end figure (no model)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    for size in sizes:
        if len(sizes) == 1:
            rows.append(measure(size, args.queries, embed=not args.no_embed))
        else:  # one process per size, so that each memory figure starts from a clean heap
            cmd = [sys.executable, "-m", "bench.match_scale", "--sizes", str(size), "--queries",
                   str(args.queries), "--json", *(["--no-embed"] if args.no_embed else [])]
            rows.extend(json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout))
        if not args.json:
            print(json.dumps(rows[-1]), flush=True)
    if args.json:
        print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
