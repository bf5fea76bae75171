"""Reporting frames in one parsed sentence: who says what, and how it is presented.

A frame is a cue (a reporting verb, a claim noun, "according to", a hedging adverb)
with the phrase naming its source and the token ranges of what is said. Patterns are
dependency shapes of general English, nothing more: see `lexicon.py` for the words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .lexicon import (
    CHARGE_PREPS,
    CLAIM_NOUNS,
    HEDGE_ADVERBS,
    HEDGE_NOUNS,
    HEDGE_VERBS,
    LIGHT_VERBS,
    REFUTE_VERBS,
    REPORT_VERBS,
    WEAK_VERBS,
)
from .spans import Range, minus, source_range, subtree, text_of

_MODALS = frozenset("can could would might may should".split())
_RELATIVE = frozenset("that which who whom whose".split())
_FIRST_PERSON = frozenset("i we".split())
_NP_CONTENT_VERBS = frozenset(
    "report reveal confirm announce document disclose admit acknowledge show publish post".split()
)
_NOUN_SOURCE_VERBS = frozenset("spread publish circulate appear surface emerge report carry air release".split())
_CONTENT_PREPS = frozenset("about of on regarding over".split())
_PUBLISH_VERBS = frozenset("release publish post share air broadcast issue make produce circulate obtain".split())
_EMERGE_VERBS = frozenset("emerge surface appear circulate spread mount grow".split())
_CONDITIONAL = frozenset("if unless whether".split())
_DEFINITE = frozenset("the this these that those such".split())


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
    first_person: bool = False
    # The noun this frame's verb modifies ("a video showing…"), if it is an acl.
    acl_of: int | None = None

    def text(self, doc: Any) -> str:
        if self.content_text is not None:
            return self.content_text
        return text_of(doc, self.content)


def _conditional(tok: Any) -> bool:
    node = tok
    for _ in range(8):
        if any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL for c in node.children):
            return True
        if node.head is node:
            return False
        node = node.head
    return False


def _child(tok: Any, *deps: str) -> Any:
    return next((c for c in tok.children if c.dep_ in deps), None)


def _ends_with_colon(tok: Any) -> bool:
    sent = tok.sent
    tail = [t for t in sent if t.i > tok.i and not t.is_space]
    words = [t for t in tail if not t.is_punct]
    return bool(tail) and tail[-1].text in (":", ",") and len(words) <= 3


def _noun_content(noun: Any) -> tuple[list[Range], int | None]:
    for c in noun.children:
        if c.dep_ in ("acl", "ccomp", "relcl", "appos") and any(
            g.dep_ == "mark" and g.lower_ == "that" for g in c.children
        ):
            mark = [subtree(g) for g in c.children if g.dep_ == "mark"]
            return minus(subtree(c), mark), c.i
    preps = [c for c in noun.children if c.dep_ == "prep"]
    if noun.dep_ == "nsubj" and noun.head.lemma_.lower() in _EMERGE_VERBS:
        # "claims emerged of child kidnapping": the parser hangs the "of" on the verb.
        preps += [c for c in noun.head.children if c.dep_ == "prep"]
    for c in preps:
        if c.lower_ in _CONTENT_PREPS:
            obj = _child(c, "pobj", "pcomp")
            if obj is not None and not (c.lower_ == "of" and obj.pos_ == "PROPN"):
                return [subtree(obj)], obj.i
    return [], None


def _noun_source(noun: Any) -> Range | None:
    poss = _child(noun, "poss")
    if poss is not None:
        s, e = source_range(poss)
        return s, min(e, poss.i + 1)
    names = [c for c in noun.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
    if names:
        return names[0].left_edge.i, names[-1].i + 1
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in ("by", "from") or c.dep_ == "agent":
            obj = _child(c, "pobj")
            if obj is not None:
                return source_range(obj)
        if c.dep_ == "acl":
            for g in c.children:
                if g.dep_ == "agent" or (
                    g.dep_ == "prep" and g.lower_ in ("by", "from", "in")
                    and c.lemma_.lower() in _PUBLISH_VERBS | _NOUN_SOURCE_VERBS | {"originate", "stem"}
                ):
                    obj = _child(g, "pobj")
                    if obj is not None:
                        return source_range(obj)
    head = noun.head
    if noun.dep_ == "dobj" and head.lemma_.lower() in LIGHT_VERBS:
        subj = _child(head, "nsubj")
        if subj is not None:
            return source_range(subj)
    if noun.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in _NOUN_SOURCE_VERBS:
        for c in head.children:
            if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ in ("in", "by", "from")):
                obj = _child(c, "pobj")
                if obj is not None:
                    return source_range(obj)
    return None


def _verb_source(tok: Any) -> tuple[Range | None, bool]:
    """(source range, first person) of a reporting verb."""
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
    if passive:
        agent = _child(tok, "agent")
        obj = _child(agent, "pobj") if agent is not None else None
        return (source_range(obj) if obj is not None else None), False
    subjects = [c for c in tok.children if c.dep_ == "nsubj"]
    subj = subjects[0] if subjects else None
    node = tok
    while subj is None and node.dep_ in ("conj", "xcomp", "advcl") and node.head is not node:
        node = node.head
        subj = _child(node, "nsubj") or _child(node, "agent")
        if subj is not None and subj.dep_ == "agent":
            subj = _child(subj, "pobj")
    if (subj is None and tok.dep_ == "acl") or (
        subj is not None and subj.lower_ in _RELATIVE and tok.dep_ == "relcl"
    ):
        return _through_noun(tok.head, tok), False
    if subj is None:
        return None, False
    if subj.lower_ in _FIRST_PERSON:
        return None, True
    rng = source_range(subj)
    if len(subjects) > 1:
        # A name the tagger split into several subjects ("Anti - Media").
        rng = (min(rng[0], *(c.left_edge.i for c in subjects)), max(rng[1], *(c.i + 1 for c in subjects)))
    return rng, False


def _through_noun(noun: Any, cue: Any) -> Range | None:
    """The source behind a noun that carries a statement ("a video showing…",
    "information indicating…", "reports that suggest…"): who published it, else the
    noun itself when it names a speaker, else no one."""
    if noun.lemma_.lower() in CLAIM_NOUNS:
        return _noun_source(noun)
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in _PUBLISH_VERBS:
        subj = _child(noun.head, "nsubj")
        if subj is not None and subj.lower_ not in _RELATIVE:
            return source_range(subj)
    agent = next((g for c in noun.children if c.dep_ == "acl" for g in c.children if g.dep_ == "agent"), None)
    obj = _child(agent, "pobj") if agent is not None else None
    if obj is not None:
        return source_range(obj)
    return source_range(noun, stop=cue.left_edge.i)


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


def verb_frame(tok: Any) -> Frame | None:
    lemma = tok.lemma_.lower()
    if tok.pos_ not in ("VERB", "AUX") or lemma not in REPORT_VERBS:
        return None
    children = list(tok.children)
    if _conditional(tok):
        return None  # "if it is true that terrorists who claim…": not a report of anything
    if lemma in WEAK_VERBS and any(c.dep_ == "aux" and c.lower_ == "to" for c in children):
        return None  # "cause to believe", "to show": an infinitive reports nothing
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in children)
    if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in children) and passive:
        return None  # "it can be claimed that": a hypothetical, not a report
    negated = any(c.dep_ == "neg" for c in children)
    refutes = lemma in REFUTE_VERBS
    if negated and not refutes:
        return None
    source, first_person = _verb_source(tok)
    if first_person:
        return None  # "we think", "I believe": the writer's own view, or a speaker's inside a quote
    frame = Frame(tok.i, "verb", source, [], hedged=lemma in HEDGE_VERBS, first_person=first_person)
    if tok.dep_ == "acl":
        frame.acl_of = tok.head.i
    frame.stance = ("neutral" if negated else "refutes") if refutes else "supports"
    prep_word = CHARGE_PREPS.get(lemma)
    ccomp = _child(tok, "ccomp")
    if prep_word is not None and ccomp is None:
        prep = next((c for c in children if c.dep_ == "prep" and c.lower_ == prep_word), None)
        target = _child(prep, "pcomp", "pobj") if prep is not None else None
        if target is not None:
            who = _child(tok, "dobj", "nsubjpass")
            who_text = text_of(tok.doc, [subtree(who)]) if who is not None and who.lower_ not in _RELATIVE else ""
            frame.content = [subtree(target)]
            frame.content_head = target.i
            frame.content_text = " ".join(x for x in (who_text, text_of(tok.doc, frame.content)) if x)
            if passive:
                frame.source = source
            return _finish(frame, tok)
    if ccomp is not None:
        heads = [c for c in children if c.dep_ == "ccomp"]
        marks = [subtree(g) for h in heads for g in h.children if g.dep_ == "mark" and g.lower_ in ("that", "whether")]
        frame.content, frame.content_head = minus(_clause_content(tok, heads), marks), ccomp.i
        return _finish(frame, tok)
    xcomp = _child(tok, "xcomp")
    if xcomp is not None and lemma in ("claim", "allege", "purport"):
        frame.content, frame.content_head = [subtree(xcomp)], xcomp.i
        return _finish(frame, tok)
    dobj = _child(tok, "dobj")
    if dobj is not None and dobj.pos_ in ("NOUN", "PROPN"):
        if dobj.lemma_.lower() in CLAIM_NOUNS:
            content, head = _noun_content(dobj)
            if content:
                frame.content, frame.content_head = content, head
            else:
                frame.anaphoric = True
            frame.hedged = frame.hedged or dobj.lemma_.lower() in HEDGE_NOUNS
            return _finish(frame, tok)
        if lemma in _NP_CONTENT_VERBS or refutes:
            frame.content, frame.content_head = [_clause_content(tok, [dobj])], dobj.i
            return _finish(frame, tok)
    nsubjpass = _child(tok, "nsubjpass")
    if refutes and nsubjpass is not None and nsubjpass.lemma_.lower() in CLAIM_NOUNS:
        frame.anaphoric = True  # "these accusations were dismissed as propaganda"
        return _finish(frame, tok)
    head = tok.head
    quoted_before = any(t.text in ("”", '"') for t in tok.sent if head.left_edge.i <= t.i < tok.i)
    if (tok.dep_ == "parataxis" or (tok.dep_ == "advcl" and quoted_before)) and head.i < tok.i:
        frame.content, frame.content_head = minus(subtree(head), [subtree(tok)]), head.i
        frame.pattern = "parataxis"
        return _finish(frame, tok)
    if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in children):
        frame.content, frame.content_head = minus(subtree(head), [subtree(tok)]), head.i
        frame.pattern = "as"
        return _finish(frame, tok)
    if _ends_with_colon(tok):
        frame.opens_block = True
        return _finish(frame, tok)
    return None


def _finish(frame: Frame, tok: Any) -> Frame | None:
    if tok.lemma_.lower() in WEAK_VERBS and frame.content_head is None and not frame.opens_block:
        return None
    if frame.source is None and not frame.first_person:
        # "it was reported that": no one stands behind it but "reports".
        frame.hedged = frame.hedged or tok.lemma_.lower() in ("report", "say", "claim", "allege", "suggest")
        frame.confidence = 0.65
    if tok.lemma_.lower() == "tell":
        listener = _child(tok, "dative", "dobj")
        if listener is not None and listener.pos_ == "PROPN":
            frame.via = [source_range(listener)]
    if frame.opens_block or frame.anaphoric:
        frame.confidence = min(frame.confidence, 0.6)
    return frame


def noun_frame(tok: Any) -> Frame | None:
    lemma = tok.lemma_.lower()
    if tok.pos_ != "NOUN" or lemma not in CLAIM_NOUNS:
        return None
    if tok.dep_ == "dobj" and tok.head.lemma_.lower() in REPORT_VERBS:
        return None  # the verb's frame owns it
    if tok.dep_ == "attr" and not any(c.dep_ == "expl" for c in tok.head.children):
        return None  # "This was an admission that…": the writer characterising, not a report
    if _conditional(tok):
        return None
    content, head = _noun_content(tok)
    source = _noun_source(tok)
    existential = tok.dep_ == "attr" and any(c.dep_ == "expl" for c in tok.head.children)
    plural_unsourced = source is None and tok.tag_ == "NNS"
    hedged = lemma in HEDGE_NOUNS or (lemma == "report" and plural_unsourced)
    frame = Frame(tok.i, "noun", source, content, hedged=hedged, content_head=head, confidence=0.7)
    if content:
        if source is None:
            frame.confidence = 0.6
        return frame
    definite = any(c.dep_ in ("det", "predet") and c.lower_ in _DEFINITE for c in tok.children)
    if source is not None and lemma in HEDGE_NOUNS and (definite or _child(tok, "poss") is not None):
        frame.anaphoric = True
        frame.confidence = 0.55
        return frame
    if existential and tok.right_edge.i + 1 < len(tok.doc) and tok.doc[tok.right_edge.i].text == ":":
        frame.opens_block = True
        return frame
    return None


def according_frame(tok: Any) -> Frame | None:
    if tok.lower_ != "according":
        return None
    to = _child(tok, "prep")
    obj = _child(to, "pobj") if to is not None else None
    if obj is None:
        return None
    sent = tok.sent
    content = minus((sent.start, sent.end), [subtree(tok)])
    return Frame(tok.i, "according", source_range(obj), content, confidence=0.85)


def adverb_frame(tok: Any) -> Frame | None:
    if tok.lower_ not in HEDGE_ADVERBS or tok.dep_ != "advmod":
        return None
    sent = tok.sent
    content = minus((sent.start, sent.end), [subtree(tok)])
    return Frame(tok.i, "adverb", None, content, hedged=True, confidence=0.6)


def sentence_frames(sent: Any) -> list[Frame]:
    frames: list[Frame] = []
    adverbs: list[Frame] = []
    for tok in sent:
        frame = verb_frame(tok) or noun_frame(tok) or according_frame(tok)
        if frame is not None:
            frames.append(frame)
            continue
        adverb = adverb_frame(tok)
        if adverb is not None:
            adverbs.append(adverb)
    for adverb in adverbs:
        owner = [f for f in frames if any(s <= adverb.cue < e for s, e in f.content)]
        if owner:
            for f in owner:
                f.hedged = True
        elif not frames:
            frames.append(adverb)
        else:
            for f in frames:
                f.hedged = True
    return _nest(frames)


def _nest(frames: list[Frame]) -> list[Frame]:
    """"The AP reported that the SVR blasted…": the inner frame, relayed via the outer.

    `via` lists the relays outermost first, the order a reader meets them.
    """
    parent: dict[int, Frame] = {}
    absorbed: set[int] = set()
    for outer in frames:
        for inner in frames:
            if inner is outer or outer.content_head is None:
                continue
            if outer.content_head == inner.cue and id(inner) not in parent:
                parent[id(inner)] = outer
            elif inner.acl_of == outer.content_head:
                # "X posted a video showing Y": one statement, told by the inner frame.
                absorbed.add(id(outer))
    for frame in frames:
        chain: list[Range] = []
        node = parent.get(id(frame))
        seen = {id(frame)}
        while node is not None and id(node) not in seen:
            seen.add(id(node))
            if node.source is not None:
                chain.insert(0, node.source)
            frame.hedged = frame.hedged or node.hedged
            node = parent.get(id(node))
        frame.via = chain + frame.via
    consumed = {id(p) for p in parent.values()} | absorbed
    return [f for f in frames if id(f) not in consumed]
