"""Article text (plain or HTML) -> headline + clean body paragraphs, offsets kept.

Scraped articles arrive with site furniture around the story: section labels and
category lists above the headline, share/subscribe/donate blocks, comment forms and a
footer that repeats the headline. None of it holds claims, and all of it confuses a
parser (a category list glued to a headline parses as one long noun phrase), so it
is dropped here, by shape and by a short list of furniture phrases, never by site.
"""

from __future__ import annotations

import re

from .html_text import html_blocks
from .language import detect_language
from .lexicon import APPEAL_PHRASES, BOILERPLATE_PHRASES, words
from .resolve import fold
from .types import Paragraph, PreparedText

DEFAULT_MAX_CHARS = 200_000
_TERMINAL = tuple('.!?:;"”’)]…')  # noqa: RUF001
_URL_LINE = re.compile(r"^\W*(?:\[\d+\]\s*)?(?:https?://|www\.)\S+\W*$", re.IGNORECASE)
_WORDS = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")  # noqa: RUF001
_SMALL = frozenset(words("a an and the of for with in on to at by or from against as after over is are"))
_WE = frozenset(words("we us our ours"))
_HEADLINE_MAX_WORDS = 25


def _words(text: str) -> list[str]:
    return _WORDS.findall(text)


def _plain_blocks(text: str) -> list[Paragraph]:
    """Lines -> paragraphs; a line that stops mid-sentence is joined to the next one."""
    lines: list[tuple[int, int]] = []
    pos = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        stripped = raw.strip()
        if not stripped:
            lines.append((start, start))
            continue
        lead = len(raw) - len(raw.lstrip())
        lines.append((start + lead, start + lead + len(stripped)))
    blocks: list[tuple[int, int]] = []
    for s, e in lines:
        if s == e:
            blocks.append((s, s))
            continue
        if blocks and blocks[-1][0] != blocks[-1][1]:
            ps, pe = blocks[-1]
            prev = text[ps:pe]
            if not prev.endswith(_TERMINAL) and text[s:e][:1].islower():
                blocks[-1] = (ps, e)
                continue
        blocks.append((s, e))
    return [Paragraph(text[s:e], s) for s, e in blocks if e > s]


def _is_furniture(p: Paragraph) -> bool:
    words = _words(p.text)
    if _URL_LINE.match(p.text):
        return True
    folded = fold(p.text)
    if len(words) <= 25 and any(phrase in folded for phrase in BOILERPLATE_PHRASES):
        return True
    # A category/tag list: many capitalised words, no sentence punctuation.
    if len(words) >= 5 and not p.text.rstrip().endswith(_TERMINAL):
        content = [w for w in words if w.casefold() not in _SMALL]
        capitalised = sum(w[:1].isupper() or w[:1].isdigit() for w in content)
        small = sum(w.casefold() in _SMALL for w in words)
        # Title-case headlines have the same look; they keep their "of", "to", "the".
        if content and capitalised / len(content) >= 0.85 and len(words) >= 8 and small / len(words) < 0.08:
            return True
    return False


def _appeal_start(paras: list[Paragraph]) -> int | None:
    """Index where a closing appeal for money or subscriptions begins, if one does."""
    half = len(paras) // 2
    for i in range(half, len(paras)):
        folded = fold(paras[i].text)
        if not any(phrase in folded for phrase in APPEAL_PHRASES):
            continue
        tail = [w.casefold() for p in paras[i:] for w in _words(p.text)]
        if tail and sum(w in _WE for w in tail) / len(tail) >= 0.03:
            return i
    return None


def _find_title(paras: list[Paragraph], title: str) -> int | None:
    want = " ".join(fold(title).split())
    if not want:
        return None
    for i, p in enumerate(paras[:12]):
        got = " ".join(fold(p.text).split())
        if want == got or (len(want) > 12 and want in got and len(got) < 2 * len(want)):
            return i
    return None


def _headline_index(paras: list[Paragraph]) -> int | None:
    for i, p in enumerate(paras):
        n = len(_words(p.text))
        if n > _HEADLINE_MAX_WORDS:
            return None
        if n >= 3 and i + 1 < len(paras):
            return i
    return None


def _is_heading(p: Paragraph) -> bool:
    return len(_words(p.text)) <= 8 and not p.text.rstrip().endswith(_TERMINAL)


def prepare(
    text: str,
    *,
    title: str | None = None,
    html: bool = False,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> PreparedText:
    if not text or not text.strip():
        return PreparedText((), None, None, skipped_reason="empty text")
    truncated_at: int | None = None
    if len(text) > max_chars:
        cut = text.rfind("\n", 0, max_chars)
        truncated_at = cut if cut > max_chars // 2 else max_chars
    body = text if truncated_at is None else text[:truncated_at]
    title_block: Paragraph | None = None
    if html:
        paras, title_block = html_blocks(body)
        html_headline = next((p for p in paras if p.is_headline), None)
    else:
        paras = _plain_blocks(body)
        html_headline = None
    if not paras:
        return PreparedText((), None, None, skipped_reason="no text", truncated_at=truncated_at)
    language, _ = detect_language(" ".join(p.text for p in paras[:200]))
    if language is None:
        return PreparedText((), None, None, skipped_reason="no readable words", truncated_at=truncated_at)
    if language != "en":
        reason = f"not English (detected {language}); the extractor reads English only"
        return PreparedText((), None, language, skipped_reason=reason, truncated_at=truncated_at)

    dropped: list[tuple[int, int, str]] = []

    def drop(p: Paragraph, why: str) -> None:
        dropped.append((p.to_source(0), p.to_source(len(p.text)), why))

    kept: list[Paragraph] = []
    for p in paras:
        if _is_furniture(p):
            drop(p, "furniture")
        else:
            kept.append(p)
    appeal = _appeal_start(kept)
    if appeal is not None:
        for p in kept[appeal:]:
            drop(p, "appeal")
        kept = kept[:appeal]

    headline: Paragraph | None = None
    index: int | None = None
    if html_headline is not None and html_headline in kept:
        index = kept.index(html_headline)
    elif title:
        index = _find_title(kept, title)
    if index is None and html_headline is None:
        index = _headline_index(kept)
    if index is not None:
        headline = kept[index]
        for p in kept[:index]:
            drop(p, "above headline")
        kept = kept[index + 1 :]
    elif title_block is not None:
        headline = title_block
    if headline is not None:
        # A footer that repeats the headline ("One Reply to “…”", "Share “…”"): short, late.
        head_key = " ".join(fold(headline.text).split())
        head_words = len(_words(headline.text))
        late = len(kept) * 2 // 3
        if len(head_key) >= 20:
            repeats = [
                p
                for p in kept[late:]
                if head_key in " ".join(fold(p.text).split()) and len(_words(p.text)) <= head_words + 8
            ]
            for p in repeats:
                drop(p, "repeats headline")
            kept = [p for p in kept if p not in repeats]
    paragraphs = tuple(Paragraph(p.text, p.start, p.offsets, is_heading=_is_heading(p)) for p in kept)
    head = None if headline is None else Paragraph(headline.text, headline.start, headline.offsets, True)
    return PreparedText(paragraphs, head, language, None, tuple(dropped), truncated_at)
