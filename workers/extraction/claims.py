"""Article-level assembly: frames of each sentence -> extracted claims.

What one sentence cannot tell is settled here, in reading order: who "he" is, what
"the allegation" was, which sentences a "X proclaimed that:" block runs into, and
where the publisher takes a side in its own voice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .frames import Frame, sentence_frames
from .grammar import child, sentence_ends_with_colon
from .lexicon import CLAIM_NOUNS, PERSON_TITLES, PUBLISHER_REFUTES
from .nouns import noun_content
from .spans import Range, closes_quote, covers, in_quotes, source_range, starts_quoted, text_of
from .types import ExtractedClaim, Paragraph

_PRONOUNS = frozenset("he she it they him her them his its their this".split())
_DEMONSTRATIVES = frozenset("this that these those it".split())
_STATEMENT_WORDS = frozenset("theory theories narrative story rumour rumor".split())
_MIN_WORDS = 3
# How many paragraphs an unquoted "X told Y:" block may run into.
_MAX_BLOCK_PARAGRAPHS = 4


@dataclass
class Draft:
    """A claim before source resolution."""

    text: str
    start: int
    end: int
    quote: str
    source: str | None
    via: list[str]
    hedged: bool
    stance: str
    confidence: float
    pattern: str
    person_source: bool = False


@dataclass
class _Block:
    source: str | None
    via: list[str]
    hedged: bool
    # Whether the block is in quotation marks: known at its first sentence.
    quoted: bool | None
    paragraphs_left: int
    started_para: int
    # Opened by a frame that already had its statement ("…three trucks that:"): only a
    # paragraph that visibly continues the sentence (lower case, or a quotation) follows.
    tail_only: bool = False


@dataclass
class _State:
    drafts: list[Draft] = field(default_factory=list)
    # (source text, head is a proper noun) of every named source so far, latest last.
    named: list[tuple[str, bool]] = field(default_factory=list)
    block: _Block | None = None
    quote_speaker: tuple[str, list[str]] | None = None
    prev_sentence: tuple[int, int, str] | None = None
    prev_had_claim: bool = True


class ArticleReader:
    """Reads parsed paragraphs in order and collects drafts."""

    def __init__(self, original: str, html: bool) -> None:
        self.original = original
        self.html = html
        self.state = _State()

    # -- offsets -------------------------------------------------------------------
    def _span(self, para: Paragraph, doc: Any, first: int, last: int) -> tuple[int, int, str]:
        """Article offsets and quote of paragraph tokens first..last (inclusive)."""
        while first < last and doc[first].is_space:
            first += 1
        while last > first and doc[last].is_space:
            last -= 1
        a = doc[first].idx
        b = doc[last].idx + len(doc[last].text)
        start, end = para.to_source(a), para.to_source(b - 1) + 1
        quote = self.original[start:end] if not self.html else para.text[a:b]
        return start, end, quote

    # -- sources -------------------------------------------------------------------
    def _source_text(self, doc: Any, rng: Range | None) -> tuple[str | None, bool]:
        if rng is None:
            return None, False
        text = text_of(doc, [rng])
        if not text:
            return None, False
        if text.casefold() in _PRONOUNS:
            local = _sentence_antecedent(doc, rng[0], text.casefold())
            if local is not None:
                return local, doc[local_head(doc, rng[0], text.casefold())].pos_ == "PROPN"
            return self._antecedent(text.casefold())
        head = doc[rng[1] - 1]
        person = head.pos_ == "PROPN"
        self.state.named.append((text, person))
        return text, person

    def _antecedent(self, pronoun: str) -> tuple[str | None, bool]:
        named = self.state.named
        if pronoun in ("he", "she", "him", "her", "his"):
            for text, person in reversed(named):
                if person:
                    return text, True
        if named:
            return named[-1]
        return None, False

    # -- reading -------------------------------------------------------------------
    def read_paragraph(self, index: int, para: Paragraph, doc: Any) -> None:
        st = self.state
        block = st.block
        if block is not None and index > block.started_para:
            block.paragraphs_left -= 1
        sents = [s for s in doc.sents if not all(t.is_space or t.is_punct for t in s)]
        for n, sent in enumerate(sents):
            frames = sentence_frames(sent)
            start, end, quote = self._span(para, doc, sent.start, sent.end - 1)
            made = 0
            block = st.block
            if block is not None and index > block.started_para:
                made += self._continue_block(block, frames, para, sent, start, end, quote)
            for frame in frames:
                made += self._take(frame, doc, sent, start, end, quote, index)
            if made and frames and n == len(sents) - 1 and sentence_ends_with_colon(sent) and st.block is None:
                last = st.drafts[-1]
                st.block = _Block(last.source, list(last.via), last.hedged, None, 1, index, tail_only=True)
            if not frames and made == 0:
                made += self._quote_continuation(para, sent, start, end, quote)
            made += self._publisher_side(frames, doc, sent, start, end, quote)
            if made == 0 and not starts_quoted(sent.text):
                st.quote_speaker = None  # the publisher's voice again: a later quote needs its own speaker
            st.prev_sentence = (start, end, quote)
            st.prev_had_claim = made > 0 or bool(frames)

    def heading(self) -> None:
        """A section heading ends whatever block or quotation was running."""
        self.state.block = None
        self.state.quote_speaker = None

    def _continue_block(self, block: _Block, frames: list[Frame], para: Paragraph, sent: Any,
                        start: int, end: int, quote: str) -> int:
        st = self.state
        if block.quoted is None:
            block.quoted = starts_quoted(sent.text)
            if block.tail_only and not (block.quoted or sent.text.lstrip()[:1].islower()):
                st.block = None
                return 0
        if block.paragraphs_left < 0 or (frames and not block.quoted):
            st.block = None
            return 0
        made = self._emit_plain(sent, start, end, quote, block.source, block.via, block.hedged, "block", 0.6)
        if block.quoted and closes_quote(sent.text):
            st.block = None
        return made

    def _quote_continuation(self, para: Paragraph, sent: Any, start: int, end: int, quote: str) -> int:
        """A quoted sentence with no frame, right after a quoted sentence with a speaker."""
        speaker = self.state.quote_speaker
        if speaker is None or not (starts_quoted(sent.text) or in_quotes(sent.doc, sent.start + 1)):
            return 0
        return self._emit_plain(sent, start, end, quote, speaker[0], speaker[1], False, "quote", 0.6)

    def _emit_plain(self, sent: Any, start: int, end: int, quote: str, source: str | None,
                    via: list[str], hedged: bool, pattern: str, confidence: float) -> int:
        text = text_of(sent.doc, [(sent.start, sent.end)])
        if len(text.split()) < _MIN_WORDS:
            return 0
        self.state.drafts.append(Draft(text, start, end, quote, source, list(via), hedged, "supports",
                                       confidence, pattern))
        return 1

    def _take(self, frame: Frame, doc: Any, sent: Any, start: int, end: int, quote: str, index: int) -> int:
        st = self.state
        source, person = self._source_text(doc, frame.source)
        via = [t for t in (text_of(doc, [r]) for r in frame.via) if t]
        if frame.opens_block:
            st.block = _Block(source, via, frame.hedged, quoted=None,
                              paragraphs_left=_MAX_BLOCK_PARAGRAPHS, started_para=index)
            return 0
        if frame.anaphoric:
            return self._take_anaphoric(frame, source, via, start, end, quote)
        text = frame.text(doc)
        if len(text.split()) < _MIN_WORDS:
            return 0
        quoted = any(t.text in ("“", "”", '"') for t in sent)
        st.quote_speaker = (source, via) if source is not None and quoted else None
        st.drafts.append(Draft(text, start, end, quote, source, via, frame.hedged, frame.stance,
                               frame.confidence, frame.pattern, person))
        return 1

    def _take_anaphoric(self, frame: Frame, source: str | None, via: list[str],
                        start: int, end: int, quote: str) -> int:
        st = self.state
        if not st.prev_had_claim and st.prev_sentence is not None and frame.stance == "supports":
            # "… are fighting against Russia! The Kremlin made such an allegation …"
            pstart, _pend, _pquote = st.prev_sentence
            full = self.original[pstart:end] if not self.html else _pquote + " " + quote
            text = " ".join(_pquote.split()).strip("“”\"' ").rstrip("!.?")
            st.drafts.append(Draft(text, pstart, end, full, source, via, frame.hedged, frame.stance,
                                   frame.confidence, "anaphor-previous"))
            return 1
        if not st.drafts:
            return 0
        # "the allegation" points back to an allegation: the latest hedged claim,
        # by the same source when this source made one.
        same = [d for d in st.drafts if source is not None and d.source == source]
        hedged = [d for d in st.drafts if d.hedged]
        antecedent = (same or hedged or st.drafts)[-1]
        hedged = frame.hedged or (antecedent.hedged and frame.stance == "supports")
        st.drafts.append(Draft(antecedent.text, start, end, quote, source, via, hedged,
                               frame.stance, frame.confidence, "anaphor"))
        return 1

    def _publisher_side(self, frames: list[Frame], doc: Any, sent: Any, start: int, end: int, quote: str) -> int:
        """The article's own verdict on a statement: "baseless", "debunked", "disproved"."""
        sourced = [r for f in frames if f.source is not None for r in f.content]
        for tok in sent:
            if tok.lower_ not in PUBLISHER_REFUTES and tok.lemma_.lower() not in PUBLISHER_REFUTES:
                continue
            if covers(sourced, tok.i) or in_quotes(doc, tok.i):
                continue
            judged = judged_statement(tok)
            if judged is None:
                continue
            text = text_of(doc, judged) if judged else (self.state.drafts[-1].text if self.state.drafts else "")
            if len(text.split()) < _MIN_WORDS:
                continue
            # "The claim that X is baseless": the writer's verdict replaces the bare mention.
            self.state.drafts = [d for d in self.state.drafts
                                 if not (d.start == start and d.source is None and d.text == text)]
            self.state.drafts.append(Draft(text, start, end, quote, None, [], False, "refutes", 0.5, "publisher"))
            return 1
        return self._publisher_agrees(doc, sent, sourced, start, end, quote)

    def _publisher_agrees(self, doc: Any, sent: Any, sourced: list[Range], start: int, end: int, quote: str) -> int:
        """"X is right about one thing: Y" in the writer's voice: the article supports Y."""
        for tok in sent:
            predicate = tok.dep_ in ("acomp", "attr", "oprd") or (tok.dep_ == "amod" and tok.head.dep_ == "attr")
            if tok.lower_ not in ("right", "correct") or not predicate:
                continue
            if covers(sourced, tok.i) or in_quotes(doc, tok.i):
                continue
            colon = next((t for t in sent if t.i > tok.i and t.text == ":"), None)
            if colon is None:
                continue
            text = text_of(doc, [(colon.i + 1, sent.end)])
            if len(text.split()) >= _MIN_WORDS:
                self.state.drafts.append(Draft(text, start, end, quote, None, [], False, "supports", 0.5,
                                               "publisher"))
                return 1
        return 0


