"""Frames built on a reporting verb: "X said that…", "X accused Y of…", "it was revealed
that…", "“…,” X said", "As X predicted, …", "X told Y:"."""

from __future__ import annotations

from typing import Any

from .grammar import (
    MODALS,
    RELATIVE,
    Frame,
    child,
    conditional,
    ends_with_colon,
    noun_lemma,
)
from .lexicon import (
    CHARGE_PREPS,
    CLAIM_NOUNS,
    HEDGE_NOUNS,
    HEDGE_VERBS,
    JUDGE_VERBS,
    PUBLISHER_REFUTES,
    REFUTE_VERBS,
    REPORT_VERBS,
    SAY_VERBS,
    WEAK_VERBS,
    words,
)
from .nouns import noun_content
from .spans import Range, minus, source_range, subtree, text_of
from .speakers import subject, verb_source

_NP_CONTENT_VERBS = frozenset(
    words("report reveal confirm announce document disclose admit acknowledge show publish post blame")
)
# Nouns for a view someone repeats: "repeated the line that…" (only with a that-clause).
_VIEW_NOUNS = frozenset(words("line narrative theory story notion position"))
# Objects of "deny/reject/dispute" that stand for something said before.
_SAID_OBJECTS = frozenset(
    words("figure figures number numbers account version finding findings data conclusion conclusions story")
)
# Verbs whose subject must be a thing (a video, a report) for a noun object to be a claim.
_EVIDENCE_VERBS = frozenset(words("show indicate prove"))


def _clause_content(tok: Any, heads: list[Any]) -> Range:
    """From the first clause head's left edge to the last one's right edge; when the
    clause follows the verb, modifiers the parser hung on the verb after it belong to it."""
    start = min(h.left_edge.i for h in heads)
    end = max(h.right_edge.i for h in heads) + 1
    if start > tok.i:
        for c in tok.rights:
            if c.dep_ == "conj" and c.lemma_.lower() in REPORT_VERBS:
                break
            if c.i >= end and c.dep_ not in ("punct", "parataxis", "cc", "advcl", "ccomp"):
                end = c.right_edge.i + 1
    return start, end


def _charge(frame: Frame, tok: Any, passive: bool) -> bool:
    """ "X accused Y of Z-ing", "Y were accused of Z": the statement is "Y Z"."""
    prep_word = CHARGE_PREPS.get(tok.lemma_.lower())
    prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == prep_word), None)
    target = child(prep, "pcomp", "pobj")
    if target is None:
        return False
    who = child(tok, "dobj", "nsubjpass")
    who_text = text_of(tok.doc, [subtree(who)]) if who is not None and who.lower_ not in RELATIVE else ""
    frame.content, frame.content_head = [subtree(target)], target.i
    frame.content_text = " ".join(x for x in (who_text, text_of(tok.doc, frame.content)) if x)
    return True


def _judged(frame: Frame, tok: Any, dobj: Any) -> bool:
    """ "X called the claim false", "X dismissed the report as unscientific"."""
    complement = child(tok, "oprd", "xcomp", "ccomp") or next(
        (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "as"), None
    )
    judgement = text_of(tok.doc, [(dobj.i + 1, tok.sent.end)]).casefold()
    if noun_lemma(dobj) in CLAIM_NOUNS and (
        any(w.strip("“”\"'.,") in PUBLISHER_REFUTES for w in judgement.split())
        or tok.lemma_.lower() in REFUTE_VERBS
    ):
        frame.anaphoric, frame.stance = True, "refutes"
        return True
    if complement is None:
        return False
    frame.content = [(dobj.left_edge.i, complement.right_edge.i + 1)]
    frame.content_head = dobj.i
    return True


