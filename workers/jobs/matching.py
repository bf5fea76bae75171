"""Matching jobs. ``match_claim`` decides what a claim created through the API is (the
article job decides for its own claims before storing them); ``search_claims`` and
``similar_claims`` answer a waiting request from this process's index — what
``POST /v1/claims/search`` and ``GET /v1/claims/{id}/similar`` return."""

from __future__ import annotations

from typing import Any

from service.jobs.enqueue import enqueue_effects
from service.models import Claim, utcnow
from service.records.matching import found_body
from service.records.merges import merge
from service.records.review import link_candidates
from service.records.scoring_config import scoring_config
from service.store.db import transaction
from workers.context import context
from workers.matcher import matcher
from workers.matching import decide
from workers.matching.decide import REVIEW_DEPTH, same_probabilities

ACTOR = "matcher"


def match_claim(claim_id: str) -> dict[str, Any]:
    """``same`` merges the new claim into the known one (an undoable merge by the matcher),
    ``candidate`` links it to its likely duplicates for review, ``new`` leaves it be."""
    ctx = context()
    with ctx.sessions() as session:
        claim = session.get(Claim, claim_id)
        if claim is None or claim.merged_into is not None:
            return {"claim": claim_id, "outcome": "gone"}
        text, question = claim.text, claim.question
        thresholds = scoring_config(session).matching
    index = matcher().index(ctx.sessions)  # now holds this claim too, its vector stored
    # Known claims are the older ones (ids are time-ordered): of two paraphrases posted
    # together, the newer joins the older, whichever job runs first.
    ranked = index.search(text, k=4 * REVIEW_DEPTH, exclude=[claim_id])
    candidates = [c for c in ranked if c.claim_id < claim_id][:REVIEW_DEPTH]
    decision = decide(
        text,
        candidates,
        question=question,
        mode=index.mode,
        same_threshold=None if index.mode == "lexical" else thresholds.same,
        candidate_threshold=thresholds.candidate,
    )
    effects = None
    with transaction(ctx.sessions) as session:
        decided = session.get(Claim, claim_id, with_for_update=True)
        if decided is None or decided.merged_into is not None:
            return {"claim": claim_id, "outcome": "gone"}
        decided.matched_at = utcnow()
        if decision.outcome == "same" and decision.claim_id:
            _, effects = merge(session, claim_id, decision.claim_id, ACTOR, decision.reason)
        elif decision.outcome == "candidate":
            likely = [
                (c.candidate.claim_id, c.probability, list(c.candidate.why)) for c in decision.candidates
            ]
            link_candidates(session, claim_id, likely)
    if effects is not None:
        enqueue_effects(ctx.redis, ctx.settings, effects)
    outcome = {"outcome": decision.outcome, "into": decision.claim_id, "reason": decision.reason}
    return {"claim": claim_id} | outcome


def search_claims(text: str, limit: int = 10, exclude: str | None = None) -> dict[str, Any]:
    """The known claims closest to ``text``, best first, with their corroboration and
    verdicts, the similarity, the probability that they are the same claim, and why."""
    ctx = context()
    index = matcher().index(ctx.sessions)
    candidates = index.search(text, k=limit, exclude=[exclude] if exclude else ())
    probabilities = same_probabilities(candidates, index.mode)
    with ctx.sessions() as session:
        items = found_body(session, candidates, probabilities)
    return {"mode": index.mode, "model": index.model_version, "items": items}


def similar_claims(claim_id: str, limit: int = 10) -> dict[str, Any]:
    ctx = context()
    with ctx.sessions() as session:
        claim = session.get(Claim, claim_id)
        text = claim.text if claim is not None else None
    if text is None:
        return {"mode": None, "model": None, "items": [], "missing": claim_id}
    return search_claims(text, limit, exclude=claim_id)
