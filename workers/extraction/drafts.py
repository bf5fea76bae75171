"""Drafts (claims before resolution) and their resolution into extracted claims."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .lexicon import CLAIM_NOUNS, PERSON_TITLES
from .types import ExtractedClaim


@dataclass
class Draft:
    """A claim before source resolution."""

    text: str
    start: int
    end: int
    quote: str
    source: str | None
    via: list[str]
    hedged: bool
    stance: str
    confidence: float
    pattern: str
    person_source: bool = False


def title_coreference(drafts: list[Draft], origins: dict[int, str | None], words_of: Any) -> None:
    """ "Top Russian General" / "the agency" -> the one resolved speaker of this article
    that carries the same title or head noun ("General X", "the National Health Agency").

    `words_of(text)` gives the folded words of a source. Only short sources whose last
    word is a title or a common noun take part, and only when every resolved source
    carrying that word agrees on one outlet.
    """
    by_word: dict[str, set[str]] = {}
    for i, d in enumerate(drafts):
        origin = origins.get(i)
        if origin and d.source:
            for w in words_of(d.source):
                by_word.setdefault(w, set()).add(origin)
    for i, d in enumerate(drafts):
        if origins.get(i) or not d.source:
            continue
        words = words_of(d.source)
        if not words or len(words) > 3 or words[-1] in CLAIM_NOUNS:
            continue
        last_written = d.source.split()[-1]
        if words[-1] not in PERSON_TITLES and not last_written[:1].islower():
            continue
        found = by_word.get(words[-1], set())
        if len(found) == 1:
            origins[i] = next(iter(found))


def to_claims(drafts: list[Draft], resolver: Any, titles_of: Any) -> list[ExtractedClaim]:
    resolutions = {
        i: (resolver.resolve(d.source) if resolver is not None and d.source else None)
        for i, d in enumerate(drafts)
    }
    origins = {i: (r.origin if r is not None else None) for i, r in resolutions.items()}
    title_coreference(drafts, origins, titles_of)
    claims: list[ExtractedClaim] = []
    seen: set[tuple[int, int, str, str | None]] = set()
    for i, d in enumerate(drafts):
        key = (d.start, d.end, d.text.casefold(), d.source)
        if key in seen:
            continue
        seen.add(key)
        r = resolutions[i]
        claims.append(
            ExtractedClaim(
                text=d.text,
                quote=d.quote,
                start=d.start,
                end=d.end,
                source=d.source,
                origin=origins[i],
                via=tuple(d.via),
                via_origins=tuple(
                    resolver.resolve(v).origin if resolver is not None else None for v in d.via
                ),
                hedged=d.hedged,
                stance=d.stance,
                confidence=d.confidence,
                pattern=d.pattern,
                candidates=r.candidates if r is not None else (),
                kind_guess=r.kind_guess if r is not None else None,
            )
        )
    return claims
