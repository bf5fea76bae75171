"""Who speaks: the subject of a reporting verb, found through the shapes the parser
gives it (split names, absolute "with X saying", relative clauses, appositions left
stranded before "said")."""

from __future__ import annotations

from typing import Any

from .grammar import NOT_A_SOURCE, PUBLISH_VERBS, RELATIVE, child, noun_lemma
from .lexicon import CLAIM_NOUNS, words
from .nouns import noun_source
from .spans import Range, source_range

# Non-finite verbs find their speaker by climbing through these links.
_CLIMB = frozenset(words("conj xcomp advcl pcomp prep pobj dobj"))


def subject(node: Any) -> Any:
    subjects = [c for c in node.children if c.dep_ == "nsubj"]
    if not subjects:
        agent = child(node, "agent")
        return child(agent, "pobj")
    # "ARDEN, March 3 - The Ministry said": the subject nearest the verb.
    return min(subjects, key=lambda c: abs(node.i - c.i))


def _subject_range(node: Any, subj: Any) -> Range:
    """A subject's phrase, joined with subjects the tagger split off it ("Anti - Media")."""
    start, end = source_range(subj)
    split = {c.i for c in node.children if c.dep_ == "nsubj"}
    while start - 1 in split:
        start = node.doc[start - 1].left_edge.i
    while end in split:
        end = node.doc[end].right_edge.i + 1
    return start, end


def _absolutesubject(tok: Any) -> Any:
    """ "…with US officials poignantly declaring that…": the noun just before the verb."""
    i = tok.i - 1
    doc = tok.doc
    while i >= 0 and doc[i].dep_ == "advmod":
        i -= 1
    if i >= 0 and doc[i].pos_ in ("NOUN", "PROPN") and doc[i].dep_ == "pobj" and doc[i].head.lower_ == "with":
        return doc[i]
    return None


def _through_noun(noun: Any, cue: Any) -> Range | None:
    """The source behind a noun that carries a statement ("a video showing…",
    "information indicating…", "reports that suggest…"): who published it, else the
    noun itself when it names a speaker."""
    if noun_lemma(noun) in CLAIM_NOUNS:
        return noun_source(noun)
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in PUBLISH_VERBS:
        subj = child(noun.head, "nsubj")
        if subj is not None and subj.lower_ not in RELATIVE:
            return source_range(subj)
    return source_range(noun, stop=cue.left_edge.i)


def verb_source(tok: Any) -> tuple[Range | None, bool]:
    """(source range, usable): usable is False when the speaker is the writer or reader."""
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children):
        obj = child(child(tok, "agent"), "pobj")
        return (source_range(obj) if obj is not None else None), True
    subj = subject(tok)
    node = tok
    if subj is None and tok.tag_ == "VBG":
        absolute = _absolutesubject(tok)
        if absolute is not None:
            return source_range(absolute), True
    steps = 0
    while subj is None and tok.tag_ in ("VBG", "VBN", "VB") and node.dep_ in _CLIMB and steps < 4:
        if node.dep_ == "conj" and node.head.dep_ in ("acl", "relcl", "amod"):
            break  # a verb coordinated inside a noun's clause does not share the sentence's subject
        node = node.head
        steps += 1
        subj = subject(node)
    if (subj is None and tok.dep_ == "acl") or (
        subj is not None and subj.lower_ in RELATIVE and tok.dep_ == "relcl"
    ):
        return _through_noun(tok.head, tok), True
    if subj is None:
        return _stranded_speaker(tok), True
    if subj.lower_ in RELATIVE:
        # An extraposed "…allegations have been spread — … — that suggest that…".
        nouns = [t for t in tok.sent if t.i < tok.i and noun_lemma(t) in CLAIM_NOUNS and t.pos_ == "NOUN"]
        return (noun_source(nouns[-1]) if nouns else None), True
    if subj.lower_ in NOT_A_SOURCE:
        return None, False
    if child(subj, "poss") is not None and child(subj, "poss").lower_ == "whose" and tok.dep_ == "relcl":
        return source_range(tok.head, stop=tok.left_edge.i), True  # "Tony Blair, whose thinktank said…"
    return _subject_range(node, subj), True


def _stranded_speaker(tok: Any) -> Range | None:
    """ "…twelve times the legal limit, the department's head, Professor Kuhn, said": the
    parser hung the speaker on the statement as an apposition; it is the phrase that
    ends just before the verb."""
    doc = tok.doc
    i = tok.i - 1
    while i >= 0 and doc[i].is_punct:
        i -= 1
    if i < 0 or i == tok.i - 1:
        return None
    node = doc[i]
    while node.dep_ == "appos" and node.head.dep_ == "appos":
        node = node.head
    if node.dep_ != "appos" and not (node.dep_ in ("compound", "flat") and node.head.dep_ == "appos"):
        return None
    if node.dep_ != "appos":
        node = node.head
        while node.dep_ == "appos" and node.head.dep_ == "appos":
            node = node.head
    return node.left_edge.i, i + 1