def verb_frame(tok: Any) -> Frame | None:
    lemma = tok.lemma_.lower()
    if tok.pos_ not in ("VERB", "AUX") or lemma not in REPORT_VERBS:
        return None
    children = list(tok.children)
    if conditional(tok) or any(c.dep_ == "neg" for c in children):
        return None  # "if it is true that…", "did not say": not a report of anything
    if tok.tag_ == "VBG" and tok.dep_ in ("csubj", "nsubj", "nsubjpass"):
        return None  # "acknowledging these forces … opens up": a gerund, not a speech act
    if lemma in WEAK_VERBS and any(c.dep_ == "aux" and c.lower_ == "to" for c in children):
        return None  # "cause to believe", "to show": an infinitive reports nothing
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in children)
    if any(c.dep_ == "aux" and c.lower_ in MODALS for c in children) and passive:
        return None  # "it can be claimed that": a hypothetical
    source, usable = verb_source(tok)
    if not usable:
        return None
    subj = child(tok, "nsubj")
    if lemma in REFUTE_VERBS and subj is not None and subj.lower_ in ("this", "that", "these", "those", "it"):
        return None  # "This disproved the claims…": the writer's verdict, read as such in claims.py
    if lemma in WEAK_VERBS and source is None and not passive:
        return None  # "…or prove that…" with no one proving: a parse fragment, not a report
    frame = Frame(tok.i, "verb", source, [], hedged=lemma in HEDGE_VERBS)
    frame.stance = "refutes" if lemma in REFUTE_VERBS else "supports"
    if tok.dep_ == "acl":
        frame.acl_of = tok.head.i
    ccomp = child(tok, "ccomp")
    if lemma in CHARGE_PREPS and ccomp is None and _charge(frame, tok, passive):
        return _finish(frame, tok)
    dobj = child(tok, "dobj")
    if (
        lemma in JUDGE_VERBS
        and dobj is not None
        and source is not None
        and dobj.pos_ != "PRON"
        and _judged(frame, tok, dobj)
    ):
        return _finish(frame, tok)
    if ccomp is not None and lemma in _EVIDENCE_VERBS | {"find"} and ccomp.i < tok.i:
        ccomp = None  # "X is baseless: the images show…" is not what the images show
    if ccomp is not None:
        heads = [c for c in children if c.dep_ == "ccomp"]
        marks = [
            subtree(g)
            for h in heads
            for g in h.children
            if g.dep_ == "mark" and g.lower_ in ("that", "whether")
        ]
        frame.content, frame.content_head = minus(_clause_content(tok, heads), marks), ccomp.i
        return _finish(frame, tok)
    xcomp = child(tok, "xcomp")
    if xcomp is not None and lemma in SAY_VERBS and xcomp.tag_ == "VBD":
        # "which X said hampered…": a finite clause the parser took for an xcomp
        frame.content, frame.content_head = [subtree(xcomp)], xcomp.i
        return _finish(frame, tok)
    if xcomp is not None and lemma in ("claim", "allege", "purport"):
        frame.content, frame.content_head = [subtree(xcomp)], xcomp.i
        return _finish(frame, tok)
    if dobj is not None and dobj.lemma_.lower() in _VIEW_NOUNS:
        content, head, that_clause = noun_content(dobj)
        if that_clause:
            frame.content, frame.content_head = content, head
            return _finish(frame, tok)
    if dobj is not None and dobj.pos_ in ("NOUN", "PROPN"):
        if noun_lemma(dobj) in CLAIM_NOUNS:
            content, head, _ = noun_content(dobj)
            if content:
                frame.content, frame.content_head = content, head
            else:
                frame.anaphoric = True
            # Supporting "the allegation" repeats an allegation; rejecting it is plain news.
            frame.hedged = frame.hedged or (dobj.lemma_.lower() in HEDGE_NOUNS and frame.stance == "supports")
            return _finish(frame, tok)
        speaker = subject(tok) or (subject(tok.head) if tok.dep_ in ("advcl", "xcomp", "conj") else None)
        thing_subject = speaker is not None and speaker.pos_ == "NOUN"
        if frame.stance == "refutes":
            if noun_lemma(dobj) in _SAID_OBJECTS:
                frame.anaphoric = True  # "Critics disputed the figures": the figures said before
                return _finish(frame, tok)
            return None  # "the council rejected two offers": a refusal, not a refutation
        if lemma in _NP_CONTENT_VERBS and (lemma not in _EVIDENCE_VERBS or thing_subject):
            frame.content, frame.content_head = [_clause_content(tok, [dobj])], dobj.i
            return _finish(frame, tok)
    nsubjpass = child(tok, "nsubjpass")
    if nsubjpass is not None and nsubjpass.lower_ not in ("it", "this", "that"):
        short = nsubjpass.right_edge.i - nsubjpass.left_edge.i < 3
        if (frame.stance == "refutes" or source is not None) and (
            noun_lemma(nsubjpass) in CLAIM_NOUNS or short
        ):
            # "these accusations were dismissed", "the figures were confirmed by X": said before
            frame.anaphoric = True
            return _finish(frame, tok)
        if source is not None and lemma in _NP_CONTENT_VERBS:
            frame.content, frame.content_head = [subtree(nsubjpass)], nsubjpass.i
            return _finish(frame, tok)
    stray = _stray_that_clause(tok) if lemma in SAY_VERBS else None
    if stray is not None:
        frame.content, frame.content_head = [stray[0]], stray[1]
        return _finish(frame, tok)
    return _trailing(frame, tok, children)


