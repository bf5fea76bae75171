"""Shared builders and hypothesis strategies for the scoring tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from hypothesis import strategies as st

from workers.scoring import (
    AppearanceInput,
    ClaimInput,
    OutletInfo,
    ScoringConfig,
    VerdictInput,
    default_config,
)

NOW = datetime(2026, 11, 22, tzinfo=UTC)

OUTLET_IDS = [f"o{i}" for i in range(8)]
NETWORKS = ["n0", "n1", "n2"]
RATINGS = ["true", "mostly_true", "mixed", "mostly_false", "false", "unproven"]


def config(**overrides: object) -> ScoringConfig:
    return replace(default_config(), **overrides)  # type: ignore[arg-type]


reliability = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)

outlet_info = st.builds(
    OutletInfo,
    reliability=reliability,
    network=st.none() | st.sampled_from(NETWORKS),
    unit_key=st.none() | st.none() | st.sampled_from(["g0", "g1"]),
)

# Some ids are deliberately left out so "unknown outlet" handling is exercised.
outlet_maps = st.dictionaries(st.sampled_from(OUTLET_IDS[:6]), outlet_info, max_size=6)


@st.composite
def appearances(draw: st.DrawFn, prefix: str = "a", max_size: int = 8) -> list[AppearanceInput]:
    n = draw(st.integers(min_value=0, max_value=max_size))
    return [
        AppearanceInput(
            id=f"{prefix}{i}",
            publisher=draw(st.sampled_from(OUTLET_IDS)),
            origin=draw(st.none() | st.sampled_from(OUTLET_IDS)),
            stance=draw(st.sampled_from(["supports", "supports", "refutes", "neutral"])),
            hedged=draw(st.booleans()),
        )
        for i in range(n)
    ]


@st.composite
def verdicts(draw: st.DrawFn, prefix: str = "v", max_size: int = 3) -> list[VerdictInput]:
    n = draw(st.integers(min_value=0, max_value=max_size))
    return [
        VerdictInput(
            id=f"{prefix}{i}",
            reviewer=draw(st.sampled_from(OUTLET_IDS)),
            rating=draw(st.sampled_from(RATINGS)),
        )
        for i in range(n)
    ]


@st.composite
def claims(draw: st.DrawFn, claim_id: str = "c", question: str | None = None) -> ClaimInput:
    return ClaimInput(
        id=claim_id,
        question=question,
        appearances=draw(appearances(prefix=f"{claim_id}-a")),
        verdicts=draw(verdicts(prefix=f"{claim_id}-v")),
    )


@st.composite
def claim_with_competitors(draw: st.DrawFn) -> tuple[ClaimInput, list[ClaimInput]]:
    n = draw(st.integers(min_value=0, max_value=2))
    q = "q" if n else None
    claim = draw(claims("c", q))
    return claim, [draw(claims(f"k{i}", q)) for i in range(n)]
