"""HTML -> text blocks that remember where each character came from.

Built on the standard library's tolerant `html.parser`: tag soup, unclosed tags and
stray entities never raise. Each block keeps one original offset per character, so a
quote found in the clean text points back into the HTML exactly as received.
"""

from __future__ import annotations

from html import unescape
from html.parser import HTMLParser

from .lexicon import words
from .types import Paragraph

_BLOCK = frozenset(
    words("""p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote tr td th table section article header
    main pre hr dd dt dl title body html figure""")
)
# Whole subtrees that are never article text.
_SKIP = frozenset(
    words("script style noscript nav footer aside form iframe svg button select template figcaption")
)
_VOID = frozenset(words("br hr img input meta link area base col embed source track wbr"))


class _Collector(HTMLParser):
    def __init__(self, raw: str) -> None:
        super().__init__(convert_charrefs=False)
        self._raw = raw
        self._line_starts = [0]
        for i, ch in enumerate(raw):
            if ch == "\n":
                self._line_starts.append(i + 1)
        self._skip_depth = 0
        self._chars: list[str] = []
        self._offs: list[int] = []
        self._in_h1 = False
        self._in_title = False
        self.blocks: list[Paragraph] = []
        self.title: Paragraph | None = None
        self._title_chars: list[tuple[str, int]] = []

    def _pos(self) -> int:
        line, col = self.getpos()
        return self._line_starts[min(line - 1, len(self._line_starts) - 1)] + col

    def _flush(self) -> None:
        if not self._chars:
            return
        # Collapse whitespace runs, keeping the offset of each run's first character.
        text: list[str] = []
        offs: list[int] = []
        for ch, off in zip(self._chars, self._offs, strict=True):
            if ch.isspace():
                if text and text[-1] != " ":
                    text.append(" ")
                    offs.append(off)
                continue
            text.append(ch)
            offs.append(off)
        while text and text[-1] == " ":
            text.pop()
            offs.pop()
        if text:
            self.blocks.append(Paragraph("".join(text), offs[0], tuple(offs), is_headline=self._in_h1))
        self._chars.clear()
        self._offs.clear()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            if tag not in _VOID:
                self._skip_depth += 1
            return
        if tag in _BLOCK:
            self._flush()
        if tag == "h1":
            self._in_h1 = True
        if tag == "title":
            self._in_title = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
            return
        if tag in _BLOCK:
            self._flush()
        if tag == "h1":
            self._in_h1 = False
        if tag == "title":
            self._in_title = False
            self._chars.clear()
            self._offs.clear()

    def _add(self, text: str, start: int, width: int | None = None) -> None:
        if self._skip_depth:
            return
        if self._in_title:
            self._title_chars.extend((ch, start) for ch in text)
            return
        for i, ch in enumerate(text):
            self._chars.append(ch)
            self._offs.append(start if width is not None else start + i)

    def handle_data(self, data: str) -> None:
        self._add(data, self._pos())

    def handle_entityref(self, name: str) -> None:
        self._add(unescape(f"&{name};"), self._pos(), width=len(name) + 2)

    def handle_charref(self, name: str) -> None:
        self._add(unescape(f"&#{name};"), self._pos(), width=len(name) + 3)

    def close(self) -> None:
        super().close()
        self._flush()
        if self._title_chars:
            # The title is one more block, flushed through the same whitespace folding.
            self._chars = [ch for ch, _ in self._title_chars]
            self._offs = [off for _, off in self._title_chars]
            before = len(self.blocks)
            self._in_h1 = True
            self._flush()
            if len(self.blocks) > before:
                self.title = self.blocks.pop()


def html_blocks(raw: str) -> tuple[list[Paragraph], Paragraph | None]:
    """Text blocks of an HTML document and its <title> (offsets into `raw`)."""
    collector = _Collector(raw)
    collector.feed(raw)
    collector.close()
    return collector.blocks, collector.title
