"""`extract_article`: the pure entry point (text in, extraction out, nothing stored)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .claims import ArticleReader
from .drafts import Draft, to_claims
from .known import KnownClaims
from .model import load_model
from .prepare import DEFAULT_MAX_CHARS, prepare
from .resolve import AliasIndex, alias_key
from .types import ArticleExtraction, Paragraph


def _parser_text(text: str) -> str:
    # Same length as the original, so token offsets stay paragraph offsets.
    return text.replace("\u00a0", " ").replace("\n", " ").replace("\t", " ")


def _sentence_case(text: str) -> str:
    """ "Top Russian General Accuses US Of Training" -> "Top russian general accuses US of training".

    Headline capitals make the tagger read every word as a name. Acronyms stay; the
    length never changes, so offsets still hold.
    """
    out = []
    first = True
    for word in text.split(" "):
        if not first and len(word) > 1 and word[0].isupper() and word[1:].islower():
            low = word[0].lower() + word[1:]
            word = low if len(low) == len(word) else word
        out.append(word)
        first = False if word else first
    return " ".join(out)


def _parse_headline(nlp: Any, headline: Paragraph) -> Any:
    """Parse a sentence-cased copy, then carry the parse back onto the real words."""
    from spacy.tokens import Doc

    parsed = nlp(_parser_text(_sentence_case(headline.text)))
    original = _parser_text(headline.text)
    words = [original[t.idx : t.idx + len(t.text)] for t in parsed]
    return Doc(
        nlp.vocab,
        words=words,
        spaces=[bool(t.whitespace_) for t in parsed],
        tags=[t.tag_ for t in parsed],
        pos=[t.pos_ for t in parsed],
        lemmas=[t.lemma_ for t in parsed],
        heads=[t.head.i for t in parsed],
        deps=[t.dep_ for t in parsed],
    )


class _KnownReader(ArticleReader):
    """Adds the article's own sentences that match a known claim."""

    def __init__(self, original: str, html: bool, known: KnownClaims) -> None:
        super().__init__(original, html)
        self.known = known

    def read_paragraph(self, index: int, para: Paragraph, doc: Any) -> None:
        before = {(d.start, d.end) for d in self.state.drafts}
        super().read_paragraph(index, para, doc)
        if not self.known:
            return
        covered = before | {(d.start, d.end) for d in self.state.drafts}
        for sent in doc.sents:
            start, end, quote = self._span(para, doc, sent.start, sent.end - 1)
            if any(s < end and start < e for s, e in covered):
                continue
            match = self.known.best(quote)
            if match is None:
                continue
            claim, score = match
            self.state.drafts.append(
                Draft(claim.text, start, end, quote, None, [], False, "supports", 0.8 * score, "known")
            )


def extract_article(
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    html: bool = False,
    known_claims: Iterable[str] | KnownClaims = (),
    resolver: AliasIndex | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> ArticleExtraction:
    """Extract the attributed (and known) claims of one article.

    `url` is accepted for the callers' convenience and future use (the publisher's own
    voice is origin null whatever the URL says). Over-long texts are read up to
    `max_chars` and say where they stopped (`truncated_at`).
    """
    prepared = prepare(text, title=title, html=html, max_chars=max_chars)
    if prepared.skipped_reason is not None:
        return ArticleExtraction(
            prepared.language, prepared.skipped_reason, (), truncated_at=prepared.truncated_at
        )
    nlp = load_model()
    # A worker passes the index it keeps for the process; a caller may pass plain texts.
    known = known_claims if isinstance(known_claims, KnownClaims) else KnownClaims(known_claims)
    reader: ArticleReader = _KnownReader(text, html, known)
    if prepared.headline is not None:
        reader.read_paragraph(-1, prepared.headline, _parse_headline(nlp, prepared.headline))
    paragraphs = [p for p in prepared.paragraphs if not p.is_heading]
    docs = iter(nlp.pipe((_parser_text(p.text) for p in paragraphs), batch_size=16))
    for index, para in enumerate(prepared.paragraphs):
        if para.is_heading:
            reader.heading()
        else:
            reader.read_paragraph(index, para, next(docs))
    claims = to_claims(reader.state.drafts, resolver, lambda s: alias_key(s).split())
    return ArticleExtraction(
        prepared.language,
        None,
        tuple(claims),
        headline=None if prepared.headline is None else prepared.headline.text,
        truncated_at=prepared.truncated_at,
    )
