"""Frames without a reporting verb: claim nouns ("X's allegation that…", "reports of…",
"there is evidence that…"), "according to X", and reporting adverbs ("reportedly")."""

from __future__ import annotations

from typing import Any

from .grammar import (
    DEFINITE,
    EMERGE_VERBS,
    NOUN_SOURCE_VERBS,
    PUBLISH_VERBS,
    Frame,
    child,
    conditional,
    noun_lemma,
    sentence_ends_with_colon,
)
from .lexicon import CLAIM_NOUNS, HEDGE_NOUNS, LIGHT_VERBS, REFUTE_NOUNS, REPORT_ADVERBS, REPORT_VERBS, words
from .spans import Range, minus, source_range, subtree

_CONTENT_PREPS = frozenset(words("about of regarding"))


def noun_content(noun: Any) -> tuple[list[Range], int | None, bool]:
    """(content ranges, content head, content is a that-clause) of a claim noun."""
    for c in noun.children:
        if c.dep_ in ("acl", "ccomp", "relcl", "appos") and any(
            g.dep_ == "mark" and g.lower_ == "that" for g in c.children
        ):
            mark = [subtree(g) for g in c.children if g.dep_ == "mark"]
            return minus(subtree(c), mark), c.i, True
    preps = [c for c in noun.children if c.dep_ == "prep"]
    if noun.dep_ == "nsubj" and noun.head.lemma_.lower() in EMERGE_VERBS:
        # "claims emerged of child kidnapping": the parser hangs the "of" on the verb.
        preps += [c for c in noun.head.children if c.dep_ == "prep"]
    for c in preps:
        if c.lower_ in _CONTENT_PREPS:
            obj = child(c, "pobj", "pcomp")
            if obj is not None and not (c.lower_ == "of" and obj.pos_ == "PROPN"):
                return [subtree(obj)], obj.i, False
    return [], None, False


def noun_source(noun: Any) -> Range | None:
    """Who a claim noun belongs to: "Russia's claim", "the OPCW report", "reports from X",
    "the allegation made by X", "X made the allegation", "allegations spread in X"."""
    poss = child(noun, "poss")
    if poss is not None:
        s, e = source_range(poss)
        return s, min(e, poss.i + 1)
    names = [c for c in noun.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
    if names:
        return names[0].left_edge.i, names[-1].i + 1
    for c in noun.children:
        if (c.dep_ == "prep" and c.lower_ in ("by", "from")) or c.dep_ == "agent":
            obj = child(c, "pobj")
            if obj is not None:
                return source_range(obj)
        if c.dep_ == "acl":
            for g in c.children:
                if g.dep_ == "agent" or (
                    g.dep_ == "prep"
                    and g.lower_ in ("by", "from", "in")
                    and c.lemma_.lower() in PUBLISH_VERBS | NOUN_SOURCE_VERBS | {"originate", "stem"}
                ):
                    obj = child(g, "pobj")
                    if obj is not None:
                        return source_range(obj)
    head = noun.head
    if noun.dep_ == "dobj" and head.lemma_.lower() in LIGHT_VERBS | PUBLISH_VERBS:
        subj = child(head, "nsubj")
        if subj is not None:
            return source_range(subj)
    if (
        noun.dep_ == "nsubj"
        and head.dep_ in ("ccomp", "oprd", "xcomp")
        and head.head.lemma_.lower() in LIGHT_VERBS
    ):
        subj = child(head.head, "nsubj")  # "X made the accusation public"
        if subj is not None:
            return source_range(subj)
    if noun.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in NOUN_SOURCE_VERBS:
        for c in head.children:
            if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ in ("in", "by", "from")):
                obj = child(c, "pobj")
                if obj is not None:
                    return source_range(obj)
    return None


def noun_frame(tok: Any) -> Frame | None:
    lemma = noun_lemma(tok)
    if tok.pos_ != "NOUN" or lemma not in CLAIM_NOUNS:
        return None
    head = tok.head
    source = noun_source(tok)
    if (
        tok.dep_ == "dobj"
        and head.lemma_.lower() in REPORT_VERBS
        and source is None
        and not any(c.dep_ == "neg" for c in head.children)
    ):
        return None  # the verb's frame owns it
    existential = tok.dep_ == "attr" and any(c.dep_ == "expl" for c in head.children)
    if tok.dep_ == "attr" and not existential:
        return None  # "This was an admission that…": the writer characterising, not a report
    if conditional(tok):
        return None
    content, content_head, that_clause = noun_content(tok)
    plural_report = lemma == "report" and tok.tag_ == "NNS"
    hedged = lemma in HEDGE_NOUNS or (plural_report and source is None)
    stance = "refutes" if lemma in REFUTE_NOUNS else "supports"
    frame = Frame(
        tok.i,
        "noun",
        source,
        content,
        hedged=hedged,
        stance=stance,
        content_head=content_head,
        confidence=0.7,
    )
    if content and not that_clause and sum(e - s for s, e in content) < 3:
        if source is None:
            return None  # "there were allegations of war crimes": no statement, no one behind it
        # "the claim about foreign agitators": a topic, told best by the whole phrase.
        start = tok.left_edge.i if source is None else max(tok.left_edge.i, source[1])
        frame.content = [(start, tok.right_edge.i + 1)]
    if content:
        if source is not None:
            return frame
        emerged = (
            tok.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in EMERGE_VERBS | NOUN_SOURCE_VERBS
        )
        # Without a source, a claim noun only reports something when it says so:
        # "there are reports of…", "claims emerged of…", "allegations that…".
        if that_clause or existential or emerged or lemma in HEDGE_NOUNS or plural_report:
            frame.confidence = 0.6
            return frame
        return None
    definite = any(c.dep_ in ("det", "predet") and c.lower_ in DEFINITE for c in tok.children)
    if (
        source is not None
        and lemma in HEDGE_NOUNS | REFUTE_NOUNS
        and (definite or child(tok, "poss") is not None)
    ):
        frame.anaphoric = True
        frame.confidence = 0.55
        return frame
    if existential and sentence_ends_with_colon(tok.sent) and lemma in HEDGE_NOUNS | {"report"}:
        frame.opens_block = True
        return frame
    return None


def according_frame(tok: Any) -> Frame | None:
    if tok.lower_ != "according":
        return None
    to = child(tok, "prep")
    obj = child(to, "pobj")
    if obj is None:
        return None
    sent = tok.sent
    content = minus((sent.start, sent.end), [subtree(tok)])
    return Frame(tok.i, "according", source_range(obj), content, confidence=0.85)


def adverb_frame(tok: Any) -> Frame | None:
    """ "Reportedly, X": a report with no one named behind it."""
    if tok.lower_ not in REPORT_ADVERBS or tok.dep_ != "advmod" or conditional(tok):
        return None
    sent = tok.sent
    content = minus((sent.start, sent.end), [subtree(tok)])
    return Frame(tok.i, "adverb", None, content, hedged=True, confidence=0.6)
