"""Article-level assembly: frames of each sentence -> extracted claims.

What one sentence cannot tell is settled here, in reading order: who "he" is, what
"the allegation" was, which sentences a "X proclaimed that:" block runs into, and
where the publisher takes a side in its own voice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .drafts import Draft
from .frames import Frame, sentence_frames
from .grammar import plural_subject, sentence_antecedent, sentence_ends_with_colon, sentence_head
from .lexicon import words
from .spans import Range, closes_quote, in_quotes, starts_quoted, text_of
from .types import Paragraph
from .verdicts import publisher_verdict, statement_mention

_PRONOUNS = frozenset(words("he she it they him her them his its their this"))
_MIN_WORDS = 3
# How many paragraphs an unquoted "X told Y:" block may run into.
_MAX_BLOCK_PARAGRAPHS = 4


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
    # (statement, sentence start) of a "the claim that X" in the previous sentence.
    prev_mention: tuple[str, int] | None = None
    # The latest plural subject ("The researchers …"), what a following "they" stands for.
    last_plural: str | None = None


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
            local = sentence_antecedent(doc, rng[0], text.casefold())
            if local is not None:
                return local, doc[sentence_head(doc, rng[0], text.casefold())].pos_ == "PROPN"
            return self._antecedent(text.casefold())
        head = doc[rng[1] - 1]
        person = head.pos_ == "PROPN"
        self.state.named.append((text, person))
        return text, person

    def _antecedent(self, pronoun: str) -> tuple[str | None, bool]:
        named = self.state.named
        if pronoun in ("they", "them", "their") and self.state.last_plural is not None:
            return self.state.last_plural, False
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
            if (
                made
                and frames
                and n == len(sents) - 1
                and sentence_ends_with_colon(sent)
                and st.block is None
            ):
                last = st.drafts[-1]
                st.block = _Block(last.source, list(last.via), last.hedged, None, 1, index, tail_only=True)
            if not frames and made == 0:
                made += self._quote_continuation(para, sent, start, end, quote)
            made += self._publisher_side(frames, doc, sent, start, end, quote)
            if made == 0 and not starts_quoted(sent.text):
                st.quote_speaker = None  # the publisher's voice again: a later quote needs its own speaker
            st.prev_sentence = (start, end, quote) if n < len(sents) - 1 else None
            st.prev_had_claim = made > 0 or bool(frames)
            st.prev_mention = statement_mention(sent, start) if n < len(sents) - 1 else None
            plural = plural_subject(sent)
            if plural is not None:
                st.last_plural = plural

    def heading(self) -> None:
        """A section heading ends whatever block or quotation was running."""
        self.state.block = None
        self.state.quote_speaker = None

    def _continue_block(
        self, block: _Block, frames: list[Frame], para: Paragraph, sent: Any, start: int, end: int, quote: str
    ) -> int:
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

    def _emit_plain(
        self,
        sent: Any,
        start: int,
        end: int,
        quote: str,
        source: str | None,
        via: list[str],
        hedged: bool,
        pattern: str,
        confidence: float,
    ) -> int:
        text = text_of(sent.doc, [(sent.start, sent.end)])
        if len(text.split()) < _MIN_WORDS:
            return 0
        self.state.drafts.append(
            Draft(text, start, end, quote, source, list(via), hedged, "supports", confidence, pattern)
        )
        return 1

    def _take(self, frame: Frame, doc: Any, sent: Any, start: int, end: int, quote: str, index: int) -> int:
        st = self.state
        source, person = self._source_text(doc, frame.source)
        via = [t for t in (text_of(doc, [r]) for r in frame.via) if t]
        if frame.opens_block:
            st.block = _Block(
                source,
                via,
                frame.hedged,
                quoted=None,
                paragraphs_left=_MAX_BLOCK_PARAGRAPHS,
                started_para=index,
            )
            return 0
        if frame.anaphoric:
            return self._take_anaphoric(frame, source, via, start, end, quote)
        text = frame.text(doc)
        if len(text.split()) < _MIN_WORDS:
            return 0
        quoted = any(t.text in ("“", "”", '"') for t in sent)
        st.quote_speaker = (source, via) if source is not None and quoted else None
        st.drafts.append(
            Draft(
                text,
                start,
                end,
                quote,
                source,
                via,
                frame.hedged,
                frame.stance,
                frame.confidence,
                frame.pattern,
                person,
            )
        )
        return 1

    def _take_anaphoric(
        self, frame: Frame, source: str | None, via: list[str], start: int, end: int, quote: str
    ) -> int:
        st = self.state
        if not st.prev_had_claim and st.prev_sentence is not None and frame.stance == "supports":
            # "… are fighting against Russia! The Kremlin made such an allegation …"
            pstart, _pend, _pquote = st.prev_sentence
            full = self.original[pstart:end] if not self.html else _pquote + " " + quote
            text = " ".join(_pquote.split()).strip("“”\"' ").rstrip("!.?")
            st.drafts.append(
                Draft(
                    text,
                    pstart,
                    end,
                    full,
                    source,
                    via,
                    frame.hedged,
                    frame.stance,
                    frame.confidence,
                    "anaphor-previous",
                )
            )
            return 1
        if not st.drafts:
            return 0
        # "the allegation" points back to an allegation: the latest hedged claim,
        # by the same source when this source made one.
        same = [d for d in st.drafts if source is not None and d.source == source]
        hedged = [d for d in st.drafts if d.hedged]
        antecedent = (same or hedged or st.drafts)[-1]
        is_hedged = frame.hedged or (antecedent.hedged and frame.stance == "supports")
        st.drafts.append(
            Draft(
                antecedent.text,
                start,
                end,
                quote,
                source,
                via,
                is_hedged,
                frame.stance,
                frame.confidence,
                "anaphor",
            )
        )
        return 1

    def _publisher_side(
        self, frames: list[Frame], doc: Any, sent: Any, start: int, end: int, quote: str
    ) -> int:
        """The article's own verdict on a statement: "baseless", "debunked", "X is right: Y"."""
        sourced = [r for f in frames if f.source is not None for r in f.content]
        verdict = publisher_verdict(doc, sent, sourced)
        if verdict is None:
            return 0
        judged, stance = verdict
        drafts = self.state.drafts
        mention = self.state.prev_mention
        if judged:
            text = text_of(doc, judged)
        elif mention is not None:
            # "The first is the claim that X. Yet this is patently mistaken": this = X.
            text, start = mention[0], mention[1]
            quote = self.original[start:end] if not self.html else quote
        else:
            text = drafts[-1].text if drafts else ""
        if len(text.split()) < _MIN_WORDS:
            return 0
        # "The claim that X is baseless": the writer's verdict replaces the bare mention.
        self.state.drafts = [
            d for d in drafts if not (d.start == start and d.source is None and d.text == text)
        ]
        self.state.drafts.append(Draft(text, start, end, quote, None, [], False, stance, 0.5, "publisher"))
        return 1
