"""Features of one (query, candidate claim) pair for the re-ranker and the decision.

Every feature is defined whether or not the claim has a title (a missing title reuses
the claim text) and whether or not vectors exist (dense features are then absent from
the lexical-only model, see :mod:`workers.matching.rerank`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from workers.matching.lexical import LexicalIndex
from workers.matching.text import NormalizedText, terms

DENSE_FEATURES = ("cos_claim", "cos_title", "cos_mean", "cos_gap", "rr_dense", "cos_x_bm25")
LEXICAL_FEATURES = (
    "bm25", "bm25_claim", "bm25_title", "bm25_rel", "rr_lex", "bm25_speaker",
    "claim_covered", "query_covered", "numbers_shared", "numbers_missing",
    "names_covered", "speaker_covered",
)
ALL_FEATURES = DENSE_FEATURES + LEXICAL_FEATURES


@dataclass(frozen=True)
class QueryView:
    norm: NormalizedText
    speaker_terms: tuple[str, ...]

    @classmethod
    def of(cls, norm: NormalizedText) -> QueryView:
        return cls(norm=norm, speaker_terms=terms(norm.speaker))


@dataclass
class CandidateView:
    slot: int
    claim: NormalizedText
    title: NormalizedText | None
    cos_claim: float = 0.0
    cos_title: float = 0.0
    rank_dense: int | None = None
    rank_lex: int | None = None
    bm25: float = 0.0


def _covered(part: Sequence[str] | frozenset[str], whole: set[str]) -> float:
    items = set(part)
    return len(items & whole) / len(items) if items else 0.0


def feature_matrix(query: QueryView, cands: Sequence[CandidateView], lexical: LexicalIndex) -> np.ndarray:
    """One row per candidate, columns in :data:`ALL_FEATURES` order."""
    q_terms = query.norm.terms
    q_set = set(q_terms)
    # BM25 normalised by what a document holding each query term once would score, so
    # the value is comparable across queries of different lengths.
    weights = lexical.query_weights(q_terms)
    idf_sum = sum(weights.values()) or 1.0
    # the post's author often is the claim's subject ("X said …"), so score query + speaker too
    sp_weights = lexical.query_weights(q_terms + query.speaker_terms)
    sp_sum = sum(sp_weights.values()) or 1.0
    best_bm25 = max((c.bm25 for c in cands), default=0.0) or 1.0
    means = [(c.cos_claim + c.cos_title) / 2 for c in cands]
    best_cos = max(means, default=0.0)
    rows = np.zeros((len(cands), len(ALL_FEATURES)), dtype=np.float64)
    for i, c in enumerate(cands):
        title = c.title or c.claim
        c_set = set(c.claim.terms) | set(title.terms)
        c_numbers = c.claim.numbers | title.numbers
        doc = c.claim.terms + (c.title.terms if c.title else ())
        rows[i] = (
            c.cos_claim, c.cos_title, means[i], means[i] - best_cos,
            1.0 / (1 + c.rank_dense) if c.rank_dense is not None else 0.0,
            means[i] * c.bm25 / best_bm25,
            c.bm25 / idf_sum,
            lexical.score_tokens(weights, c.claim.terms) / idf_sum,
            lexical.score_tokens(weights, title.terms) / idf_sum,
            c.bm25 / best_bm25,
            1.0 / (1 + c.rank_lex) if c.rank_lex is not None else 0.0,
            lexical.score_tokens(sp_weights, doc) / sp_sum if query.speaker_terms else c.bm25 / idf_sum,
            _covered(c.claim.terms, q_set),
            _covered(q_terms, c_set),
            float(len(query.norm.numbers & c_numbers) > 0),
            float(bool(c_numbers) and not (c_numbers & query.norm.numbers)),
            _covered(query.norm.names, c_set),
            _covered(query.speaker_terms, c_set),
        )
    return rows


def select(rows: np.ndarray, names: Sequence[str], layout: Sequence[str] = ALL_FEATURES) -> np.ndarray:
    """The ``names`` columns of rows laid out as ``layout``."""
    idx = [list(layout).index(n) for n in names]
    return rows[:, idx]
