"""Claim extraction: article text in, attributed claims with resolved sources out.

A pure core like `workers.scoring`: no database, no queue, no network. Importing this
package does not import spaCy; the model is loaded on the first `extract_article`
call and kept for the life of the process (see `model.py`).
"""

from __future__ import annotations

from .extract import extract_article
from .known import KnownClaims
from .language import detect_language
from .model import load_model, model_loaded
from .prepare import DEFAULT_MAX_CHARS, prepare
from .resolve import AliasIndex, alias_key, fold, guess_kind
from .types import (
    EXTRACTOR_VERSION,
    ArticleExtraction,
    ExtractedClaim,
    Paragraph,
    PreparedText,
    Resolution,
)

__all__ = [
    "DEFAULT_MAX_CHARS",
    "EXTRACTOR_VERSION",
    "AliasIndex",
    "ArticleExtraction",
    "ExtractedClaim",
    "KnownClaims",
    "Paragraph",
    "PreparedText",
    "Resolution",
    "alias_key",
    "detect_language",
    "extract_article",
    "fold",
    "guess_kind",
    "load_model",
    "model_loaded",
    "prepare",
]
