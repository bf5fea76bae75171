"""Reader for the raw claim files of the truth-discovery corpora (``format.txt``).

One claim per line: ``claimId|<TAB>entityId|<TAB>objectId|<TAB>propertyName|<TAB>
propertyValue|<TAB>sourceName|<TAB>timeStamp|<TAB>``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SEP = "|\t"


@dataclass(frozen=True)
class RawClaim:
    claim_id: str
    obj: str
    attribute: str
    value: str
    source: str
    timestamp: str


def read_raw(path: str | Path) -> Iterator[RawClaim]:
    """Yield the claims of one raw file; malformed lines are skipped, not guessed at."""
    with open(path, encoding="utf-8", errors="replace", newline="") as fh:
        for line in fh:
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            parts = line.split(SEP)
            if len(parts) < 7:
                continue
            yield RawClaim(
                claim_id=parts[0].strip(),
                obj=parts[2].strip(),
                attribute=parts[3].strip(),
                value=parts[4].strip(),
                source=parts[5].strip(),
                timestamp=parts[6].strip(),
            )
