"""Normalisation of claim and query text (social posts included) for matching.

Two views of a text are produced: ``clean`` (readable prose for the sentence encoder)
and ``terms`` (stemmed tokens for BM25). The author trailer that copied tweets carry
("<dash> Name (@handle) January 6, 2020") is cut off and kept apart as the *speaker*: claims
are often phrased "X said …", so the speaker is a feature, not query text.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import Stemmer

# Lucene's English stop set (what the measured BM25 baseline used).
STOPWORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
    "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
    "they", "this", "to", "was", "will", "with",
))

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# "<dash> Name (@handle) Month D, YYYY", possibly cut short anywhere after the dash.
_TRAILER = re.compile(
    r"\s[\u2014\u2013]\s*(?P<name>[^\u2014\u2013\n]{0,80}?)\s*(?:\(@(?P<handle>\w{1,30})\))?\s*"
    rf"(?:(?:{_MONTHS})(?:\s+\d{{1,2}},?)?(?:\s+\d{{4}})?)?\s*$"
)
_NOT_URL_END = r"[^\s\u2014\u2013]"  # dashes end a URL: "…/abc\u2014 Name (@x)" is glued in tweets
_URL = re.compile(
    rf"(?:https?://|www\.){_NOT_URL_END}+|{_NOT_URL_END}*pic\.twitter\.com/{_NOT_URL_END}*|\bt\.co/{_NOT_URL_END}+",
    re.IGNORECASE,
)
_RETWEET = re.compile(r"^\s*RT\s+@\w+:\s*")
_MENTION = re.compile(r"@(\w{1,30})")
_HASHTAG = re.compile(r"#(\w+)")
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_TOKEN = re.compile(r"[a-z0-9]+(?:\.\d+)?")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_CAPWORD = re.compile(r"(^|[.!?:\"]\s*)?\b([A-Z][a-zA-Z]+(?:[-'][A-Za-z]+)?|[A-Z]{2,})\b")
_SPACES = re.compile(r"\s+")
_PUNCT_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
    "\u200f": " ", "\u200e": " ", "\u200b": " ", "\xa0": " ",
})

_stemmer = Stemmer.Stemmer("english")


@dataclass(frozen=True)
class NormalizedText:
    """One text's matching views."""

    clean: str
    terms: tuple[str, ...]
    speaker: str = ""
    numbers: frozenset[str] = field(default_factory=frozenset)
    names: frozenset[str] = field(default_factory=frozenset)


def split_compound(word: str) -> str:
    """``realDonaldTrump`` → ``real Donald Trump``; ``COVID19`` → ``COVID 19``."""
    parts = _CAMEL.findall(word.replace("_", " "))
    return " ".join(parts) if parts else word


def _looks_like_name(words: str) -> bool:
    parts = words.split()
    return 0 < len(parts) <= 4 and all(p[:1].isupper() or not p[:1].isalpha() for p in parts)


def _split_trailer(text: str) -> tuple[str, str]:
    m = _TRAILER.search(text)
    # Without a handle, only a short capitalised name counts as a (truncated) trailer, so
    # that a dash inside prose ("… \u2014 he said it") is left alone.
    if m is None or not (m.group("handle") or _looks_like_name(m.group("name") or "")):
        return text, ""
    speaker = (m.group("name") or "").strip()
    if m.group("handle"):
        speaker = f"{speaker} {split_compound(m.group('handle'))}".strip()
    return text[: m.start()], speaker


def clean_text(raw: str) -> tuple[str, str]:
    """Return ``(clean prose, speaker)`` for any claim or social-media text."""
    text = unicodedata.normalize("NFKC", html.unescape(raw or "")).translate(_PUNCT_FOLD)
    text = _RETWEET.sub("", text)
    text = _URL.sub(" ", text)
    text, speaker = _split_trailer(text)
    # Glued hashtags ("#qanon#fakebombs") become separate words before splitting.
    text = _HASHTAG.sub(lambda m: " " + split_compound(m.group(1)) + " ", text)
    text = _MENTION.sub(lambda m: split_compound(m.group(1)), text)
    text = _SPACES.sub(" ", text).strip()
    return text, speaker


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return str(_stemmer.stemWord(word))


def terms(text: str) -> tuple[str, ...]:
    """Lower-cased, stop-filtered, Snowball-stemmed tokens (numbers kept whole: 1,000 → 1000)."""
    lowered = _THOUSANDS.sub("", text.lower())
    return tuple(_stem(t) for t in _TOKEN.findall(lowered) if t not in STOPWORDS)


def numbers(text: str) -> frozenset[str]:
    return frozenset(_NUMBER.findall(_THOUSANDS.sub("", text)))


def numbers_moved(a: str, b: str) -> bool:
    """One wording whose numbers sit in other places ("2 killed in 3 attacks" / "3 killed
    in 2 attacks"): the same set of numbers, but not the same claim."""
    a, b = _THOUSANDS.sub("", a.lower()), _THOUSANDS.sub("", b.lower())
    if _NUMBER.sub("#", a) != _NUMBER.sub("#", b):
        return False
    return _NUMBER.findall(a) != _NUMBER.findall(b)


def names(text: str) -> frozenset[str]:
    """Capitalised words \u2014 a cheap stand-in for named entities, stemmed for comparison.

    A sentence's first word is capitalised anyway, so it counts only in capitals ("FBI");
    a name that opens a claim usually has a second capitalised word that still counts.
    """
    found = set()
    for m in _CAPWORD.finditer(text):
        word, sentence_start = m.group(2), m.group(1) is not None
        low = word.lower()
        if low in STOPWORDS or len(low) < 2 or (sentence_start and not word.isupper()):
            continue
        found.add(_stem(low))
    return frozenset(found)


def normalize(raw: str) -> NormalizedText:
    clean, speaker = clean_text(raw)
    return NormalizedText(
        clean=clean, terms=terms(clean), speaker=speaker, numbers=numbers(clean), names=names(clean)
    )
