"""What a worker keeps, per process, to match claims: the search index over every live
claim, built from the database's stored vectors on first use and kept fresh by following
the claims table (``updated_at``: adds, edits and merges) — never rebuilt for a change.

Vectors a claim lacks (or made by another model) are embedded here and stored, so the
next process to start loads them instead of embedding again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy.orm import Session, sessionmaker

from service.records.matching import IndexedClaim, Match, claims_since, store_vectors, stored_vectors
from service.store.db import transaction
from workers.matching import ClaimIndex, decide
from workers.matching.decide import REVIEW_DEPTH
from workers.scoring import MatchingThresholds

log = logging.getLogger(__name__)
# Claims another process wrote just before this one looked, but committed just after,
# carry an updated_at behind the watermark: every look reaches this far back.
OVERLAP = timedelta(minutes=2)
LOAD_CHUNK = 2000


class Matcher:
    def __init__(self, index: ClaimIndex | None = None) -> None:
        self._lock = threading.RLock()
        self._index = index
        self._loaded = False
        self._watermark: datetime | None = None
        self._seen: dict[str, datetime] = {}

    def index(self, sessions: sessionmaker[Session]) -> ClaimIndex:
        """The index, brought up to date with the claims table."""
        with self._lock:
            if self._index is None:
                self._index = ClaimIndex()
            since = self._watermark - OVERLAP if self._loaded and self._watermark is not None else None
            with sessions() as session:
                changed = list(claims_since(session, since))
            self._apply(sessions, changed)
            self._loaded = True
            return self._index

    def _apply(self, sessions: sessionmaker[Session], changed: list[IndexedClaim]) -> None:
        assert self._index is not None
        fresh = [c for c in changed if self._seen.get(c.id) != c.updated_at]
        for claim in fresh:
            self._seen[claim.id] = claim.updated_at
            if self._watermark is None or claim.updated_at > self._watermark:
                self._watermark = claim.updated_at
        for claim in fresh:
            if not claim.live:
                self._index.remove(claim.id)
        live = [c for c in fresh if c.live]
        for start in range(0, len(live), LOAD_CHUNK):
            self._add(sessions, live[start : start + LOAD_CHUNK])
            if len(live) > LOAD_CHUNK:
                log.info("matcher index: %d of %d claims", min(start + LOAD_CHUNK, len(live)), len(live))

    def _add(self, sessions: sessionmaker[Session], claims: Sequence[IndexedClaim]) -> None:
        assert self._index is not None
        index = self._index
        if index.embedder is None:
            for c in claims:
                index.add(c.id, c.text, question=c.question)
            return
        model = index.model_version or ""
        with sessions() as session:
            stored = stored_vectors(session, [c.id for c in claims], model)
        missing = [c for c in claims if c.id not in stored]
        made = index.encode([c.text for c in missing]) if missing else None
        vectors = {cid: np.frombuffer(raw, dtype=np.float32) for cid, raw in stored.items()}
        if made is not None:
            vectors.update({c.id: made[i] for i, c in enumerate(missing)})
            rows = [(c.id, vectors[c.id].tobytes()) for c in missing]
            with transaction(sessions) as session:
                for start in range(0, len(rows), 500):
                    store_vectors(session, model, index.embedder.dim, rows[start : start + 500])
        for c in claims:
            index.add(c.id, c.text, question=c.question, vector=vectors[c.id])

    def embed(self, text: str) -> np.ndarray | None:
        """A text's vector as the index makes it (None in lexical-only mode)."""
        assert self._index is not None
        return self._index.embed_query(text)


_matcher: Matcher | None = None


def matcher() -> Matcher:
    global _matcher
    if _matcher is None:
        _matcher = Matcher()
    return _matcher


def reset() -> None:
    """Forget the index (tests switch databases between runs)."""
    global _matcher
    _matcher = None


def embed_texts(sessions: sessionmaker[Session], texts: Sequence[str]) -> dict[str, np.ndarray]:
    """Query vectors for many claim texts in one encoder call: a batch costs a fraction of
    one call per text (the model's fixed cost per call dominates a short claim)."""
    index = matcher().index(sessions)
    unique = list(dict.fromkeys(texts))
    if index.embedder is None or not unique:
        return {}
    return dict(zip(unique, index.encode(unique), strict=True))


def decide_texts(
    sessions: sessionmaker[Session],
    texts: Sequence[str],
    thresholds: MatchingThresholds,
    vectors: Mapping[str, np.ndarray] | None = None,
) -> dict[str, Match]:
    """What each new claim text is — ``same`` as a known claim, a ``candidate`` beside its
    likely duplicates, or ``new`` — decided in order, so a text repeated in other words
    later in the same batch joins the first (``new:<n>`` until it is stored).
    ``vectors``: texts already embedded (``embed_texts``); the rest are embedded here, at once."""
    state = matcher()
    unique = list(dict.fromkeys(texts))
    known = dict(vectors or {})
    missing = [t for t in unique if t not in known]
    if missing:
        known.update(embed_texts(sessions, missing))
    with state._lock:
        index = state.index(sessions)
        out: dict[str, Match] = {}
        provisional: list[str] = []
        try:
            for text in unique:
                vector = known.get(text)
                candidates = index.search(text, k=REVIEW_DEPTH, vector=vector)
                same = None if index.mode == "lexical" else thresholds.same
                decision = decide(
                    text,
                    candidates,
                    mode=index.mode,
                    same_threshold=same,
                    candidate_threshold=thresholds.candidate,
                )
                likely = tuple(
                    (c.candidate.claim_id, c.probability, c.candidate.why) for c in decision.candidates
                )
                out[text] = Match(
                    decision.outcome,
                    decision.claim_id,
                    decision.probability,
                    likely,
                    vector.astype(np.float32).tobytes() if vector is not None else None,
                    index.model_version,
                )
                if decision.outcome != "same":
                    key = f"new:{text}"
                    provisional.append(key)
                    index.add(key, text, vector=vector)
        finally:
            for key in provisional:
                index.remove(key)
        return out
