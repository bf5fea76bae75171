"""The article's own assertions that match a claim Credence already knows.

Plain normalised-token overlap: the share of the known claim's content words that
the sentence contains. Matching across wordings is the claim matcher's job, not this.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .lexicon import ENGLISH_STOPWORDS
from .resolve import fold

_WORD = re.compile(r"[a-z0-9]+")
THRESHOLD = 0.6
_MIN_CONTENT_WORDS = 3


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> frozenset[str]:
    words = _WORD.findall(fold(text).replace("-", " "))
    return frozenset(_stem(w) for w in words if w not in ENGLISH_STOPWORDS and len(w) > 1)


@dataclass(frozen=True)
class KnownClaim:
    text: str
    words: frozenset[str]


class KnownClaims:
    def __init__(self, texts: Iterable[str]) -> None:
        self.claims: Sequence[KnownClaim] = tuple(
            KnownClaim(t, w) for t in texts if len(w := content_words(t)) >= _MIN_CONTENT_WORDS
        )

    def __bool__(self) -> bool:
        return bool(self.claims)

    def best(self, sentence: str) -> tuple[KnownClaim, float] | None:
        words = content_words(sentence)
        if not words:
            return None
        best: tuple[KnownClaim, float] | None = None
        for claim in self.claims:
            score = len(claim.words & words) / len(claim.words)
            if score >= THRESHOLD and (best is None or score > best[1]):
                best = (claim, score)
        return best
