"""Synthetic truth-discovery worlds with a known truth, in named regimes.

The shared datasets are three points; a model tuned on them can still lose to majority
vote elsewhere (issue 19: a held-out deep-web set with dozens of sources, heavy copying,
categorical and time-of-day values and four daily snapshots). These worlds reproduce
the regimes such data falls into, so a model is judged on what it was not fitted to:

* independent sources of three kinds: *honest* (right with their accuracy, otherwise a
  wrong value), *spammers* (any candidate value at random) and *adversarial* (right with
  a low accuracy, otherwise the item's one popular wrong value: coordinated lies with no
  copying to detect);
* errors that are not uniform: a share ``popular_error`` of honest errors give the item's
  popular wrong value (a stale or scheduled time, last season's gate), the way
  independent sources share mistakes in real data;
* copier groups: an original and copiers that repeat it on a share of its items, with a
  chance of garbling the copy, answering on their own elsewhere;
* coverage uniform or long-tailed (Zipf), so items have few or many answers and ties;
* values that are categories, times of day, numbers or yes/no;
* snapshots: the sources (accuracies, coverage, copying) stay, the truths change, as in
  daily crawls.

Everything is drawn from ``numpy.random.default_rng([seed, ...])``: a (regime, seed,
snapshot) always gives the same world.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bench.truth.normalise.base import ItemKey, Normalised, PlainClaim

HONEST, SPAMMER, ADVERSARIAL = "honest", "spammer", "adversarial"
# Near-miss offsets of a wrong time of day (minutes): wrong times cluster around the
# truth, so independent errors coincide far more often than uniform errors would.
TIME_OFFSETS = np.array([-15, -10, -5, 5, 10, 15, 20, 30])


@dataclass(frozen=True)
class Mix:
    """A share of the independent sources: their kind and accuracy range."""

    share: float
    accuracy: tuple[float, float]
    kind: str = HONEST


@dataclass(frozen=True)
class CopyGroup:
    """An original source and ``copiers`` that repeat it.

    A copier covers a share ``reach`` of the original's items and copies each of them
    with probability ``rate`` (garbled into a wrong value with probability ``garble``);
    elsewhere it answers as an honest source of accuracy ``own_accuracy``.
    """

    copiers: int
    original_accuracy: tuple[float, float]
    rate: float = 0.9
    garble: float = 0.02
    reach: tuple[float, float] = (0.6, 1.0)
    own_accuracy: tuple[float, float] = (0.6, 0.9)


@dataclass(frozen=True)
class Regime:
    name: str
    why: str
    n_sources: int  # independent sources; copiers come on top
    n_objects: int
    attributes: tuple[str, ...]  # value kind per attribute: category, time, number, binary
    mix: tuple[Mix, ...]
    groups: tuple[CopyGroup, ...] = ()
    coverage: tuple[float, float] = (0.3, 1.0)
    zipf: float = 0.0  # > 0: coverage of the k-th source ∝ (k + 1)^-zipf (long tail)
    popular_error: float = 0.3
    domain: int = 12  # candidate values of a categorical attribute
    snapshots: int = 1


@dataclass
class _Source:
    name: str
    kind: str
    accuracy: float
    coverage: float


def _truth(kind: str, attr: int, rng: np.random.Generator, domain: int) -> str:
    if kind == "category":
        return f"g{attr}-{rng.integers(domain)}"
    if kind == "time":
        m = int(rng.integers(288)) * 5
        return f"{m // 60:02d}:{m % 60:02d}"
    if kind == "number":
        return f"{rng.lognormal(3.5, 1.0):.2f}"
    return "supports" if rng.random() < 0.5 else "refutes"


def _wrong(kind: str, truth: str, attr: int, rng: np.random.Generator, domain: int) -> str:
    """A wrong value near the truth (times, numbers) or anywhere in the domain."""
    if kind == "category":
        j = int(truth.rsplit("-", 1)[1])
        return f"g{attr}-{(j + 1 + rng.integers(domain - 1)) % domain}"
    if kind == "time":
        h, m = truth.split(":")
        t = (int(h) * 60 + int(m) + int(rng.choice(TIME_OFFSETS))) % 1440
        return f"{t // 60:02d}:{t % 60:02d}"
    if kind == "number":
        x = float(truth) * (1 + rng.normal(0, 0.02))
        out = f"{x:.2f}"
        return out if out != truth else f"{float(truth) + 0.01:.2f}"
    return "refutes" if truth == "supports" else "supports"


def _sources(regime: Regime, rng: np.random.Generator) -> list[_Source]:
    shares = np.array([m.share for m in regime.mix], dtype=float)
    counts = np.floor(shares / shares.sum() * regime.n_sources).astype(int)
    counts[0] += regime.n_sources - counts.sum()
    if regime.zipf > 0:
        ranks = rng.permutation(regime.n_sources)
        cov = np.clip(regime.coverage[1] * (ranks + 1.0) ** -regime.zipf, regime.coverage[0], 1)
    else:
        cov = rng.uniform(*regime.coverage, size=regime.n_sources)
    out: list[_Source] = []
    for mix, n in zip(regime.mix, counts, strict=True):
        for _ in range(n):
            k = len(out)
            out.append(_Source(f"s{k:03d}", mix.kind, float(rng.uniform(*mix.accuracy)),
                               float(cov[k])))
    return out


def world(regime: Regime, seed: int = 0, snapshot: int = 0) -> Normalised:
    """One snapshot of a regime: claims ``(source, (object, attribute), value)`` and gold."""
    src_rng = np.random.default_rng([seed, 0])
    sources = _sources(regime, src_rng)
    # Copy structure and copier parameters are drawn with the sources: stable across
    # snapshots, like the sites of a daily crawl.
    groups = []
    for g, group in enumerate(regime.groups):
        orig = _Source(f"orig{g}", HONEST, float(src_rng.uniform(*group.original_accuracy)),
                       float(src_rng.uniform(max(0.7, regime.coverage[0]), 1.0)))
        copiers = [(_Source(f"copy{g}-{c}", HONEST, float(src_rng.uniform(*group.own_accuracy)),
                            float(src_rng.uniform(0.1, 0.4))),
                    float(src_rng.uniform(*group.reach))) for c in range(group.copiers)]
        groups.append((group, orig, copiers))
    rng = np.random.default_rng([seed, 1 + snapshot])
    claims: list[PlainClaim] = []
    gold: dict[ItemKey, str] = {}
    for o in range(regime.n_objects):
        for a, kind in enumerate(regime.attributes):
            item: ItemKey = (f"o{o}", f"a{a}-{kind}")
            truth = _truth(kind, a, rng, regime.domain)
            popular = _wrong(kind, truth, a, rng, regime.domain)

            def honest(acc: float, truth: str = truth, popular: str = popular,
                       kind: str = kind, a: int = a) -> str:
                if rng.random() < acc:
                    return truth
                if rng.random() < regime.popular_error:
                    return popular
                return _wrong(kind, truth, a, rng, regime.domain)

            answers: dict[str, str] = {}
            for s in sources:
                if rng.random() >= s.coverage:
                    continue
                if s.kind == SPAMMER:
                    value = truth if rng.random() < 1 / max(2, regime.domain if kind ==
                                                            "category" else 4) else \
                        _wrong(kind, truth, a, rng, regime.domain)
                elif s.kind == ADVERSARIAL:
                    value = truth if rng.random() < s.accuracy else popular
                else:
                    value = honest(s.accuracy)
                answers[s.name] = value
            for group, orig, copiers in groups:
                if rng.random() >= orig.coverage:
                    continue
                original = honest(orig.accuracy)
                answers[orig.name] = original
                for copier, reach in copiers:
                    if rng.random() < reach:
                        if rng.random() < group.rate:
                            garbled = rng.random() < group.garble
                            answers[copier.name] = (_wrong(kind, truth, a, rng, regime.domain)
                                                    if garbled else original)
                        else:
                            answers[copier.name] = honest(copier.accuracy)
            if not answers:
                continue
            gold[item] = truth
            claims.extend((s, item, v) for s, v in sorted(answers.items()))
    return Normalised(f"synthetic:{regime.name}:{seed}:{snapshot}", claims, gold)


def source_accuracy(data: Normalised) -> dict[str, float]:
    """Each source's share of answers equal to the gold: its realised accuracy."""
    hits: dict[str, list[int]] = {}
    for source, item, value in data.claims:
        h = hits.setdefault(source, [0, 0])
        h[0] += value == data.gold[item]
        h[1] += 1
    return {s: ok / n for s, (ok, n) in hits.items()}


if __name__ == "__main__":
    from bench.truth.regimes import main

    main()
