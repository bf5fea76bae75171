"""The Frame record and the small dependency-tree helpers the frame finders share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .lexicon import CLAIM_NOUNS, words
from .spans import Range, source_range, text_of

MODALS = frozenset(words("can could would might may should"))
RELATIVE = frozenset(words("that which who whom whose"))
# Speakers that are the writer or the reader: "we think", "you fashion theories".
NOT_A_SOURCE = frozenset(words("i we you"))
CONDITIONAL = frozenset(words("if unless"))
DEFINITE = frozenset(words("the this these that those such"))
PUBLISH_VERBS = frozenset(
    words("release publish post share air broadcast issue make produce circulate obtain")
)
# Verbs whose subject noun is a statement and whose "in/by X" names where it came from.
NOUN_SOURCE_VERBS = frozenset(
    words("spread publish circulate appear surface emerge report carry air release")
)
EMERGE_VERBS = frozenset(words("emerge surface appear circulate spread mount grow"))


@dataclass
class Frame:
    cue: int
    pattern: str
    source: Range | None
    content: list[Range]
    hedged: bool = False
    stance: str = "supports"
    via: list[Range] = field(default_factory=list)
    confidence: float = 0.8
    # The statement is not in this sentence: an earlier claim ("rejected the allegation").
    anaphoric: bool = False
    # The frame ends in a colon: what is said follows in the next sentences.
    opens_block: bool = False
    content_head: int | None = None
    content_text: str | None = None
    # The noun this frame's verb modifies ("a video showing…"), if it is an acl.
    acl_of: int | None = None

    def text(self, doc: Any) -> str:
        if self.content_text is not None:
            return self.content_text
        return text_of(doc, self.content)


def noun_lemma(tok: Any) -> str:
    """A noun's lemma, except where the lemmatizer mangles a claim noun ("news" -> "new")."""
    lower = str(tok.lower_)
    return lower if lower in CLAIM_NOUNS else str(tok.lemma_).lower()


def child(tok: Any, *deps: str) -> Any:
    if tok is None:
        return None
    return next((c for c in tok.children if c.dep_ in deps), None)


def conditional(tok: Any) -> bool:
    """Is the token inside an "if"/"unless" clause (a hypothetical, not a report)?"""
    node = tok
    for _ in range(8):
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL for c in node.children):
            return True
        if node.head is node:
            return False
        node = node.head
    return False


def ends_with_colon(tok: Any) -> bool:
    """Does the sentence end in a colon (or "that,") within three words of the token?"""
    tail = [t for t in tok.sent if t.i > tok.i and not t.is_space]
    words = [t for t in tail if not t.is_punct]
    return bool(tail) and tail[-1].text in (":", ",") and len(words) <= 3


def sentence_ends_with_colon(sent: Any) -> bool:
    tail = [t for t in sent if not t.is_space]
    return bool(tail) and tail[-1].text == ":"


def sentence_head(doc: Any, before: int, pronoun: str) -> int:
    """Index of the nearest earlier subject in the sentence that the pronoun can stand for."""
    plural = pronoun in ("they", "them", "their")
    sent = doc[before].sent
    for t in reversed([t for t in sent if t.i < before]):
        agrees = plural == (t.tag_ in ("NNS", "NNPS")) or (not plural and t.pos_ == "PROPN")
        if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN") and agrees:
            return int(t.i)
    return -1


def sentence_antecedent(doc: Any, before: int, pronoun: str) -> str | None:
    """ "…the rebels … who they have accused of…": "they" is the rebels, said just before."""
    i = sentence_head(doc, before, pronoun)
    if i < 0:
        return None
    return text_of(doc, [source_range(doc[i])]) or None


def plural_subject(sent: Any) -> str | None:
    """The sentence's plural noun subject ("The researchers, led by …"), if it has one."""
    for t in sent:
        if t.dep_ in ("nsubj", "nsubjpass") and t.tag_ in ("NNS", "NNPS") and t.head.dep_ == "ROOT":
            return text_of(t.doc, [source_range(t)]) or None
    return None
