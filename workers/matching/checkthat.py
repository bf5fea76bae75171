"""Readers and metrics for the CLEF CheckThat! claim-retrieval format.

Pool: TSV ``id, claim, title`` with a header row; queries: TSV ``id, text`` with a
header; qrels: TREC lines ``query 0 claim relevance``. Fields may hold quoted newlines,
so the csv module (not line splitting) reads them.
"""

from __future__ import annotations

import csv
import hashlib
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from workers.matching.index import ClaimIndex, ClaimRecord
from workers.matching.model import Embedder
from workers.matching.text import normalize

csv.field_size_limit(sys.maxsize)


@dataclass(frozen=True)
class PoolClaim:
    id: str
    text: str
    title: str = ""


def _rows(path: str | Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    # The header's first cell is empty in the published files; skip any non-data first row.
    if rows and (not rows[0][0] or not rows[0][0].strip().isalnum() or rows[0][0].lower() == "id"):
        rows = rows[1:]
    return [r for r in rows if r and r[0].strip()]


def read_pool(path: str | Path) -> list[PoolClaim]:
    return [PoolClaim(r[0].strip(), r[1], r[2] if len(r) > 2 else "") for r in _rows(path)]


def read_queries(path: str | Path) -> dict[str, str]:
    return {r[0].strip(): r[1] for r in _rows(path)}


def read_qrels(path: str | Path) -> dict[str, set[str]]:
    gold: dict[str, set[str]] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 4 and int(parts[3]) > 0:
                gold.setdefault(parts[0], set()).add(parts[2])
    return gold


def average_precision(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """AP@k as the CheckThat! 2020 scorer computes it (normalised by the number relevant)."""
    hits, total = 0, 0.0
    for i, cid in enumerate(ranked[:k]):
        if cid in relevant:
            hits += 1
            total += hits / (i + 1)
    return total / len(relevant) if relevant else 0.0


def reciprocal_rank(ranked: Sequence[str], relevant: set[str]) -> float:
    for i, cid in enumerate(ranked):
        if cid in relevant:
            return 1.0 / (i + 1)
    return 0.0


def evaluate(rankings: Mapping[str, Sequence[str]], gold: Mapping[str, set[str]]) -> dict[str, float]:
    """MAP@1, MAP@5 and MRR over the queries that have gold labels."""
    qids = [q for q in gold if q in rankings]
    n = max(len(qids), 1)
    return {
        "MAP@1": sum(average_precision(rankings[q], gold[q], 1) for q in qids) / n,
        "MAP@5": sum(average_precision(rankings[q], gold[q], 5) for q in qids) / n,
        "MRR": sum(reciprocal_rank(rankings[q], gold[q]) for q in qids) / n,
    }


def cached_encode(embedder: Embedder, texts: Sequence[str], cache_dir: str | Path | None) -> np.ndarray:
    """Encode texts, reusing a previous run's vectors for the same model and texts."""
    if cache_dir is None:
        return embedder.encode(texts)
    key = hashlib.sha256("\x1e".join([embedder.version, *texts]).encode()).hexdigest()[:24]
    path = Path(cache_dir) / f"vectors-{key}.npy"
    if path.exists():
        return np.load(path)
    vecs = embedder.encode(texts)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, vecs)
    return vecs


def build_index(pool: Sequence[PoolClaim], embedder: Embedder | None, *, titles: bool = True,
                cache_dir: str | Path | None = None) -> ClaimIndex:
    """A :class:`ClaimIndex` over a pool (``titles=False`` drops the titles: product-like claims)."""
    records = [ClaimRecord(c.id, c.text, c.title if titles else "") for c in pool]
    index = ClaimIndex(embedder)
    if embedder is None:
        index.add_many(records)
        return index
    vecs = cached_encode(embedder, [normalize(r.text).clean for r in records], cache_dir)
    tvecs = cached_encode(embedder, [normalize(r.title).clean for r in records if r.title], cache_dir)
    index.add_many(records, vecs, tvecs)
    return index


def query_vectors(embedder: Embedder | None, queries: Mapping[str, str],
                  cache_dir: str | Path | None = None) -> dict[str, np.ndarray | None]:
    if embedder is None:
        return dict.fromkeys(queries)
    vecs = cached_encode(embedder, [normalize(t).clean for t in queries.values()], cache_dir)
    return dict(zip(queries, vecs, strict=True))
