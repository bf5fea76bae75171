"""Population corpus (Pasternack & Roth): Wikipedia editors' city populations.

A data item is (``city, state``, ``Population<year>``); the gold file
``truth_popAnswersOut.txt`` holds ``city, state, year, population`` lines.
"""

from __future__ import annotations

import re
from pathlib import Path

from bench.truth.normalise.base import Normalised, PlainClaim
from bench.truth.normalise.numbers import format_number, parse_number
from bench.truth.normalise.raw import read_raw

_YEAR = re.compile(r"(\d{4})")


def normalise_object(obj: str) -> str:
    return " ".join(obj.lower().split())


def normalise_attribute(attr: str) -> str:
    """``Population/2006`` and ``Population2006`` name the same item."""
    m = _YEAR.search(attr)
    return f"Population{m.group(1)}" if m else attr.strip()


def normalise_population(raw: str) -> str | None:
    value = parse_number(raw)
    if value is None or value < 0:
        return None
    return format_number(value, 0)


def load(directory: str | Path) -> Normalised:
    directory = Path(directory)
    claims: list[PlainClaim] = []
    for rc in read_raw(directory / "claims.txt"):
        value = normalise_population(rc.value)
        if value is None:
            continue
        item = (normalise_object(rc.obj), normalise_attribute(rc.attribute))
        claims.append((rc.source, item, value))
    gold: dict[tuple[str, str], str] = {}
    with open(directory / "truth_popAnswersOut.txt", encoding="utf-8") as fh:
        for line in fh:
            parts = [p.strip() for p in line.strip().rsplit(",", 2)]
            if len(parts) != 3 or not parts[1].isdigit():
                continue
            value = normalise_population(parts[2])
            if value is not None:
                gold[(normalise_object(parts[0]), f"Population{parts[1]}")] = value
    return Normalised("population", claims, gold)