def _stray_that_clause(tok: Any) -> tuple[Range, int] | None:
    """ "X told reporters outside the courthouse that Y": the parser hung the that-clause on
    the courthouse; it is what X told."""
    for t in tok.subtree:
        if t.i <= tok.i or t.dep_ != "mark" or t.lower_ != "that":
            continue
        clause = t.head
        if clause.dep_ in ("acl", "relcl") and noun_lemma(clause.head) not in CLAIM_NOUNS:
            return (t.i + 1, clause.right_edge.i + 1), clause.i
    return None


def _trailing(frame: Frame, tok: Any, children: list[Any]) -> Frame | None:
    """Frames whose statement is the rest of the sentence, or the next sentences."""
    head = tok.head
    lemma = tok.lemma_.lower()
    bare = not any(c.dep_ in ("prep", "dobj", "xcomp", "prt") for c in children)
    quoted_before = any(t.text in ("”", '"') for t in tok.sent if head.left_edge.i <= t.i < tok.i)
    if (
        (tok.dep_ == "parataxis" or (tok.dep_ == "advcl" and quoted_before))
        and head.i < tok.i
        and lemma in SAY_VERBS
        and bare
    ):
        frame.content, frame.content_head = minus(subtree(head), [subtree(tok)]), head.i
        frame.pattern = "parataxis"
        return _finish(frame, tok)
    if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in children):
        frame.content, frame.content_head = minus(subtree(head), [subtree(tok)]), head.i
        frame.pattern = "as"
        return _finish(frame, tok)
    if ends_with_colon(tok):
        frame.opens_block = True
        return _finish(frame, tok)
    return None


def _finish(frame: Frame, tok: Any) -> Frame | None:
    lemma = tok.lemma_.lower()
    if frame.source is not None and frame.content:
        frame.content = [r for c in frame.content for r in minus(c, [frame.source])]
    if lemma in WEAK_VERBS and frame.content_head is None and not (frame.opens_block or frame.anaphoric):
        return None
    if frame.source is None:
        # "it was reported that": no one stands behind it but "reports".
        frame.hedged = frame.hedged or lemma in ("report", "say", "claim", "allege", "suggest")
        frame.confidence = 0.65
    if lemma == "tell":
        listener = child(tok, "dative", "dobj")
        if listener is not None and listener.pos_ == "PROPN":
            frame.via = [source_range(listener)]
    if frame.opens_block or frame.anaphoric:
        frame.confidence = min(frame.confidence, 0.6)
    return frame
