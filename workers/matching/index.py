"""The in-memory claim index: ids, texts, vectors and BM25, updated one claim at a time.

Claims live in integer slots; a removed claim's slot goes on a free list and is reused,
so the vector matrix only grows to the peak number of live claims. BM25 statistics are
exact after every change (see :mod:`workers.matching.lexical`), which is what lets the
tests hold "search after updates == search on a fresh build" bit for bit.

Retrieval: BM25 top-N and dense top-N (mean of claim and title cosine) are pooled, then
ordered by a method — ``rerank`` (the production linear re-ranker over features),
``rrf`` (reciprocal-rank fusion), ``dense`` or ``bm25`` — the last three exist for the
benchmark's comparison systems.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np

from workers.matching import fitted
from workers.matching.features import ALL_FEATURES, CandidateView, QueryView, feature_matrix
from workers.matching.fusion import rrf_scores
from workers.matching.lexical import LexicalIndex, best
from workers.matching.model import DIM, Embedder, get_embedder
from workers.matching.rerank import LinearModel, reranker
from workers.matching.text import NormalizedText, normalize
from workers.matching.vectors import VectorStore
from workers.matching.why import explain

POOL_DEPTH = 30
METHODS = ("rerank", "rrf", "dense", "bm25")


@dataclass(frozen=True)
class ClaimRecord:
    id: str
    text: str
    title: str = ""
    question: str | None = None


@dataclass(frozen=True)
class Candidate:
    """One ranked known claim, with the signals that put it there."""

    claim_id: str
    text: str
    question: str | None
    score: float
    similarity: float
    bm25: float
    features: dict[str, float] = field(default_factory=dict)
    why: tuple[str, ...] = ()


@lru_cache(maxsize=8192)
def _norm(text: str) -> NormalizedText:
    return normalize(text)


def _stored(text: str) -> NormalizedText:
    """The normalised view kept per claim: without the cleaned prose, which only embedding needs."""
    return replace(normalize(text), clean="", speaker="")


_AUTO: Embedder | None = object()  # type: ignore[assignment]


class ClaimIndex:
    def __init__(self, embedder: Embedder | None = _AUTO, *, pool_depth: int = POOL_DEPTH) -> None:
        self.embedder = get_embedder() if embedder is _AUTO else embedder
        self.mode = "hybrid" if self.embedder is not None else "lexical"
        self.model_version = self.embedder.version if self.embedder is not None else None
        self.pool_depth = pool_depth
        self._reranker: LinearModel = reranker(self.mode)
        self._lexical = LexicalIndex()
        dim = self.embedder.dim if self.embedder is not None else DIM
        self._search_vecs = VectorStore(dim)  # mean of claim and title vectors
        self._title_vecs = VectorStore(dim, capacity=16)  # only claims that have a title
        self._records: list[ClaimRecord | None] = []
        # normalised claim and title per slot, kept so that scoring a candidate never re-parses text
        self._fields: list[tuple[NormalizedText, NormalizedText | None] | None] = []
        self._slots: dict[str, int] = {}
        self._free: list[int] = []
        self._lock = threading.RLock()

    def __len__(self) -> int:
        return len(self._slots)

    def __contains__(self, claim_id: object) -> bool:
        return claim_id in self._slots

    def ids(self) -> list[str]:
        return list(self._slots)

    # -- updates ---------------------------------------------------------------
    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Claim vectors as the index makes them (normalised text, unit length): what a
        caller stores beside each claim so a rebuild need not embed again."""
        assert self.embedder is not None
        return self.embedder.encode([_norm(t).clean for t in texts])

    def add(self, claim_id: str, text: str, *, title: str = "", question: str | None = None,
            vector: np.ndarray | None = None, title_vector: np.ndarray | None = None) -> None:
        """Add or replace one claim. ``vector``/``title_vector`` skip embedding (e.g. loaded from the DB)."""
        vecs = None if vector is None else np.asarray(vector, dtype=np.float32)[None, :]
        tvecs = None if title_vector is None else np.asarray(title_vector, dtype=np.float32)[None, :]
        self.add_many([ClaimRecord(claim_id, text, title, question)], vecs, tvecs)

    replace = add

    def add_many(self, records: Sequence[ClaimRecord], vectors: np.ndarray | None = None,
                 title_vectors: np.ndarray | None = None) -> None:
        """Add or replace claims in bulk; ``title_vectors`` has one row per record that has a title."""
        if len({r.id for r in records}) != len(records):
            raise ValueError("a claim id appears twice in one batch")
        if self.embedder is not None:
            if vectors is None:
                vectors = self.encode([r.text for r in records])
            if title_vectors is None and any(r.title for r in records):
                title_vectors = self.encode([r.title for r in records if r.title])
        with self._lock:
            for r in records:
                if r.id in self._slots:
                    self._drop(r.id)
            slots = np.array([self._allocate(r) for r in records], dtype=np.int64)
            self._lexical.add_many((s, self._doc_terms(s)) for s in slots.tolist())
            if vectors is None:
                return
            search = np.array(vectors, dtype=np.float32)
            titled = np.array([bool(r.title) for r in records], dtype=bool)
            if titled.any():
                assert title_vectors is not None
                search[titled] = (search[titled] + title_vectors) / 2
                self._title_vecs.put_many(slots[titled], title_vectors)
            self._search_vecs.put_many(slots, search)

    def _allocate(self, record: ClaimRecord) -> int:
        slot = self._free.pop() if self._free else len(self._records)
        fields = (_stored(record.text), _stored(record.title) if record.title else None)
        if slot == len(self._records):
            self._records.append(record)
            self._fields.append(fields)
        else:
            self._records[slot] = record
            self._fields[slot] = fields
        self._slots[record.id] = slot
        return slot

    def remove(self, claim_id: str) -> bool:
        with self._lock:
            return self._drop(claim_id)

    def _drop(self, claim_id: str) -> bool:
        slot = self._slots.pop(claim_id, None)
        if slot is None:
            return False
        self._lexical.remove(slot)
        self._search_vecs.delete(slot)
        self._title_vecs.delete(slot)
        self._records[slot] = None
        self._fields[slot] = None
        self._free.append(slot)
        return True

    def record(self, claim_id: str) -> ClaimRecord | None:
        slot = self._slots.get(claim_id)
        return self._records[slot] if slot is not None else None

    # -- search ----------------------------------------------------------------
    def embed_query(self, text: str) -> np.ndarray | None:
        if self.embedder is None:
            return None
        return self.embedder.encode([_norm(text).clean])[0]

    def search(self, text: str, k: int = 10, *, vector: np.ndarray | None = None, method: str = "rerank",
               exclude: Iterable[str] = ()) -> list[Candidate]:
        """Ranked candidates for a claim text (``vector``: its embedding, if already computed)."""
        if method not in METHODS:
            raise ValueError(f"unknown method {method!r}")
        query = QueryView.of(_norm(text))
        if vector is None and self.embedder is not None and method != "bm25":
            vector = self.embed_query(text)
        with self._lock:
            views = self._pool(query, vector, method)
            skip = {self._slots[c] for c in exclude if c in self._slots}
            views = [v for v in views if v.slot not in skip]
            if not views:
                return []
            rows = feature_matrix(query, views, self._lexical)
            order_scores = self._order(method, rows, views)
            order = np.lexsort((np.array([self._id(v.slot) for v in views]), -order_scores))[:k]
            return [self._candidate(query, views[i], rows[i], float(order_scores[i])) for i in order]

    def pooled_features(self, text: str, *, vector: np.ndarray | None = None,
                        exclude: Iterable[str] = ()) -> tuple[list[str], np.ndarray]:
        """Every pooled candidate's id and feature row (what the re-ranker sees); for fitting."""
        query = QueryView.of(_norm(text))
        if vector is None and self.embedder is not None:
            vector = self.embed_query(text)
        with self._lock:
            skip = {self._slots[c] for c in exclude if c in self._slots}
            views = [v for v in self._pool(query, vector, "rerank") if v.slot not in skip]
            ids = [r.id for r in (self._records[v.slot] for v in views) if r is not None]
            return ids, feature_matrix(query, views, self._lexical)

    def _pool(self, query: QueryView, vector: np.ndarray | None, method: str) -> list[CandidateView]:
        by_slot: dict[int, CandidateView] = {}
        lex = self._lexical.scores(query.norm.terms) if method != "dense" else None
        if lex is not None:
            for rank, (s, sc) in enumerate(self._ranked(*best(lex, 2 * self.pool_depth))):
                by_slot[s] = self._view(s, rank_lex=rank, bm25=sc)
            if query.speaker_terms:
                # a third list: claims naming the post's author ("X said …") that the text alone misses
                with_speaker = self._lexical.scores(query.norm.terms + query.speaker_terms)
                for s, _ in self._ranked(*best(with_speaker, self.pool_depth)):
                    if s not in by_slot:
                        by_slot[s] = self._view(s, bm25=float(lex[s]) if s < len(lex) else 0.0)
        if vector is not None and method != "bm25":
            for rank, (s, _) in enumerate(self._ranked(*self._search_vecs.top(vector, 2 * self.pool_depth))):
                if s in by_slot:
                    by_slot[s].rank_dense = rank
                else:
                    by_slot[s] = self._view(s, rank_dense=rank)
            if lex is not None:
                for v in by_slot.values():
                    if v.rank_lex is None:
                        v.bm25 = float(lex[v.slot]) if v.slot < len(lex) else 0.0
            self._cosines(list(by_slot.values()), vector)
        return list(by_slot.values())

    def _ranked(self, slots: np.ndarray, scores: np.ndarray) -> list[tuple[int, float]]:
        """Best ``pool_depth`` by score, ties broken by claim id rather than by slot, so that
        results do not depend on the order claims were added in."""
        pairs = sorted(zip(slots.tolist(), scores.tolist(), strict=True),
                       key=lambda p: (-p[1], self._id(p[0])))
        return pairs[: self.pool_depth]

    def _id(self, slot: int) -> str:
        rec = self._records[slot]
        return rec.id if rec is not None else ""

    def _doc_terms(self, slot: int) -> tuple[str, ...]:
        fields = self._fields[slot]
        assert fields is not None
        return fields[0].terms + (fields[1].terms if fields[1] is not None else ())

    def _view(self, slot: int, rank_lex: int | None = None, rank_dense: int | None = None,
              bm25: float = 0.0) -> CandidateView:
        fields = self._fields[slot]
        assert fields is not None
        return CandidateView(slot=slot, claim=fields[0], title=fields[1],
                             rank_lex=rank_lex, rank_dense=rank_dense, bm25=bm25)

    def _cosines(self, views: list[CandidateView], vector: np.ndarray) -> None:
        slots = np.array([v.slot for v in views], dtype=np.int64)
        mean = self._search_vecs.rows(slots) @ vector
        for v, m in zip(views, mean.tolist(), strict=True):
            if v.title is not None and self._title_vecs.has(v.slot):
                # search row = (claim + title) / 2, so the claim cosine is recovered exactly
                v.cos_title = float(self._title_vecs.get(v.slot) @ vector)
                v.cos_claim = 2 * m - v.cos_title
            else:
                v.cos_claim = v.cos_title = m

    def _order(self, method: str, rows: np.ndarray, views: Sequence[CandidateView]) -> np.ndarray:
        if method == "rerank":
            return self._reranker.logits(rows)
        if method == "bm25":
            return np.array([v.bm25 for v in views])
        if method == "dense":
            return rows[:, ALL_FEATURES.index("cos_mean")]
        return rrf_scores([v.rank_lex for v in views], [v.rank_dense for v in views],
                          k=fitted.FUSION["k"], dense_weight=fitted.FUSION["dense_weight"])

    def _candidate(self, query: QueryView, view: CandidateView, row: np.ndarray, score: float) -> Candidate:
        rec = self._records[view.slot]
        assert rec is not None
        feats = dict(zip(ALL_FEATURES, row.tolist(), strict=True))
        return Candidate(
            claim_id=rec.id, text=rec.text, question=rec.question, score=score,
            similarity=feats["cos_mean"], bm25=view.bm25, features=feats,
            why=explain(query, view, feats, dense=self.embedder is not None),
        )

    def memory_bytes(self) -> int:
        """Vectors plus the numeric part of the lexical index (Python objects excluded)."""
        return self._search_vecs.nbytes + self._title_vecs.nbytes + self._lexical.nbytes
