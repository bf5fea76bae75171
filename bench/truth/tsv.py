"""The plain normalised truth-discovery format: ``source<TAB>object<TAB>attribute<TAB>value``
claims and ``object<TAB>attribute<TAB>value`` gold, read and written by the benchmark
harness (``credence bench-truth --claims FILE --gold FILE``)."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path

ItemKey = tuple[str, str]


def read_claims_tsv(path: str | Path) -> list[tuple[str, ItemKey, str]]:
    """Read ``source<TAB>object<TAB>attribute<TAB>value`` lines (no header)."""
    out: list[tuple[str, ItemKey, str]] = []
    with open(path, encoding="utf-8", newline="") as fh:
        for lineno, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            if not row or not "".join(row).strip():
                continue
            if len(row) != 4:
                raise ValueError(
                    f"{path}:{lineno}: expected 4 tab-separated fields, got {len(row)}"
                )
            out.append((row[0], (row[1], row[2]), row[3]))
    return out


def read_gold_tsv(path: str | Path) -> dict[ItemKey, str]:
    """Read ``object<TAB>attribute<TAB>value`` lines (no header)."""
    out: dict[ItemKey, str] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for lineno, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            if not row or not "".join(row).strip():
                continue
            if len(row) != 3:
                raise ValueError(
                    f"{path}:{lineno}: expected 3 tab-separated fields, got {len(row)}"
                )
            out[(row[0], row[1])] = row[2]
    return out


def _clean(field_: str) -> str:
    # Tabs/newlines inside a field would break the format; the normalisers never keep them.
    return " ".join(field_.split())


def write_claims_tsv(path: str | Path, claims: Sequence[tuple[str, ItemKey, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        for source, (obj, attr), value in claims:
            fh.write(f"{_clean(source)}\t{_clean(obj)}\t{_clean(attr)}\t{_clean(value)}\n")


def write_gold_tsv(path: str | Path, gold: Mapping[ItemKey, str]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        for (obj, attr), value in gold.items():
            fh.write(f"{_clean(obj)}\t{_clean(attr)}\t{_clean(value)}\n")
