"""Synthetic truth-discovery data with a known answer."""

from __future__ import annotations

import numpy as np

Triple = tuple[str, str, str]


def copier_world(
    n_items: int = 120,
    n_honest: int = 6,
    honest_accuracy: float = 0.9,
    thin: int = 2,
    n_copiers: int = 2,
    bad_accuracy: float = 0.4,
    seed: int = 7,
) -> tuple[list[Triple], dict[str, str]]:
    """A copier clique outvotes honest sources wherever those are thin on the ground.

    ``bad`` (right 40 % of the time) and its copiers ``copy0..`` answer every item with
    one voice. Even items are answered by all honest sources (90 % accurate, errors
    independent), odd items by only ``thin`` of them, so on odd items where ``bad`` is
    wrong the clique outvotes the truth: majority vote scores about 0.7. The rich items
    expose the clique's shared false values; a model that detects the copying and
    counts the clique once recovers the odd items too.
    """
    rng = np.random.default_rng(seed)
    triples: list[Triple] = []
    truth = {f"item{i}": f"t{i}" for i in range(n_items)}
    for i in range(n_items):
        item = f"item{i}"
        honest = range(n_honest) if i % 2 == 0 else rng.choice(n_honest, thin, replace=False)
        for h in honest:
            ok = rng.random() < honest_accuracy
            triples.append((f"honest{h}", item, truth[item] if ok else f"f{i}_{rng.integers(50)}"))
        value = truth[item] if rng.random() < bad_accuracy else f"bad{i}"
        triples.append(("bad", item, value))
        triples.extend((f"copy{c}", item, value) for c in range(n_copiers))
    return triples, truth




def clique_world(
    n_items: int = 100,
    n_honest: int = 4,
    honest_accuracy: float = 0.85,
    n_copiers: int = 5,
    coverage: float = 0.5,
    bad_accuracy: float = 0.6,
    seed: int = 7,
) -> tuple[list[Triple], dict[str, str]]:
    """A clique that wins the independent fit: accuracy learning alone makes it worse.

    ``bad`` answers every item; each copier repeats it on a random half of the items, so
    wherever ``bad`` is wrong the clique usually out-numbers the four honest sources.
    Because ``bad`` is on every item and always agrees with its copiers, a model that
    assumes independence rates it the most accurate source and scores *below* majority
    vote; only detecting the copying first recovers the truth.
    """
    rng = np.random.default_rng(seed)
    triples: list[Triple] = []
    truth = {f"item{i}": f"t{i}" for i in range(n_items)}
    for h in range(n_honest):
        for i in range(n_items):
            ok = rng.random() < honest_accuracy
            value = truth[f"item{i}"] if ok else f"f{i}_{rng.integers(50)}"
            triples.append((f"honest{h}", f"item{i}", value))
    for i in range(n_items):
        value = truth[f"item{i}"] if rng.random() < bad_accuracy else f"bad{i}"
        triples.append(("bad", f"item{i}", value))
        triples.extend(
            (f"copy{c}", f"item{i}", value) for c in range(n_copiers) if rng.random() < coverage
        )
    return triples, truth
