"""How much a learned accuracy rests on, per source (shown in the outlet's explanation).

* ``items``: answers the source gave; ``shared``: answers to items someone else also
  answered (the learning's ``observations``); ``contested``: answers to items with
  two or more distinct answers — the only ones that tell a discriminating source from
  one that repeats what everybody says.
* ``contested_accuracy``: the model's expected share of the contested answers that are
  right (no prior mixed in).
* ``prior_agreement``: when the source has a profile prior Beta(n0·p0, n0·(1 - p0)),
  the prior predictive probability (Beta-binomial, two-sided) of a contested record at
  least as far from n·p0 as the one observed. Near 1 the data agree with the profile;
  near 0 they contradict it, and the learned estimate should not quietly override a
  human rating on little evidence. None without a prior or contested answers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import betabinom

from workers.truth.dataset import Dataset


@dataclass(frozen=True)
class SourceEvidence:
    items: int
    shared: int
    contested: int
    contested_accuracy: float | None
    prior_agreement: float | None


def source_evidence(
    problem: Dataset, p_true: np.ndarray, priors: dict[int, tuple[float, float]]
) -> list[SourceEvidence]:
    answers = np.bincount(problem.app_item, minlength=problem.n_items)
    values = np.bincount(problem.claim_item, minlength=problem.n_items)
    shared = answers[problem.app_item] > 1
    contested = values[problem.app_item] > 1
    n_items = np.bincount(problem.app_source, minlength=problem.n_sources)
    n_shared = np.bincount(problem.app_source, weights=shared, minlength=problem.n_sources)
    n_cont = np.bincount(problem.app_source, weights=contested, minlength=problem.n_sources)
    right = np.bincount(problem.app_source, weights=p_true[problem.app_claim] * contested,
                        minlength=problem.n_sources)
    out = []
    for s in range(problem.n_sources):
        n = int(n_cont[s])
        acc = float(right[s] / n) if n else None
        agreement = None
        if n and s in priors:
            p0, n0 = priors[s]
            agreement = _two_sided(round(right[s]), n, p0, n0)
        out.append(SourceEvidence(int(n_items[s]), int(n_shared[s]), n, acc, agreement))
    return out


def _two_sided(k: int, n: int, p0: float, n0: float) -> float:
    # A 0/1 profile or n0 = 0 is an improper Beta; a tiny pseudo-count keeps it proper
    # (and makes a record contradicting a "certain" profile count as contradicting it).
    a = max(n0 * p0, 1e-3)
    b = max(n0 * (1.0 - p0), 1e-3)
    dist = betabinom(n, a, b)
    support = np.arange(n + 1)
    pmf = dist.pmf(support)
    far = np.abs(support - n * a / (a + b)) >= abs(k - n * a / (a + b)) - 1e-9
    return float(min(1.0, pmf[far].sum()))
