"""Plain-data results of claim extraction.

Immutable, JSON-ready through `to_dict()`; nothing here touches spaCy, so the web
process can build, read and serialise extractions without loading a model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Bumped whenever a change can alter what is extracted from the same text, so that
# `credence reextract` knows which articles are stale.
EXTRACTOR_VERSION = "credence-extract/0.1.0"

STANCES: tuple[str, ...] = ("supports", "refutes", "neutral")


@dataclass(frozen=True)
class ExtractedClaim:
    text: str
    quote: str
    start: int
    end: int
    source: str | None
    origin: str | None = None
    via: tuple[str, ...] = ()
    hedged: bool = False
    stance: str = "supports"
    confidence: float = 0.5
    # Why the claim was taken (the frame that matched): kept for debugging and the
    # bench, not part of the public shape.
    pattern: str = ""
    candidates: tuple[str, ...] = ()
    kind_guess: str | None = None
    # ``via`` resolved like the source: each relay's outlet id, or None where it names none.
    via_origins: tuple[str | None, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "source": self.source,
            "origin": self.origin,
            "via": list(self.via),
            "hedged": self.hedged,
            "stance": self.stance,
            "confidence": round(self.confidence, 3),
        }


@dataclass(frozen=True)
class ArticleExtraction:
    language: str | None
    skipped_reason: str | None
    claims: tuple[ExtractedClaim, ...] = ()
    extractor: str = EXTRACTOR_VERSION
    headline: str | None = None
    # Offset in the article text past which nothing was read (over-long texts), else None.
    truncated_at: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "skipped_reason": self.skipped_reason,
            "claims": [c.to_dict() for c in self.claims],
            "extractor": self.extractor,
            "truncated_at": self.truncated_at,
        }


@dataclass(frozen=True)
class Resolution:
    """What a source string resolves to in the alias index."""

    source: str
    origin: str | None
    # Outlets the source could mean when it is ambiguous (never guessed between).
    candidates: tuple[str, ...] = ()
    # For a source that matches nothing: the kind a new outlet for it would get.
    kind_guess: str | None = None
    matched: str | None = None

    @property
    def resolved(self) -> bool:
        return self.origin is not None


@dataclass(frozen=True)
class Paragraph:
    """A clean paragraph of an article, with the way back to the text as received.

    `offsets` is None for plain text (the paragraph is `original[start:start+len(text)]`)
    and one original offset per character for HTML, where tags and entities sit between.
    """

    text: str
    start: int
    offsets: tuple[int, ...] | None = None
    is_headline: bool = False
    is_heading: bool = False

    def to_source(self, i: int) -> int:
        """Article offset of character i of this paragraph (i may equal len(text))."""
        if self.offsets is None:
            return self.start + i
        if i >= len(self.offsets):
            return self.offsets[-1] + 1 if self.offsets else self.start
        return self.offsets[i]


@dataclass(frozen=True)
class PreparedText:
    paragraphs: tuple[Paragraph, ...]
    headline: Paragraph | None
    language: str | None
    skipped_reason: str | None = None
    dropped: tuple[tuple[int, int, str], ...] = field(default=())
    truncated_at: int | None = None
