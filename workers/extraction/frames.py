"""Reporting frames in one parsed sentence: who says what, and how it is presented.

A frame is a cue (a reporting verb, a claim noun, "according to", a reporting adverb)
with the phrase naming its source and the token ranges of what is said. Patterns are
dependency shapes of general English, nothing more: see `lexicon.py` for the words,
`verbs.py` and `nouns.py` for the shapes.
"""

from __future__ import annotations

from typing import Any

from .grammar import Frame
from .lexicon import HEDGE_ADVERBS, WEAK_VERBS
from .nouns import according_frame, adverb_frame, noun_frame
from .spans import Range
from .verbs import verb_frame

__all__ = ["Frame", "sentence_frames"]


def sentence_frames(sent: Any) -> list[Frame]:
    """Frames of one sentence, relays folded into the frames they relay."""
    frames: list[Frame] = []
    adverbs: list[Frame] = []
    hedges: list[int] = []
    for tok in sent:
        frame = verb_frame(tok) or noun_frame(tok) or according_frame(tok)
        if frame is not None:
            frames.append(frame)
            continue
        adverb = adverb_frame(tok)
        if adverb is not None:
            adverbs.append(adverb)
        elif tok.lower_ in HEDGE_ADVERBS or (tok.lower_ == "alleged" and tok.dep_ == "amod"):
            hedges.append(tok.i)
    for adverb in adverbs:
        owners = [f for f in frames if any(s <= adverb.cue < e for s, e in f.content)]
        if owners:
            for f in owners:
                f.hedged = True
        else:
            frames.append(adverb)
    for i in hedges:
        for f in frames:
            if any(s <= i < e for s, e in f.content):
                f.hedged = True
    return _nest(frames, sent.doc)


def _nest(frames: list[Frame], doc: Any) -> list[Frame]:
    """ "The AP reported that the SVR blasted…": the inner frame, relayed via the outer.

    `via` lists the relays outermost first, the order a reader meets them.
    """
    parent: dict[int, Frame] = {}
    absorbed: set[int] = set()
    for outer in frames:
        for inner in frames:
            if inner is outer or outer.content_head is None:
                continue
            if outer.content_head == inner.cue and id(inner) not in parent:
                if doc[inner.cue].lemma_.lower() in WEAK_VERBS or inner.anaphoric:
                    # "Samples showed X, Y said", "Y said the club had rejected two offers":
                    # the inner verb is part of what Y says, not a second speaker.
                    absorbed.add(id(inner))
                    continue
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
