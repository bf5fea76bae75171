"""From ranked candidates to a decision: ``same``, ``candidate`` or ``new``.

The `same` probability of a candidate comes from a logistic model over its re-ranker
logit, its lead over the best other candidate, and a few absolute signals (cosine,
BM25, coverage) — fitted on train-derived pairs that include queries whose true claim
was removed from the pool, so that "a strong-looking wrong claim" is seen in training.

Numbers rule: two texts that both carry numbers, different ones, are never ``same``.

Question rule: claims sharing a ``question`` are competing answers. A text is never
decided ``same`` as a claim of another question than its own, and never ``same`` as an
answer whose numbers differ from the text's (the answer to "how many died?" is the
number); at most it is a ``candidate`` for an editor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from workers.matching.index import Candidate
from workers.matching.rerank import same_model, sigmoid, thresholds
from workers.matching.text import normalize, numbers_moved

Outcome = Literal["same", "candidate", "new"]
ROW_FEATURES = ("cos_mean", "cos_claim", "bm25", "claim_covered", "query_covered", "numbers_missing")
DECISION_FEATURES = {
    "hybrid": ("logit", "gap", *ROW_FEATURES),
    "lexical": ("logit", "gap", *(f for f in ROW_FEATURES if not f.startswith("cos"))),
}
REVIEW_DEPTH = 5
# A merge needs the two sentences themselves to be close, whatever the lead over the
# other candidates (which a small pool inflates: two unrelated claims in an index of ten
# read as a clear winner). Chosen on CheckThat! train: at .65 the `same` merges there are
# right .983 of the time (298 of 303), keeping 79 % of the right ones.
SAME_MIN_SIMILARITY = 0.65


@dataclass(frozen=True)
class Scored:
    candidate: Candidate
    probability: float


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    claim_id: str | None
    probability: float
    candidates: tuple[Scored, ...]
    reason: str


def decision_rows(cands: Sequence[Candidate], mode: str) -> np.ndarray:
    """One row per candidate: its logit, its lead over the best *other* candidate, and signals."""
    names = DECISION_FEATURES[mode]
    logits = [c.score for c in cands]
    rows = np.zeros((len(cands), len(names)))
    for i, c in enumerate(cands):
        others = logits[:i] + logits[i + 1 :]
        extra = {"logit": c.score, "gap": c.score - max(others) if others else 10.0}
        rows[i] = [extra[n] if n in extra else c.features[n] for n in names]
    return rows


def same_probabilities(cands: Sequence[Candidate], mode: str) -> list[float]:
    if not cands:
        return []
    logits = same_model(mode).logits(decision_rows(cands, mode), DECISION_FEATURES[mode])
    return [sigmoid(float(x)) for x in logits]


# What ``service.records.merges.merge`` refuses too: a claim that answers a question is
# one answer among its rivals, kept apart for the truth model to weigh, never folded into
# another claim — the matcher proposes it for review at most.
ANSWERS_NEVER_MERGE = "a claim that answers a question is never merged: an editor compares them"


def _blocked(text: str, question: str | None, cand: Candidate,
             rivals: Sequence[Candidate]) -> str | None:
    """Why merging into ``cand`` is forbidden (the question rule, or numbers that differ), or None."""
    text_numbers = normalize(text).numbers
    if cand.question is None:
        # Two statements whose numbers differ ("12 killed" / "21 killed", "phase 1" /
        # "phase 2") are different claims however alike their words: an editor decides.
        theirs = normalize(cand.text).numbers
        if text_numbers and theirs and text_numbers != theirs:
            return "the numbers differ"
        if numbers_moved(text, cand.text):
            return "the numbers differ"
        if question is not None:
            return ANSWERS_NEVER_MERGE
        return None
    if question is not None and question != cand.question:
        return f"answers another question ({cand.question})"
    if normalize(cand.text).numbers != text_numbers:
        return f"a competing answer to question {cand.question} (numbers differ)"
    if any(r.question == cand.question and normalize(r.text).numbers == text_numbers for r in rivals):
        # two answers of one question both fit the text: let an editor pick
        return f"close to several answers of question {cand.question}"
    return ANSWERS_NEVER_MERGE


def decide(text: str, cands: Sequence[Candidate], *, question: str | None = None, mode: str = "hybrid",
           same_threshold: float | None = None, candidate_threshold: float | None = None) -> Decision:
    """Decide what a new claim text is, given the index's ranked candidates for it.

    Thresholds default to the fitted ones for ``mode``; a ``None`` `same` threshold (the
    lexical-only default) means nothing is merged without an editor.
    """
    default_same, default_candidate = thresholds(mode)
    t_same = default_same if same_threshold is None else same_threshold
    t_cand = default_candidate if candidate_threshold is None else candidate_threshold
    top = list(cands[:REVIEW_DEPTH])
    probs = same_probabilities(top, mode)
    scored = tuple(Scored(c, q) for c, q in zip(top, probs, strict=True) if q >= t_cand)
    if not top:
        return Decision("new", None, 0.0, (), "no known claim is close")
    best, p = top[0], probs[0]
    if t_same is not None and p >= t_same:
        rivals = [s.candidate for s in scored if s.candidate.claim_id != best.claim_id]
        why_not = _blocked(text, question, best, rivals)
        if why_not is None and mode == "hybrid" and best.similarity < SAME_MIN_SIMILARITY:
            why_not = f"the sentences are not close enough (cosine {best.similarity:.2f})"
        if why_not is None:
            return Decision("same", best.claim_id, p, scored, f"same claim (p={p:.3f} ≥ {t_same})")
        return Decision("candidate", None, p, scored, f"not merged: {why_not}")
    if scored:
        return Decision("candidate", None, p, scored, f"likely duplicates for review (p={p:.3f})")
    return Decision("new", None, p, (), f"no candidate above {t_cand} (best p={p:.3f})")
