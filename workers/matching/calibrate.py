"""Calibration of the `same` and `candidate` thresholds from train-derived held-out pairs.

Pairs are built per train query, out of fold (the re-ranker that scores a query never
saw it):

- *present*: the query against the full pool; the pair is (query, top candidate),
  positive when the top candidate is the query's gold claim;
- *absent*: the same query with its gold claim(s) removed from the pool, so the top
  candidate is by construction a hard negative — what an unseen claim looks like.

The `same` model is a logistic regression on these pairs' decision rows (nested
cross-validation gives out-of-fold probabilities); the `same` threshold is the lowest
one whose out-of-fold precision has a 95 % lower confidence bound at the target, and
the `candidate` threshold the one that still sends 95 % of the true top-1 matches to
review or merge.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from workers.matching.fit import Group

CANDIDATE_RECALL = 0.95


def _oof_decision_rows(present: Sequence[Group], absent: Sequence[Group], names: Sequence[str], l2: float,
                       mode: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    from workers.matching.fit import FOLDS, fit_listwise, folds, top1_rows

    fold = folds(present)
    by_qid = {g.qid: i for i, g in enumerate(present)}
    xs, ys, kinds, fs = [], [], [], []
    for f in range(FOLDS):
        model = fit_listwise([g for g, i in zip(present, fold, strict=True) if i != f], names, l2)
        for kind, groups in ((0, present), (1, absent)):
            held = [g for g in groups if fold[by_qid[g.qid]] == f]
            x, y = top1_rows(held, model, mode)
            xs.append(x)
            ys.append(y)
            kinds.append(np.full(len(y), kind))
            fs.append(np.full(len(y), f))
    return np.vstack(xs), np.concatenate(ys), np.concatenate(kinds), np.concatenate(fs)


def calibrate(present: Sequence[Group], absent: Sequence[Group], names: Sequence[str], l2: float, mode: str,
              target: float) -> tuple[dict[str, Any], dict[str, Any]]:
    from workers.matching.decide import DECISION_FEATURES
    from workers.matching.fit import FOLDS, fit_logistic, threshold_for_precision

    x, y, kind, fold = _oof_decision_rows(present, absent, names, l2, mode)
    dnames = DECISION_FEATURES[mode]
    p = np.zeros(len(y))
    for f in range(FOLDS):
        m = fit_logistic(x[fold != f], y[fold != f], dnames)
        p[fold == f] = 1 / (1 + np.exp(-m.logits(x[fold == f], dnames)))
    t_same = threshold_for_precision(p, y, target)
    true_top = (kind == 0) & (y == 1)
    t_cand = float(np.quantile(p[true_top], 1 - CANDIDATE_RECALL)) if true_top.any() else 0.5
    final = fit_logistic(x, y, dnames)
    same = p >= t_same
    report = {
        "pairs": len(y), "positives": int(y.sum()),
        "same_threshold": round(t_same, 4), "candidate_threshold": round(t_cand, 4),
        "oof_same_precision": round(float(y[same].mean()) if same.any() else 1.0, 4),
        "oof_same_merges": int(same.sum()),
        "oof_same_recall_of_in_pool": round(float((same & (y == 1)).sum() / max((kind == 0).sum(), 1)), 4),
        "oof_false_merge_absent": round(float(same[kind == 1].mean()), 4),
        "oof_candidate_or_same_absent": round(float((p[kind == 1] >= t_cand).mean()), 4),
    }
    return {"model": final.to_params(), "same": round(t_same, 4), "candidate": round(t_cand, 4)}, report
