"""Token-range helpers over a spaCy parse: subtrees, their text, trimming.

Ranges are half-open token index pairs within one Doc. Typed loosely (`Any`) because
spaCy is an optional import for everything outside the worker.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

Range = tuple[int, int]

_EDGE_PUNCT = "\"“”‘’'«»,;:—–-([ \u00a0…"  # noqa: RUF001
_QUOTE_OPEN = '“"‘«'  # noqa: RUF001
_QUOTE_CLOSE = '”"’»'  # noqa: RUF001
_SPACE = re.compile(r"\s+")
_TRAILING_LINK = re.compile(r"\s+(?:that|which|who|and|but|or)$", re.IGNORECASE)
_ABBREVIATION_END = re.compile(r"(?:\b[A-Za-z]\.){2,}$")


def subtree(tok: Any) -> Range:
    return tok.left_edge.i, tok.right_edge.i + 1


def minus(outer: Range, holes: Iterable[Range]) -> list[Range]:
    """Parts of `outer` not covered by any hole."""
    parts = [outer]
    for hs, he in sorted(holes):
        nxt: list[Range] = []
        for s, e in parts:
            if he <= s or hs >= e:
                nxt.append((s, e))
                continue
            if s < hs:
                nxt.append((s, hs))
            if he < e:
                nxt.append((he, e))
        parts = nxt
    return [(s, e) for s, e in parts if e > s]


def text_of(doc: Any, ranges: Iterable[Range]) -> str:
    """Text of token ranges, with original spacing inside each range, edges trimmed."""
    pieces = []
    for s, e in ranges:
        if e <= s:
            continue
        pieces.append(doc[s:e].text)
    text = _SPACE.sub(" ", " ".join(pieces).replace("\u00a0", " "))
    return clean_text(text)


def clean_text(text: str) -> str:
    text = text.strip(_EDGE_PUNCT)
    while text.endswith((")", "]")) and text.count("(") + text.count("[") < text.count(")") + text.count("]"):
        text = text[:-1].strip(_EDGE_PUNCT)
    text = _TRAILING_LINK.sub("", text)
    if not _ABBREVIATION_END.search(text):
        text = text.rstrip(".!?").strip(_EDGE_PUNCT)
    # A quote left open or closed on one side only reads better without its mark.
    if text.count("“") != text.count("”"):
        text = text.replace("“", "").replace("”", "")
    return " ".join(text.split())


_SOURCE_LEFT = frozenset(
    {
        "det",
        "amod",
        "compound",
        "poss",
        "nmod",
        "nummod",
        "quantmod",
        "case",
        "predet",
        "punct",
        "advmod",
        "npadvmod",
    }
)
_SOURCE_RIGHT = frozenset(
    {"prep", "appos", "acl", "compound", "punct", "nummod", "amod", "conj", "cc", "case"}
)
_MAX_SOURCE_TOKENS = 16


def source_range(tok: Any, stop: int | None = None) -> Range:
    """The noun phrase naming a speaker: the head with its modifiers and appositions,
    without relative or adverbial clauses, and never past `stop` (the frame's own cue)."""
    left = tok.i
    for child in reversed(list(tok.lefts)):
        if child.dep_ not in _SOURCE_LEFT or child.right_edge.i + 1 < left:
            break
        left = child.left_edge.i
    right = tok.i + 1
    for child in tok.rights:
        if child.dep_ not in _SOURCE_RIGHT:
            break
        if stop is not None and child.right_edge.i >= stop:
            break
        if child.dep_ != "punct":
            right = child.right_edge.i + 1
    doc = tok.doc
    # Keep a closing bracket that belongs to the phrase: "(SVR RF)".
    if (
        right < len(doc)
        and doc[right].text in ")]"
        and doc[left:right].text.count("(") > doc[left:right].text.count(")")
    ):
        right += 1
    if right - left > _MAX_SOURCE_TOKENS:
        # Too long to be a name: keep "of"-phrases ("the unit of the X Center"), drop
        # appositions and clauses; failing that, the head and its compounds.
        right = tok.i + 1
        for child in tok.rights:
            if child.dep_ == "prep" and child.lower_ == "of":
                right = child.right_edge.i + 1
            elif child.dep_ != "compound":
                break
        if right - left > _MAX_SOURCE_TOKENS:
            left = min(c.left_edge.i for c in [tok, *(c for c in tok.lefts if c.dep_ == "compound")])
            right = tok.i + 1
    return left, max(right, left + 1)


def in_quotes(doc: Any, i: int) -> bool:
    """Is token i inside quotation marks that open and close within its sentence?"""
    sent = doc[i].sent
    depth = 0
    for t in sent:
        if t.i >= i:
            break
        if t.text in ("“", "«"):
            depth += 1
        elif t.text in ("”", "»") and depth:
            depth -= 1
        elif t.text == '"':
            depth = 0 if depth else 1
    if depth <= 0:
        return False
    return any(t.text in _QUOTE_CLOSE for t in sent if t.i > i)


def covers(ranges: Iterable[Range], i: int) -> bool:
    return any(s <= i < e for s, e in ranges)


def has_quote_mark(text: str) -> bool:
    return any(ch in text for ch in _QUOTE_OPEN + _QUOTE_CLOSE)


def starts_quoted(text: str) -> bool:
    return text.lstrip()[:1] in _QUOTE_OPEN


def closes_quote(text: str) -> bool:
    stripped = text.rstrip()
    return stripped.count("”") > stripped.count("“") or stripped.endswith(("”", "”.", '"', '."'))
