"""Pure helpers deciding whether a rescore is worth propagating / notifying."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol


class Scored(Protocol):
    @property
    def score(self) -> int: ...

    @property
    def label(self) -> str: ...


ScoreLike = Scored | Mapping[str, Any]


def _fields(s: ScoreLike) -> tuple[Any, Any]:
    if isinstance(s, Mapping):
        return s.get("score"), s.get("label")
    return s.score, s.label


def score_changed(old: ScoreLike | None, new: ScoreLike) -> bool:
    """Material change: the integer score or the label differs (or there was no score).

    Deliberately ignores the underlying probability: sub-point drift would otherwise
    fan out rescoring to every dependent claim and spam subscribers.
    """
    return old is None or _fields(old) != _fields(new)


def label_changed(old: ScoreLike | None, new: ScoreLike) -> bool:
    return old is None or _fields(old)[1] != _fields(new)[1]


def change_events(entity: str, old: ScoreLike | None, new: ScoreLike) -> list[str]:
    """Outbound event names for a rescore of an `outlet` or a `claim` (DESIGN.md)."""
    if entity not in ("outlet", "claim"):
        raise ValueError(f"unknown entity {entity!r}")
    events: list[str] = []
    if score_changed(old, new):
        events.append(f"{entity}.score_changed")
    if entity == "claim" and old is not None and label_changed(old, new):
        events.append("claim.label_changed")
    return events
