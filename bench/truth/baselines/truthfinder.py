"""TruthFinder (Yin, Han & Yu, KDD 2007 / TKDE 2008).

    τ(w)  = -ln(1 - t(w))                             (trustworthiness score)
    sigma(f)  = Σ_{w provides f} τ(w)                      (confidence score of a fact)
    sigma*(f) = sigma(f) + rho·Σ_{f' ≠ f on the same item} sigma(f')·imp(f' → f)
    s(f)  = 1 / (1 + exp(-gamma·sigma*(f)))                    (dampened confidence)
    t(w)  = mean of s(f) over the facts w provides

Without a domain similarity function every other fact of the item conflicts with f:
imp(f' → f) = 0 - base_sim = -0.5 (the "TruthFinder without similarity" that Dong et
al. 2009 compare against). Parameters are the paper's: t0 = 0.9, rho = 0.5, gamma = 0.3;
stop when 1 - cos(t_k, t_{k-1}) < 0.001 or after 20 rounds.
"""

from __future__ import annotations

import numpy as np

from workers.truth.dataset import Dataset
from workers.truth.models.base import ModelResult

T0, RHO, GAMMA, BASE_SIM, DELTA, MAX_ROUNDS = 0.9, 0.5, 0.3, 0.5, 1e-3, 20


def truthfinder(problem: Dataset, max_rounds: int = MAX_ROUNDS) -> ModelResult:
    trust = np.full(problem.n_sources, T0)
    conf = np.zeros(problem.n_claims)
    rounds = 0
    for rounds in range(1, max_rounds + 1):  # noqa: B007 - rounds is reported
        tau = -np.log(np.clip(1.0 - trust, 1e-12, None))
        sigma = np.bincount(problem.app_claim, weights=tau[problem.app_source],
                            minlength=problem.n_claims)
        item_total = np.bincount(problem.claim_item, weights=sigma, minlength=problem.n_items)
        others = item_total[problem.claim_item] - sigma
        adjusted = sigma + RHO * others * (-BASE_SIM)
        conf = 1.0 / (1.0 + np.exp(-GAMMA * adjusted))
        new_trust = np.bincount(problem.app_source, weights=conf[problem.app_claim],
                                minlength=problem.n_sources) / problem.source_counts()
        cos = float(new_trust @ trust / (np.linalg.norm(new_trust) * np.linalg.norm(trust)))
        trust = new_trust
        if 1.0 - cos < DELTA:
            break
    return ModelResult(confidence=conf, accuracy=trust, iterations=rounds)
