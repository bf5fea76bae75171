"""The article's own assertions that match a claim Credence already knows.

Plain normalised-token overlap: the share of the known claim's content words that
the sentence contains. Matching across wordings is the claim matcher's job, not this.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
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
    """Known claims indexed by content word, so a sentence is compared only with the
    claims that share a word with it: a worker keeps one for the life of the process and
    ``add``s claims as they appear, at any size of the claim table."""

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self.claims: list[KnownClaim] = []
        self._by_word: dict[str, list[int]] = defaultdict(list)
        for text in texts:
            self.add(text)

    def add(self, text: str) -> None:
        words = content_words(text)
        if len(words) < _MIN_CONTENT_WORDS:
            return
        n = len(self.claims)
        self.claims.append(KnownClaim(text, words))
        for w in words:
            self._by_word[w].append(n)

    def __bool__(self) -> bool:
        return bool(self.claims)

    def __len__(self) -> int:
        return len(self.claims)

    def best(self, sentence: str) -> tuple[KnownClaim, float] | None:
        words = content_words(sentence)
        if not words:
            return None
        shared: Counter[int] = Counter()
        for w in words:
            shared.update(self._by_word.get(w, ()))
        best: tuple[KnownClaim, float] | None = None
        # Claims in the order they were added, so ties go to the earliest, as before.
        for n in sorted(shared):
            claim = self.claims[n]
            score = shared[n] / len(claim.words)
            if score >= THRESHOLD and (best is None or score > best[1]):
                best = (claim, score)
        return best