def local_head(doc: Any, before: int, pronoun: str) -> int:
    """Index of the nearest earlier subject in the sentence that the pronoun can stand for."""
    plural = pronoun in ("they", "them", "their")
    sent = doc[before].sent
    for t in reversed([t for t in sent if t.i < before]):
        if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN"):
            if plural == (t.tag_ in ("NNS", "NNPS")) or (not plural and t.pos_ == "PROPN"):
                return int(t.i)
    return -1


def _sentence_antecedent(doc: Any, before: int, pronoun: str) -> str | None:
    """"…the rebels … who they have accused of…": "they" is the rebels, said just before."""
    i = local_head(doc, before, pronoun)
    if i < 0:
        return None
    return text_of(doc, [source_range(doc[i])]) or None


def _statement_noun(noun: Any) -> list[Range] | None:
    """What a judged noun stands for: a claim noun's content ([] = an earlier claim), or None."""
    if noun is None:
        return None
    if noun.lower_ in _DEMONSTRATIVES:
        return []
    if noun.lemma_.lower() in CLAIM_NOUNS or noun.lemma_.lower() in _STATEMENT_WORDS:
        content, _head, _ = noun_content(noun)
        return content
    return None


def judged_statement(tok: Any) -> list[Range] | None:
    """The statement a refuting word in the writer's voice judges, if it judges one.

    "debunked the claim that X" / "the rumour has been debunked" (a verb and its claim
    noun), "the claim that X is baseless" / "this is patently mistaken" (a predicate on
    a claim noun or a demonstrative), "baseless allegations" (an adjective on one).
    """
    if tok.pos_ == "VERB":
        subj = child(tok, "nsubj")
        if subj is not None and subj.lower_ not in _DEMONSTRATIVES:
            return None  # someone else's verdict: a frame of its own
        if child(tok, "agent") is not None:
            return None
        return _statement_noun(child(tok, "dobj", "nsubjpass"))
    if tok.dep_ == "amod":
        return _statement_noun(tok.head)
    if tok.dep_ in ("acomp", "attr", "oprd"):
        return _statement_noun(child(tok.head, "nsubj", "nsubjpass"))
    return None


