"""Optimistic concurrency for versioned aggregates (profiles, the scoring config): the
caller names the version it edited, and a write to anything newer is refused. How the
caller names it (an HTTP ``If-Match`` ETag) is the HTTP layer's business."""

from __future__ import annotations

from dataclasses import dataclass

from service.records.errors import StaleVersion


@dataclass(frozen=True)
class Expected:
    """The versions a write may replace; ``any_version`` is ``If-Match: *`` (it must exist)."""

    versions: frozenset[int] = frozenset()
    any_version: bool = False
    # The caller is creating the record: it must not exist yet (someone else created it).
    absent: bool = False


def check_version(expected: Expected | None, current: int | None, stale: str, missing: str) -> None:
    """Nothing to check without ``expected``; else ``current`` (None: no record yet) must
    be one of the versions named. ``stale`` is formatted with ``{current}``."""
    if expected is None:
        return
    if expected.absent:
        if current is not None:
            raise StaleVersion(stale.format(current=current), current)
        return
    if expected.any_version:
        if current is None:
            raise StaleVersion(missing, None)
        return
    if current is None or current not in expected.versions:
        raise StaleVersion(stale.format(current=current), current)
