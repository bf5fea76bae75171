"""Source resolution: the words an article uses for a speaker -> an outlet id.

`AliasIndex` is built once from plain data (outlet id -> name, aliases, domains) and
then answers `resolve(source)` for every source of every article, so the work of
folding the table is done at build time and a lookup is a scan over the source's
own tokens (a handful) against a dict.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .lexicon import GOVERNMENT_WORDS, NEWS_WORDS, PERSON_TITLES
from .types import Resolution

_POSSESSIVE = re.compile(r"(?<=\w)['’](s\b|(?=\s|$))", re.IGNORECASE)  # noqa: RUF001
_TOKEN = re.compile(r"[a-z0-9]+(?:\.[a-z0-9]+)*")
_HOST = re.compile(r"\b(?:[a-z0-9-]+\.)+[a-z]{2,}\b")
_LEADING_ARTICLES = frozenset({"the", "a", "an"})
# Longest alias considered, in tokens: bounds the scan of a long source string.
_MAX_ALIAS_TOKENS = 12


def fold(text: str) -> str:
    """Case- and diacritic-folded text, possessive 's removed, dashes as spaces."""
    text = _POSSESSIVE.sub(" ", text)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Turkish dotless i and similar letters that NFKD leaves alone.
    stripped = stripped.replace("ı", "i").replace("ø", "o").replace("ß", "ss")  # noqa: RUF001
    return stripped.casefold()


@dataclass(frozen=True)
class _Tokens:
    words: tuple[str, ...]
    # Index of the last token that carried a possessive ("Putin's envoy" -> Putin), or -1.
    last_possessive: int


def _tokens(text: str) -> _Tokens:
    words: list[str] = []
    last_possessive = -1
    # Possessives are found on the unfolded text so that "Putin's envoy" keeps the
    # knowledge that Putin only modifies the envoy.
    for piece in re.split(r"\s+", text.strip()):
        if not piece:
            continue
        possessive = bool(re.search(r"\w['’]s?$", piece)) or bool(re.search(r"\w['’]s\W*$", piece))  # noqa: RUF001
        found = _TOKEN.findall(fold(piece).replace("-", " ").replace("'", " ").replace("’", " "))  # noqa: RUF001
        words.extend(found)
        if possessive and found:
            last_possessive = len(words) - 1
    while words and words[0] in _LEADING_ARTICLES:
        words.pop(0)
        last_possessive -= 1
    return _Tokens(tuple(words), last_possessive)


def alias_key(text: str) -> str:
    """The folded form two aliases must not share (case, diacritics, articles, possessives)."""
    return " ".join(_tokens(text).words)


def guess_kind(source: str) -> str:
    """The kind a new outlet for an unmatched source would get."""
    words = _tokens(source).words
    if not words:
        return "unknown"
    if _HOST.search(fold(source)):
        return "news"
    if "news" in words and "agency" in words:
        return "news"
    if any(w in GOVERNMENT_WORDS for w in words):
        return "government"
    if any(w in PERSON_TITLES for w in words):
        return "official"
    if any(w in NEWS_WORDS for w in words):
        return "news"
    return "unknown"


def _surname(name: str) -> str | None:
    """The family name of an alias that looks like a person's name ("Luca Bianchi")."""
    parts = name.split()
    if not 2 <= len(parts) <= 3 or not all(p[:1].isupper() and p[1:].islower() for p in parts):
        return None
    folded = [fold(p) for p in parts]
    if any(w in GOVERNMENT_WORDS or w in NEWS_WORDS or w in PERSON_TITLES for w in folded):
        return None
    return folded[-1] if len(folded[-1]) > 2 else None


class AliasError(ValueError):
    """Two outlets claim the same alias or domain."""


