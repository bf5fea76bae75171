"""The writer's own verdicts: "the claim that X is baseless", "this was debunked",
"X is right about one thing: Y". Read only outside any attributed statement."""

from __future__ import annotations

from typing import Any

from .grammar import child, noun_lemma
from .lexicon import CLAIM_NOUNS, PUBLISHER_REFUTES, words
from .nouns import noun_content
from .spans import Range, covers, in_quotes, text_of

_DEMONSTRATIVES = frozenset(words("this that these those it"))
_STATEMENT_WORDS = frozenset(words("theory theories narrative story rumour rumor"))


def statement_noun(noun: Any) -> list[Range] | None:
    """What a judged noun stands for: a claim noun's content ([] = an earlier claim), or None."""
    if noun is None:
        return None
    if noun.lower_ in _DEMONSTRATIVES:
        return []
    if noun_lemma(noun) in CLAIM_NOUNS or noun_lemma(noun) in _STATEMENT_WORDS:
        content, _head, _ = noun_content(noun)
        return content
    return None


def judged_statement(tok: Any) -> list[Range] | None:
    """The statement a refuting word in the writer's voice judges, if it judges one.

    "the claim that X is baseless" / "this is patently mistaken" (a predicate on a claim
    noun or a demonstrative), "baseless allegations" (an adjective on one), "debunked
    the claim that X" / "the rumour has been debunked" (a verb and its claim noun).
    """
    if tok.dep_ in ("acomp", "attr", "oprd"):
        return statement_noun(child(tok.head, "nsubj", "nsubjpass"))
    if tok.dep_ == "amod":
        return statement_noun(tok.head)
    if tok.pos_ == "VERB":
        subj = child(tok, "nsubj")
        if subj is not None and subj.lower_ not in _DEMONSTRATIVES:
            return None  # someone else's verdict: a frame of its own
        if child(tok, "agent") is not None:
            return None
        return statement_noun(child(tok, "dobj", "nsubjpass"))
    return None


def _agreed_statement(tok: Any, sent: Any) -> list[Range] | None:
    """ "X is right about one thing: Y": the statement after the colon."""
    predicate = tok.dep_ in ("acomp", "attr", "oprd") or (tok.dep_ == "amod" and tok.head.dep_ == "attr")
    if tok.lower_ not in ("right", "correct") or not predicate:
        return None
    colon = next((t for t in sent if t.i > tok.i and t.text == ":"), None)
    return None if colon is None else [(colon.i + 1, sent.end)]


def publisher_verdict(doc: Any, sent: Any, sourced: list[Range]) -> tuple[list[Range], str] | None:
    """(statement ranges, stance) the writer takes in this sentence, if any.

    An empty range list means the verdict is on the article's previous claim ("this is
    patently mistaken"). Words inside a sourced statement or a quotation are someone
    else's, not the writer's.
    """
    for tok in sent:
        refuting = tok.lower_ in PUBLISHER_REFUTES or tok.lemma_.lower() in PUBLISHER_REFUTES
        if not refuting and tok.lower_ not in ("right", "correct"):
            continue  # cheap test first: the quotation scan below walks the sentence
        if covers(sourced, tok.i) or in_quotes(doc, tok.i):
            continue
        if refuting:
            judged = judged_statement(tok)
            if judged is not None:
                return judged, "refutes"
        agreed = _agreed_statement(tok, sent)
        if agreed is not None:
            return agreed, "supports"
    return None


def statement_mention(sent: Any, start: int) -> tuple[str, int] | None:
    """A statement the sentence names without anyone saying it ("the claim that X"), for
    a verdict in the next sentence to point at."""
    for tok in sent:
        if tok.pos_ == "NOUN" and (noun_lemma(tok) in CLAIM_NOUNS or noun_lemma(tok) in _STATEMENT_WORDS):
            content, _head, that_clause = noun_content(tok)
            if that_clause and content:
                return text_of(sent.doc, content), start
    return None
