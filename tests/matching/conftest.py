"""Matching tests: pure, no DB or Redis; a hashing embedder stands in for MiniLM."""

from __future__ import annotations

import pytest

from tests.matching.helpers import HashEmbedder


@pytest.fixture
def embedder() -> HashEmbedder:
    return HashEmbedder()