class AliasIndex:
    """Alias and domain index over the outlet table, built once, queried per source."""

    def __init__(self, outlets: Mapping[str, Mapping[str, Any]] | Iterable[Mapping[str, Any]]) -> None:
        items = (
            [{"id": oid, **dict(v)} for oid, v in outlets.items()]
            if isinstance(outlets, Mapping)
            else [dict(o) for o in outlets]
        )
        self._aliases: dict[tuple[str, ...], str] = {}
        self._domains: dict[str, str] = {}
        # Surnames of people named in aliases ("Bianchi" from "Luca Bianchi"): matched only
        # when no alias matches, and dropped when two outlets share one.
        self._surnames: dict[str, str] = {}
        self.conflicts: list[tuple[str, str, str]] = []
        for item in items:
            oid = str(item["id"])
            names = [n for n in [item.get("name"), *(item.get("aliases") or [])] if n]
            # A name like "RT (Russia Today)" stands for both of its parts.
            for name in list(names):
                names.extend(p.strip() for p in re.split(r"[()/]", str(name)) if p.strip())
            for name in names:
                if _HOST.fullmatch(fold(str(name)).strip()):
                    self._add_domain(oid, fold(str(name)).strip())
                key = _tokens(str(name)).words
                if key and len(key) <= _MAX_ALIAS_TOKENS:
                    self._add_alias(oid, key, from_name=name == item.get("name"))
                surname = _surname(str(name))
                if surname:
                    owner = self._surnames.get(surname)
                    self._surnames[surname] = oid if owner in (None, oid) else ""
            for domain in item.get("domains") or []:
                self._add_domain(oid, fold(str(domain)).strip().removeprefix("www."))

    def _add_alias(self, oid: str, key: tuple[str, ...], *, from_name: bool) -> None:
        owner = self._aliases.get(key)
        if owner is None or owner == oid:
            self._aliases[key] = oid
            return
        # A fragment of a long official name ("Russian Federation") shared by two
        # outlets means neither: drop it rather than guess.
        self.conflicts.append((" ".join(key), owner, oid))
        self._aliases[key] = ""

    def _add_domain(self, oid: str, domain: str) -> None:
        owner = self._domains.get(domain)
        if owner is not None and owner != oid:
            self.conflicts.append((domain, owner, oid))
            self._domains[domain] = ""
            return
        self._domains[domain] = oid

    def by_domain(self, host: str) -> str | None:
        """Outlet of a host: the most specific entry wins (a blog's own host before its platform)."""
        parts = fold(host).strip().removeprefix("www.").split(".")
        for i in range(len(parts) - 1):
            oid = self._domains.get(".".join(parts[i:]))
            if oid:
                return oid
        return None

    def resolve(self, source: str | None) -> Resolution:
        if not source or not source.strip():
            return Resolution(source=source or "", origin=None, kind_guess=None)
        for host in _HOST.findall(fold(source)):
            oid = self.by_domain(host)
            if oid:
                return Resolution(source=source, origin=oid, matched=host)
        toks = _tokens(source)
        words = toks.words
        matches: list[tuple[int, int, str]] = []  # (start, end, outlet)
        for i in range(len(words)):
            for j in range(min(len(words), i + _MAX_ALIAS_TOKENS), i, -1):
                oid = self._aliases.get(words[i:j])
                if oid is not None:
                    if oid:
                        matches.append((i, j, oid))
                    break
        # Keep only maximal matches: "AFP Fact Check" beats the "AFP" inside it.
        maximal = [m for m in matches if not any(o[0] <= m[0] and m[1] <= o[1] and o != m for o in matches)]
        if toks.last_possessive >= 0 and any(m[0] > toks.last_possessive for m in maximal):
            # "X's envoy, Y": the possessor only says whose envoy; the speaker is after it.
            maximal = [m for m in maximal if m[1] - 1 > toks.last_possessive]
        outlets = sorted({m[2] for m in maximal})
        if len(outlets) == 1:
            best = max(maximal, key=lambda m: m[1] - m[0])
            return Resolution(source=source, origin=outlets[0], matched=" ".join(words[best[0] : best[1]]))
        if len(outlets) > 1:
            return Resolution(source=source, origin=None, candidates=tuple(outlets))
        by_surname = {self._surnames.get(w, "") for w in words} - {""}
        if len(by_surname) == 1 and not any(w in self._aliases for w in ((w,) for w in words)):
            return Resolution(source=source, origin=by_surname.pop(), matched="surname")
        return Resolution(source=source, origin=None, kind_guess=guess_kind(source))
