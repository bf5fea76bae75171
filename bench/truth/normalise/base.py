"""Normalised dataset: plain claims, gold answers and the rule deciding a match."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

ItemKey = tuple[str, str]
PlainClaim = tuple[str, ItemKey, str]


@dataclass
class Normalised:
    """Claims ``(source, (object, attribute), value)`` and gold ``item -> value``.

    ``tolerance`` maps an attribute to the largest absolute difference at which two
    numeric values still count as the same answer when scoring; attributes absent
    from it are compared exactly (as strings).
    """

    name: str
    claims: list[PlainClaim]
    gold: dict[ItemKey, str]
    tolerance: Mapping[str, float] = field(default_factory=dict)

    def matches(self, item: ItemKey, predicted: str | None) -> bool:
        if predicted is None:
            return False
        truth = self.gold[item]
        tol = self.tolerance.get(item[1])
        if tol is None:
            return predicted == truth
        try:
            return abs(float(predicted) - float(truth)) <= tol + 1e-9
        except ValueError:
            return predicted == truth
