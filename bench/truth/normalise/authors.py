"""Author-list normalisation for the Books corpus.

Bookstores write the same author list in many shapes: ``Knuth, Donald E.``,
``Donald Ervin Knuth``, ``KNUTH, DONALD``, ``Aho, Alfred V. (Author) Sethi, Ravi
(Author)``, ``Chu, Kevin/ Brower, Eric``, ``Chan, PatrickBRLee, Rosanna`` (a lost
``<br>``), ``Lescher John F``. The gold standard is ``last, first middle;  last, first;``.

Canonical form (what counts as "the same author list", following Dong et al. 2009,
who score a book correct only if the normalised author list matches the cover):

* every author is reduced to a *key*: the surname (accents, case, punctuation and
  spaces removed, so ``O'Leary`` = ``oleary``, ``van der Linden`` = ``vanderlinden``)
  followed by the initial of the first given name when one is present. Middle names
  and initials are dropped because stores abbreviate them inconsistently; the first
  initial is kept only as a tie-breaker that the key never *requires*: see
  :func:`canonical_authors`;
* role annotations (``(Editor)``, ``Ed.``, ``(Author)``, ``Jr.``, ``et al``,
  affiliations in parentheses) are removed; they separate authors;
* order is kept: the cover's order is part of the list, and stores that reorder it
  are copying a different (catalogue) record.
"""

from __future__ import annotations

import html
import re
import unicodedata

_PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "le", "la", "st"}
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "md", "dr", "prof", "mr", "mrs", "ms"}
_ROLE_WORDS = (
    r"edited|editor|editors|eds?|author|authors|translator|trans|compiler|comp|"
    r"illustrator|foreword|introduction|contributor|contributions|joint author|with|by"
)
_ROLE_RE = re.compile(rf"\b(?:{_ROLE_WORDS})\b\.?", re.IGNORECASE)
_PAREN_RE = re.compile(r"\([^)]*\)?|\[[^\]]*\]?")
# A lost "<br>": "Chan, PatrickBRLee, Rosanna". Case-sensitive so "Scambray" survives.
_BR_RE = re.compile(r"(?<=[a-z.])BR(?=[A-Z])|<[bB][rR]\s*/?>")
_SPLIT_RE = re.compile(r"\s*(?:;|/|\||&|\band\b|\bund\b|\bet al\b\.?|\n)\s*", re.IGNORECASE)
_MISSING = {"", "not available", "na", "n/a", "unknown", "none", "various", "null"}


def _fold(text: str) -> str:
    """Lower-case ASCII letters, digits and single spaces only."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().replace("'", "").replace("`", "").replace("-", "")
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    return " ".join(text.split())


def _tokens(part: str) -> list[str]:
    return [t for t in _fold(part).split() if t not in _SUFFIXES]


def _is_initial(tok: str) -> bool:
    return len(tok) == 1


def _author_key(last: list[str], first: list[str]) -> str | None:
    surname = "".join(last)
    if not surname or surname.isdigit():
        return None
    given = first[0][0] if first and first[0] else ""
    return f"{surname} {given}".strip()


def _split_first_last(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Split a name written without comma into (surname tokens, given tokens)."""
    if len(tokens) == 1:
        return tokens, []
    # "Lescher John F": surname first, initials trail; "Donald E Knuth": surname last.
    if _is_initial(tokens[-1]) and not _is_initial(tokens[0]):
        return tokens[:1], tokens[1:]
    # Keep surname particles with the surname ("Peter van der Linden").
    start = len(tokens) - 1
    while start > 1 and tokens[start - 1] in _PARTICLES:
        start -= 1
    return tokens[start:], tokens[:start]


def _parse_chunk(chunk: str) -> list[str]:
    """Authors in a chunk free of ';'-like separators: commas are ambiguous here."""
    parts = [_tokens(p) for p in chunk.split(",")]
    parts = [p for p in parts if p]
    if not parts:
        return []
    keys: list[str | None] = []
    if len(parts) == 1:
        last, first = _split_first_last(parts[0])
        keys.append(_author_key(last, first))
    elif all(len(p) >= 2 and not _is_initial(p[-1]) for p in parts) and len(parts) > 2:
        # "David Luebke, Martin Reddy, Jonathan D. Cohen": one "First Last" per part.
        for p in parts:
            last, first = _split_first_last(p)
            keys.append(_author_key(last, first))
    elif len(parts[0]) >= 2 and not any(t in _PARTICLES for t in parts[0]) and all(
        len(p) >= 2 for p in parts
    ):
        # "Jeffrey Hoffer, Mary Prescott": every part is a full name.
        for p in parts:
            last, first = _split_first_last(p)
            keys.append(_author_key(last, first))
    else:
        # "Knuth, Donald E." or "Johnsonbaugh, Richard, Schaefer, Marcus": (last, first) pairs.
        for k in range(0, len(parts), 2):
            first = parts[k + 1] if k + 1 < len(parts) else []
            keys.append(_author_key(parts[k], first))
    return [k for k in keys if k]


def parse_authors(raw: str) -> list[str]:
    """Author keys (``surname initial``) in cover order; empty if nothing usable."""
    text = html.unescape(raw)
    if _fold(text) in _MISSING:
        return []
    text = _BR_RE.sub(";", text)
    text = _PAREN_RE.sub(";", text)  # roles and affiliations also separate authors
    text = _ROLE_RE.sub(" ", text)
    keys: list[str] = []
    for chunk in _SPLIT_RE.split(text):
        for key in _parse_chunk(chunk):
            if key not in keys:  # "Leung, Bruce (Author) Leung, Bruce (Joint Author)"
                keys.append(key)
    return keys


def canonical_authors(raw: str) -> str:
    """Canonical author-list value; ``""`` when the store gave no usable author.

    Only surnames enter the canonical value: first names are missing or abbreviated
    in a large share of listings (``Knuth`` vs ``Knuth, Donald E.``), so requiring
    them would split one correct answer into several and punish terse stores for
    style, not for error. Missing, extra or misspelt authors still change the value.
    """
    keys = parse_authors(raw)
    return "; ".join(k.split(" ", 1)[0] for k in keys)


def canonical_gold(raw: str) -> str:
    """Canonical form of a gold entry ``last, first;  last, first;``."""
    keys: list[str] = []
    for author in raw.split(";"):
        if not author.strip():
            continue
        last, _, first = author.partition(",")
        key = _author_key(_tokens(last), _tokens(first))
        if key:
            keys.append(key.split(" ", 1)[0])
    return "; ".join(keys)
