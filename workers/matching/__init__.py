"""Claim matching: a pure core (no I/O, no service imports) plus lazy model loading.

    index = ClaimIndex()                       # MiniLM when installed, else lexical-only
    index.add("c1", "US forces trained ISIS fighters at al-Tanf", question=None)
    cands = index.search("U.S. troops trained Islamic State militants at al-Tanf.", k=10)
    decision = decide(text, cands, question=None)   # same / candidate / new

Importing this package loads neither torch nor sentence-transformers; the encoder is
loaded on first use, once per process. See docs/matching.md.
"""

from __future__ import annotations

from workers.matching.decide import Decision, Scored, decide
from workers.matching.index import Candidate, ClaimIndex, ClaimRecord
from workers.matching.model import DIM, MODEL_NAME, embedding_available, get_embedder, model_version
from workers.matching.text import normalize

__all__ = [
    "DIM", "MODEL_NAME", "Candidate", "ClaimIndex", "ClaimRecord", "Decision", "Scored", "decide",
    "embedding_available", "get_embedder", "model_version", "normalize",
]
