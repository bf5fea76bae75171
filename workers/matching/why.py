"""Short human-readable reasons for a candidate: which signals matched."""

from __future__ import annotations

from collections.abc import Mapping

from workers.matching.features import CandidateView, QueryView


def explain(query: QueryView, view: CandidateView, feats: Mapping[str, float], *,
            dense: bool) -> tuple[str, ...]:
    why: list[str] = []
    if dense:
        part = "title" if feats["cos_title"] > feats["cos_claim"] else "claim"
        why.append(f"meaning: cosine {max(feats['cos_claim'], feats['cos_title']):.2f} with the {part}")
    title_terms = view.title.terms if view.title else ()
    shared = [t for t in dict.fromkeys(query.norm.terms) if t in set(view.claim.terms) | set(title_terms)]
    if shared:
        why.append(f"words: {len(shared)} shared ({', '.join(shared[:6])}), BM25 {view.bm25:.1f}")
    c_numbers = view.claim.numbers | (view.title.numbers if view.title else frozenset())
    if query.norm.numbers & c_numbers:
        why.append("numbers: " + ", ".join(sorted(query.norm.numbers & c_numbers)[:4]))
    elif c_numbers and query.norm.numbers:
        why.append("numbers differ: " + ", ".join(sorted(c_numbers)[:3]))
    names = query.norm.names & (set(view.claim.terms) | set(title_terms))
    if names:
        why.append("names: " + ", ".join(sorted(names)[:4]))
    if feats.get("speaker_covered", 0.0) > 0:
        why.append(f"speaker named in the claim ({query.norm.speaker})")
    return tuple(why)
