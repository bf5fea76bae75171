"""Held-out check of a learning run: does the model predict unseen answers better than vote?

Nothing in the service knows the truth, so a run is checked on what it can be checked
on: answers it has not seen. A deterministic sample of *contested* items (at least
``min_answers`` answers and two distinct values) is masked; the model is fitted on
everything else; then on every masked item each answer is predicted from the *other*
answers to that item, by the model (accuracies and detected copying learned without
the item) and by majority vote. A run whose model predicts those answers less often
than vote does is not to be applied (issue 19): whatever it learned does not carry to
items it was not fitted on.

The model's prediction of source s's answer: if a source s copies (detected pair or
shared network) answered the item, the value that partner gave; otherwise the most
probable answer of s under the model given the other answers,
a_s·P(t = w) + (1 - a_s)·(1 - P(t = w))·q(w), where q(w) is the other answers'
expected wrong mass on w (errors go where other errors went). Vote predicts the most
common other answer. Ties go to the value whose text sorts first, for both.
"""

from __future__ import annotations

import zlib
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from workers.truth.dataset import Dataset, encode, restrict
from workers.truth.models.credence_model import EPS, credence

SHARE = 0.2  # share of the contested items masked
MAX_ITEMS = 1000  # bound on masked items (and on the check's cost: ~12,000 answers on Weather)
MIN_ANSWERS = 3  # an item is predictable from the others only with >= 2 other answers


@dataclass(frozen=True)
class HeldOutCheck:
    """Predictive accuracy on the masked items' answers, model vs majority vote."""

    items: int
    answers: int
    model_correct: int
    vote_correct: int

    @property
    def model_accuracy(self) -> float:
        return self.model_correct / self.answers if self.answers else 0.0

    @property
    def vote_accuracy(self) -> float:
        return self.vote_correct / self.answers if self.answers else 0.0

    @property
    def passed(self) -> bool:
        """Apply the run only if the model predicts at least as well as vote (or nothing
        could be checked, when there is no contested item to mask)."""
        return self.model_correct >= self.vote_correct

    def as_dict(self) -> dict[str, float | int | bool]:
        return {"items": self.items, "answers": self.answers,
                "model_accuracy": round(self.model_accuracy, 4),
                "vote_accuracy": round(self.vote_accuracy, 4), "passed": self.passed}


def _masked_items(problem: Dataset, share: float, max_items: int, min_answers: int) -> np.ndarray:
    answers = np.bincount(problem.app_item, minlength=problem.n_items)
    values = np.bincount(problem.claim_item, minlength=problem.n_items)
    contested = np.flatnonzero((answers >= min_answers) & (values >= 2))
    # A hash of the item's text, not its position, so the sample does not depend on the
    # order the rows were loaded in.
    keys = np.array([zlib.crc32(repr(problem.items[i]).encode()) for i in contested.tolist()],
                    dtype=np.int64)
    chosen = contested[(keys % 1000) < share * 1000]
    order = np.argsort(keys[(keys % 1000) < share * 1000], kind="stable")
    return np.sort(chosen[order][:max_items])


