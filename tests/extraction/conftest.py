"""Fixtures for the extraction core: plain data only (no database, no Redis)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from workers.extraction import AliasIndex

ROOT = Path(__file__).resolve().parents[2]
GOLD = Path(__file__).parent / "gold" / "seeds.jsonl"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "model: loads the spaCy model (runs in make test; ~2 s once)")


def seeds_dir() -> Path | None:
    for d in (ROOT.parent / "shared" / "seeds", Path("/work/shared/seeds")):
        if d.is_dir():
            return d
    return None


@pytest.fixture(scope="session")
def outlets() -> list[dict[str, Any]]:
    return list(yaml.safe_load((ROOT / "config" / "outlets.yaml").read_text())["outlets"])


@pytest.fixture(scope="session")
def index(outlets: list[dict[str, Any]]) -> AliasIndex:
    return AliasIndex(outlets)


@pytest.fixture(scope="session")
def gold() -> list[dict[str, Any]]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="session")
def seeds() -> dict[str, str]:
    d = seeds_dir()
    if d is None:
        pytest.skip("shared/seeds is not beside the repository")
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(d.glob("*.txt"))}
