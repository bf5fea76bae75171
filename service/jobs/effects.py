"""Work owed after a commit: cache keys to drop, scoring and matching to enqueue."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Effects:
    drop_keys: set[str] = field(default_factory=set)
    outlets: set[str] = field(default_factory=set)
    claims: set[str] = field(default_factory=set)
    # Claims owed a matching decision (posted through the API; ``claims.matched_at`` NULL).
    match: set[str] = field(default_factory=set)
    cause: str = "change"
    rescore_all: bool = False

    def merge(self, other: Effects) -> None:
        self.drop_keys |= other.drop_keys
        self.outlets |= other.outlets
        self.claims |= other.claims
        self.match |= other.match
        self.rescore_all |= other.rescore_all
