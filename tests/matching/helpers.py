"""Test helpers: a hashing embedder standing in for MiniLM, and a small claim corpus."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from workers.matching.text import normalize


class HashEmbedder:
    """Deterministic bag-of-stems vectors: similar wording → similar vectors, no torch."""

    version = "test/hash-embedder@1"
    dim = 384

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for term in normalize(text).terms:
                h = int.from_bytes(hashlib.blake2b(term.encode(), digest_size=8).digest(), "little")
                out[i, h % self.dim] += 1.0 if (h >> 20) & 1 else -1.0
            norm = np.linalg.norm(out[i])
            out[i] = out[i] / norm if norm else out[i]
        return out


CLAIMS = [
    ("c1", "US forces trained ISIS fighters at the al-Tanf base in Syria", ""),
    ("c2", "122 detainees released from Guantanamo Bay under President Obama re-engaged in terrorism",
     "Did 122 Prisoners Released from Guantanamo Return to the Battlefield?"),
    ("c3", "70 per cent of the persons arrested during protests in Charlotte had out-of-state IDs", ""),
    ("c4", "A large-scale killing of white farmers is taking place in South Africa", ""),
    ("c5", "Starbucks is giving free coffee to undocumented immigrants", ""),
    ("c6", "The death toll of the earthquake is 500", ""),
    ("c7", "The death toll of the earthquake is 5,000", ""),
    ("c8", "Drinking hot water every 15 minutes cures the coronavirus", ""),
    ("c9", "Nancy Pelosi diverted Social Security money to pay for the impeachment inquiry", ""),
    ("c10", "The White House comment line plays a message blaming Democrats for the shutdown", ""),
]
