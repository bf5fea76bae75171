"""Books corpus (AbeBooks; Yin et al. 2007, Dong et al. 2009): author lists per ISBN."""

from __future__ import annotations

from pathlib import Path

from bench.truth.normalise.authors import canonical_authors, canonical_gold
from bench.truth.normalise.base import Normalised, PlainClaim
from bench.truth.normalise.raw import read_raw

ATTRIBUTE = "authors"


def normalise_isbn(raw: str) -> str:
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def load(directory: str | Path) -> Normalised:
    directory = Path(directory)
    claims: list[PlainClaim] = []
    for rc in read_raw(directory / "claims.txt"):
        value = canonical_authors(rc.value)
        if not value:  # "Not Available": the store did not answer
            continue
        claims.append((rc.source, (normalise_isbn(rc.obj), ATTRIBUTE), value))
    gold: dict[tuple[str, str], str] = {}
    with open(directory / "truth_book_golden.txt", encoding="utf-8") as fh:
        for line in fh:
            isbn, _, authors = line.rstrip("\r\n").partition("\t")
            value = canonical_gold(authors)
            if isbn.strip() and value:
                gold[(normalise_isbn(isbn), ATTRIBUTE)] = value
    return Normalised("books", claims, gold)
