"""What a worker keeps, per process, to read articles: the source resolver and the known
claims. Both are built from the database once and then kept fresh cheaply — the resolver
is rebuilt only when an outlet changed (``outlets_version``), the known claims grow by the
claims created since the last look — so extracting an article costs the extraction, not a
reload of every outlet and claim."""

from __future__ import annotations

import threading

from sqlalchemy.orm import Session

from service.records.claims import claim_texts_since
from service.records.outlets import alias_table, outlets_version
from service.util.ids import id_floor
from workers.extraction import AliasIndex, KnownClaims

# Claims committed by another process a little after this one read past their id (ids
# are time-ordered, not commit-ordered) are caught by looking this far back each time.
KNOWN_OVERLAP_SECONDS = 120


class Reading:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._index: AliasIndex | None = None
        self._version: tuple[int, str] | None = None
        self._known = KnownClaims()
        self._seen: set[str] = set()
        self._after = ""

    def resolver(self, session: Session) -> AliasIndex:
        with self._lock:
            version = outlets_version(session)
            if self._index is None or version != self._version:
                self._index = AliasIndex(alias_table(session))
                self._version = version
            return self._index

    def known_claims(self, session: Session) -> KnownClaims:
        with self._lock:
            newest = self._after
            for claim_id, text in claim_texts_since(session, self._after):
                newest = max(newest, claim_id)
                if claim_id not in self._seen:
                    self._seen.add(claim_id)
                    self._known.add(text)
            if newest:
                self._after = id_floor(newest, KNOWN_OVERLAP_SECONDS)
            return self._known


_reading: Reading | None = None


def reading() -> Reading:
    """This process's reading state (the worker runs jobs in its own process)."""
    global _reading
    if _reading is None:
        _reading = Reading()
    return _reading


def reset() -> None:
    """Forget it (tests switch databases between runs)."""
    global _reading
    _reading = None