def title_coreference(drafts: list[Draft], origins: dict[int, str | None], words_of: Any) -> None:
    """"Top Russian General" / "the agency" -> the one resolved speaker of this article
    that carries the same title or head noun ("General X", "the National Health Agency").

    `words_of(text)` gives the folded words of a source. Only short sources whose last
    word is a title or a common noun take part, and only when every resolved source
    carrying that word agrees on one outlet.
    """
    by_word: dict[str, set[str]] = {}
    for i, d in enumerate(drafts):
        origin = origins.get(i)
        if origin and d.source:
            for w in words_of(d.source):
                by_word.setdefault(w, set()).add(origin)
    for i, d in enumerate(drafts):
        if origins.get(i) or not d.source:
            continue
        words = words_of(d.source)
        if not words or len(words) > 3 or words[-1] in CLAIM_NOUNS:
            continue
        last_written = d.source.split()[-1]
        if words[-1] not in PERSON_TITLES and not last_written[:1].islower():
            continue
        found = by_word.get(words[-1], set())
        if len(found) == 1:
            origins[i] = next(iter(found))


def to_claims(drafts: list[Draft], resolver: Any, titles_of: Any) -> list[ExtractedClaim]:
    resolutions = {i: (resolver.resolve(d.source) if resolver is not None and d.source else None)
                   for i, d in enumerate(drafts)}
    origins = {i: (r.origin if r is not None else None) for i, r in resolutions.items()}
    title_coreference(drafts, origins, titles_of)
    claims: list[ExtractedClaim] = []
    seen: set[tuple[int, int, str, str | None]] = set()
    for i, d in enumerate(drafts):
        key = (d.start, d.end, d.text.casefold(), d.source)
        if key in seen:
            continue
        seen.add(key)
        r = resolutions[i]
        claims.append(ExtractedClaim(
            text=d.text, quote=d.quote, start=d.start, end=d.end, source=d.source, origin=origins[i],
            via=tuple(d.via), hedged=d.hedged, stance=d.stance, confidence=d.confidence, pattern=d.pattern,
            candidates=r.candidates if r is not None else (), kind_guess=r.kind_guess if r is not None else None,
        ))
    return claims
