"""An article's text cut into paragraphs of plain pieces, some marked as the quote of an
extracted claim — for the article page to highlight each claim in place.

The extractor's offsets point into the text as received (into the markup for an HTML
article), so the pieces are cut at those offsets first and only then made readable: an
HTML article's tags are dropped (block tags end a paragraph; script and style vanish with
their content) and each piece's entities are decoded on its own. No markup from the
article reaches the page; the template escapes every piece.
"""

from __future__ import annotations

import html
import itertools
import re
from dataclasses import dataclass

BLANK_LINE = re.compile(r"\n[ \t]*\n")
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>|<!--.*?-->|<![^>]*>", re.S)
BLOCK = frozenset(
    {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure"}
    | {"footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p"}
    | {"pre", "section", "table", "td", "th", "tr", "ul"}
)
HIDDEN = frozenset({"script", "style", "template", "noscript"})


@dataclass(frozen=True)
class Piece:
    text: str
    mark: int | None = None  # the claim's number (1-based), when inside its quote
    first: bool = False  # the first piece of that quote: links to it land here
    last: bool = False  # the last piece of that quote: the reference follows it


def _plain_runs(text: str) -> list[list[tuple[int, int]]]:
    paragraphs, start = [], 0
    for gap in [*BLANK_LINE.finditer(text), None]:
        end = gap.start() if gap else len(text)
        chunk = text[start:end]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk.rstrip())
        if chunk.strip():
            paragraphs.append([(start + lead, start + trail)])
        start = gap.end() if gap else end
    return paragraphs


def _html_runs(text: str) -> list[list[tuple[int, int]]]:
    paragraphs: list[list[tuple[int, int]]] = [[]]
    hidden: str | None = None
    at = 0
    for tag in [*TAG.finditer(text), None]:
        end = tag.start() if tag else len(text)
        if hidden is None and end > at:
            paragraphs[-1].append((at, end))
        if tag is None:
            break
        at = tag.end()
        closing, name = tag.group(1), (tag.group(2) or "").lower()
        if hidden is not None:
            hidden = None if (closing and name == hidden) else hidden
        elif name in HIDDEN and not closing:
            hidden = name
        elif name in BLOCK:
            paragraphs.append([])
    return [p for p in paragraphs if any(text[a:b].strip() for a, b in p)]


def _kept(spans: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Spans by start; one overlapping an earlier one is left unmarked (it is listed below
    the text all the same)."""
    kept: list[tuple[int, int, int]] = []
    for start, end, number in sorted(spans):
        if end > start and (not kept or start >= kept[-1][1]):
            kept.append((start, end, number))
    return kept


def paragraphs(text: str, text_format: str | None, spans: list[tuple[int, int, int]]) -> list[list[Piece]]:
    """``spans``: (start, end, number) of each quote. Paragraphs of pieces, marked where a quote lies."""
    is_html = text_format == "html"
    runs = _html_runs(text) if is_html else _plain_runs(text)
    marks = _kept(spans)
    last_piece: dict[int, tuple[int, int]] = {}
    out: list[list[Piece]] = []
    for run_list in runs:
        pieces: list[tuple[int, int, int | None]] = []
        for a, b in run_list:
            cuts = sorted({a, b, *(x for s, e, _ in marks for x in (s, e) if a < x < b)})
            for lo, hi in itertools.pairwise(cuts):
                number = next((n for s, e, n in marks if s <= lo and hi <= e), None)
                pieces.append((lo, hi, number))
        paragraph: list[Piece] = []
        for lo, hi, number in pieces:
            raw = text[lo:hi]
            shown = html.unescape(re.sub(r"\s+", " ", raw)) if is_html else raw
            first = number is not None and number not in last_piece
            if number is not None:
                last_piece[number] = (len(out), len(paragraph))
            paragraph.append(Piece(shown, number, first=first))
        out.append(paragraph)
    for p, i in last_piece.values():
        out[p][i] = Piece(out[p][i].text, out[p][i].mark, first=out[p][i].first, last=True)
    return out
