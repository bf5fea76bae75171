"""The gold file itself: every quote is where it says it is, every field is valid."""

from __future__ import annotations

from typing import Any

KINDS = {"attributed", "publisher", "opinion"}


def test_gold_quotes_match_the_seed_text(gold: list[dict[str, Any]], seeds: dict[str, str]) -> None:
    assert {row["seed"] for row in gold} == set(seeds)
    for row in gold:
        text = seeds[row["seed"]]
        for c in row["claims"]:
            assert text[c["start"] : c["end"]] == c["quote"], (row["seed"], c["quote"][:40])


def test_gold_fields(gold: list[dict[str, Any]], outlets: list[dict[str, Any]]) -> None:
    ids = {o["id"] for o in outlets}
    for row in gold:
        for c in row["claims"]:
            assert c["kind"] in KINDS
            assert c["stance"] in {"supports", "refutes", "neutral"}
            assert isinstance(c["hedged"], bool) and isinstance(c["via"], list)
            assert c["origin"] is None or c["origin"] in ids
            assert c["text"] and c["quote"]
