"""Is this text English? Cheap, offline, no model.

English running text is made of function words ("the", "of", "that"...) for roughly
a third of its words; other Latin-script languages score under a tenth on the same
list, and non-Latin scripts are told by their letters. Only a sample of the text is
read, so a 2 MB article costs the same as a short one.
"""

from __future__ import annotations

import re
import unicodedata

from .lexicon import ENGLISH_STOPWORDS, OTHER_STOPWORDS

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")  # noqa: RUF001
_SAMPLE_CHARS = 20_000
# Below this many words there is too little to judge: assume English and let the
# extractor find (or not find) frames.
_MIN_WORDS = 12
_ENGLISH_MIN_RATIO = 0.15

_SCRIPTS: tuple[tuple[str, str], ...] = (
    ("CYRILLIC", "ru"),
    ("ARABIC", "ar"),
    ("HEBREW", "he"),
    ("GREEK", "el"),
    ("CJK", "zh"),
    ("HIRAGANA", "ja"),
    ("KATAKANA", "ja"),
    ("HANGUL", "ko"),
    ("DEVANAGARI", "hi"),
    ("THAI", "th"),
)


def _script_language(sample: str) -> str | None:
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return None
    counts: dict[str, int] = {}
    latin = 0
    for ch in letters[:5000]:
        if ch < "\u0250":
            latin += 1
            continue
        name = unicodedata.name(ch, "")
        for script, lang in _SCRIPTS:
            if name.startswith(script):
                counts[lang] = counts.get(lang, 0) + 1
                break
    total = min(len(letters), 5000)
    if latin / total >= 0.5:
        return None
    if counts:
        return max(counts, key=lambda k: counts[k])
    return "und"


def detect_language(text: str) -> tuple[str | None, float]:
    """(language code or None when there is nothing to judge, English function-word ratio)."""
    sample = text[:_SAMPLE_CHARS]
    script = _script_language(sample)
    if script is not None:
        return script, 0.0
    words = [w.casefold().replace("’", "'") for w in _WORD.findall(sample)]  # noqa: RUF001
    if not words:
        return None, 0.0
    ratio = sum(w in ENGLISH_STOPWORDS for w in words) / len(words)
    if ratio >= _ENGLISH_MIN_RATIO:
        return "en", ratio
    scores = {lang: sum(w in stop for w in words) / len(words) for lang, stop in OTHER_STOPWORDS.items()}
    best = max(scores, key=lambda k: scores[k])
    if len(words) < _MIN_WORDS:
        # Too short to call "not English" on a low ratio alone (a headline, a list of
        # names): only another language's function words clearly outnumbering English's.
        return (best if scores[best] > max(ratio, 0.15) else "en"), ratio
    return (best if scores[best] > ratio else "und"), ratio
