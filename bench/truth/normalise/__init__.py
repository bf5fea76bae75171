"""Dataset-specific normalisers producing the plain ``source/object/attribute/value`` form."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bench.truth.normalise import books, population, weather
from bench.truth.normalise.base import ItemKey, Normalised, PlainClaim

LOADERS: dict[str, Callable[[str | Path], Normalised]] = {
    "books": books.load,
    "population": population.load,
    "weather": weather.load,
}


def load_dataset(name: str, data_dir: str | Path) -> Normalised:
    """Normalise the raw corpus ``name`` found in ``data_dir/name``."""
    try:
        loader = LOADERS[name]
    except KeyError:
        raise ValueError(f"unknown dataset {name!r}; expected one of {sorted(LOADERS)}") from None
    return loader(Path(data_dir) / name)


__all__ = ["LOADERS", "ItemKey", "Normalised", "PlainClaim", "load_dataset"]
