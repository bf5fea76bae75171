from __future__ import annotations

import math
import random
from collections import Counter

import numpy as np
import pytest

from workers.matching.lexical import LexicalIndex

WORDS = [
    "claim", "base", "troops", "trained", "fighters", "syria", "vote", "fraud", "ballot", "mail",
    "virus", "cure", "water", "death", "toll",
]


def _bm25(query, docs, slot, k1=1.5, b=0.75):
    """Reference Lucene BM25, straight from the formula."""
    n = len(docs)
    avg = sum(len(d) for d in docs.values()) / n
    counts = Counter(docs[slot])
    total = 0.0
    for t in dict.fromkeys(query):
        df = sum(1 for d in docs.values() if t in d)
        tf = counts.get(t, 0)
        if tf:
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            total += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(docs[slot]) / avg))
    return total


def _random_docs(rng, n):
    return {s: [rng.choice(WORDS) for _ in range(rng.randint(1, 12))] for s in range(n)}


def test_scores_match_the_formula():
    rng = random.Random(1)
    docs = _random_docs(rng, 40)
    index = LexicalIndex()
    for s, d in docs.items():
        index.add(s, d)
    query = ["troops", "syria", "cure", "unknown"]
    scores = index.scores(query)
    for s in docs:
        assert scores[s] == pytest.approx(_bm25(query, docs, s), rel=1e-5)


def test_updates_equal_a_fresh_build():
    rng = random.Random(2)
    docs = _random_docs(rng, 60)
    index = LexicalIndex()
    index.add_many(docs.items())
    for _ in range(200):
        s = rng.randrange(80)
        if rng.random() < 0.4 and s in docs:
            del docs[s]
            index.remove(s)
        else:
            docs[s] = [rng.choice(WORDS) for _ in range(rng.randint(1, 12))]
            index.add(s, docs[s])
    fresh = LexicalIndex()
    for s, d in docs.items():
        fresh.add(s, d)
    for query in (["troops"], ["vote", "fraud", "mail"], WORDS):
        a, b = index.scores(query), fresh.scores(query)
        size = max(len(a), len(b))
        np.testing.assert_allclose(np.resize(a, size) * (np.arange(size) < len(a)),
                                   np.resize(b, size) * (np.arange(size) < len(b)), rtol=1e-5)
    assert len(index) == len(docs)


def test_add_many_equals_add():
    rng = random.Random(3)
    docs = _random_docs(rng, 30)
    one, bulk = LexicalIndex(), LexicalIndex()
    for s, d in docs.items():
        one.add(s, d)
    bulk.add_many(docs.items())
    np.testing.assert_allclose(one.scores(WORDS), bulk.scores(WORDS), rtol=1e-6)


def test_top_returns_only_matches_best_first():
    index = LexicalIndex()
    index.add(0, ["vote", "fraud"])
    index.add(1, ["vote"])
    index.add(2, ["virus"])
    slots, scores = index.top(["vote", "fraud"], 10)
    assert slots.tolist() == [0, 1]
    assert scores[0] > scores[1] > 0
    index.remove(0)
    assert index.top(["fraud"], 10)[0].tolist() == []


def test_score_tokens_agrees_with_indexed_score():
    index = LexicalIndex()
    docs = {0: ["a1", "b1", "b1"], 1: ["b1", "c1"], 2: ["c1", "c1", "c1", "d1"]}
    index.add_many(docs.items())
    for s, d in docs.items():
        indexed = float(index.scores(["b1", "c1"])[s])
        assert index.score_tokens(["b1", "c1"], d) == pytest.approx(indexed, rel=1e-5)