def held_out_check(
    appearances: Sequence[tuple[Hashable, Hashable, Hashable]],
    priors: Mapping[Hashable, tuple[float, float]] | None = None,
    groups: Mapping[Hashable, Hashable] | None = None,
    share: float = SHARE,
    max_items: int = MAX_ITEMS,
    min_answers: int = MIN_ANSWERS,
) -> HeldOutCheck:
    """Mask a deterministic sample of contested items, fit on the rest, predict their answers."""
    if not appearances:
        return HeldOutCheck(0, 0, 0, 0)
    problem = encode(appearances, groups)
    masked = _masked_items(problem, share, max_items, min_answers)
    if masked.size == 0:
        return HeldOutCheck(0, 0, 0, 0)
    is_masked = np.zeros(problem.n_items, dtype=bool)
    is_masked[masked] = True
    held = is_masked[problem.app_item]
    sub, _claims = restrict(problem, ~held)
    index = {s: i for i, s in enumerate(problem.sources)}
    prior_idx = {index[s]: (float(p), float(n)) for s, (p, n) in (priors or {}).items()
                 if s in index}
    fit = credence(sub, prior_idx)
    a = np.clip(fit.accuracy, EPS, 1 - EPS)
    logit = np.log(a) - np.log1p(-a)
    partners: dict[int, set[int]] = {}
    for x, y, _p in fit.dependent_pairs:
        partners.setdefault(x, set()).add(y)
        partners.setdefault(y, set()).add(x)
    if problem.groups is not None:
        members: dict[int, list[int]] = {}
        for s, g in enumerate(problem.groups.tolist()):
            if g >= 0:
                members.setdefault(g, []).append(s)
        for group in members.values():
            for s in group:
                partners.setdefault(s, set()).update(x for x in group if x != s)
    text = [str(v) for v in problem.claim_values]
    model_ok = vote_ok = total = 0
    apps = np.flatnonzero(held)
    apps = apps[np.argsort(problem.app_item[apps], kind="stable")]
    starts = np.flatnonzero(np.r_[True, np.diff(problem.app_item[apps]) != 0])
    for run in np.split(apps, starts[1:]):
        srcs = problem.app_source[run].tolist()
        vals = problem.app_claim[run].tolist()
        for k, (s, v) in enumerate(zip(srcs, vals, strict=True)):
            others = [(o, c) for j, (o, c) in enumerate(zip(srcs, vals, strict=True)) if j != k]
            total += 1
            vote_ok += _vote(others, text) == v
            model_ok += _model(s, others, text, logit, partners) == v
    return HeldOutCheck(int(masked.size), total, model_ok, vote_ok)


def _vote(others: list[tuple[int, int]], text: list[str]) -> int:
    counts: dict[int, int] = {}
    for _o, c in others:
        counts[c] = counts.get(c, 0) + 1
    return min(counts, key=lambda c: (-counts[c], text[c]))


def _model(s: int, others: list[tuple[int, int]], text: list[str], logit: np.ndarray,
           partners: Mapping[int, set[int]]) -> int:
    mine = partners.get(s, set())
    copied = [(logit[o], c) for o, c in others if o in mine]
    if copied:
        return min(copied, key=lambda t: (-t[0], text[t[1]]))[1]
    n_alt = np.log(max(len({c for _o, c in others}) - 1, 1))
    # One unit per value and detected-copier family: copies of one value count once,
    # with their most accurate member, as in the model's own vote.
    units: dict[int, list[tuple[int, float]]] = {}
    for o, c in others:
        fam = units.setdefault(c, [])
        for j, (m, w) in enumerate(fam):
            if o in partners.get(m, set()):
                fam[j] = (m, max(w, float(logit[o])))
                break
        else:
            fam.append((o, float(logit[o])))
    score = {c: sum(w + n_alt for _m, w in fam) for c, fam in units.items()}
    top = max(score.values())
    weight = {c: np.exp(x - top) for c, x in score.items()}
    unseen = np.exp(-top) if len(score) == 1 else 0.0
    total = sum(weight.values()) + unseen
    p_true = {c: w / total for c, w in weight.items()}
    # A wrong answer goes where the other wrong answers went (a stale value, a shared
    # feed), not uniformly: q(w) is the others' expected wrong mass on w.
    count: dict[int, int] = {}
    for _o, c in others:
        count[c] = count.get(c, 0) + 1
    wrong = {c: count[c] * (1.0 - p_true[c]) for c in count}
    mass = sum(wrong.values())
    a_s = 1.0 / (1.0 + np.exp(-logit[s]))
    pred = {c: a_s * p_true[c] + (1 - a_s) * (1 - p_true[c]) * (wrong[c] / mass if mass else 0)
            for c in count}
    return min(pred, key=lambda c: (-round(pred[c], 12), text[c]))
