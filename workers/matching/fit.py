"""Fit the re-ranker and the `same` model on CheckThat! train, and write ``fitted.py``.

Only the files given are read (pass the *train* split): hyper-parameters are chosen by
5-fold cross-validation over train queries, and the thresholds from out-of-fold
predictions, so ``dev`` stays untouched for reporting.

    python -m workers.matching.fit --pool POOL --queries train/tweets.queries.tsv \
        --qrels train/tweet-vclaim-pairs.qrels [--write]
"""

from __future__ import annotations

import argparse
import json
import pprint
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from workers.matching import checkthat
from workers.matching.decide import DECISION_FEATURES
from workers.matching.features import ALL_FEATURES, LEXICAL_FEATURES, select
from workers.matching.fusion import rrf_scores
from workers.matching.index import ClaimIndex
from workers.matching.model import get_embedder
from workers.matching.rerank import LinearModel
from workers.matching.text import normalize

FOLDS = 5
L2_GRID = (0.0001, 0.001, 0.01, 0.1)
# Lexical-only mode's calibrated `same` threshold reached only .92 precision on held-out
# pairs (docs/matching.md), so it never merges on its own: everything goes to review.
AUTO_MERGE_MODES = ("hybrid",)
MODE_FEATURES = {"hybrid": ALL_FEATURES, "lexical": LEXICAL_FEATURES}


@dataclass
class Group:
    qid: str
    ids: list[str]
    rows: np.ndarray  # ALL_FEATURES layout
    gold: np.ndarray  # bool per row: the qrels' claim(s)
    same: np.ndarray  # bool per row: the gold claims and their verbatim copies in the pool


def pool_copies(pool: Sequence[checkthat.PoolClaim]) -> dict[str, set[str]]:
    """Claims whose texts are equal once normalised (the pool holds some fact-checks twice,
    differing only in quote style): each maps to its whole group of copies."""
    groups: dict[tuple[str, ...], set[str]] = {}
    for c in pool:
        groups.setdefault(normalize(c.text).terms, set()).add(c.id)
    return {cid: ids for ids in groups.values() for cid in ids}


def collect(index: ClaimIndex, queries: dict[str, str], vecs: dict[str, np.ndarray | None],
            gold: dict[str, set[str]], copies: dict[str, set[str]], *,
            drop_gold: bool = False) -> list[Group]:
    """Pooled candidates with features per query; ``drop_gold`` removes the gold claims and
    their copies from the pool first (the "claim not known yet" scenario)."""
    groups = []
    for qid, text in queries.items():
        if qid not in gold:
            continue
        same = set().union(*(copies.get(g, {g}) for g in gold[qid]))
        ids, rows = index.pooled_features(text, vector=vecs[qid], exclude=same if drop_gold else ())
        groups.append(Group(qid, ids, rows, np.array([i in gold[qid] for i in ids], dtype=bool),
                            np.array([i in same for i in ids], dtype=bool)))
    return groups


def _standardizer(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scale = x.std(axis=0)
    return x.mean(axis=0), np.where(scale > 1e-9, scale, 1.0)


def fit_listwise(groups: Sequence[Group], names: Sequence[str], l2: float) -> LinearModel:
    """Softmax over each query's pooled candidates, maximising the gold candidates' share."""
    usable = [g for g in groups if g.gold.any()]
    x = np.vstack([select(g.rows, names) for g in usable])
    mean, scale = _standardizer(x)
    z = (x - mean) / scale
    gold = np.concatenate([g.gold for g in usable])
    sizes = np.array([len(g.ids) for g in usable])
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    gid = np.repeat(np.arange(len(usable)), sizes)

    def lse(s: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per-group log-sum-exp over the masked rows, and each row's softmax weight."""
        masked = np.where(mask, s, -np.inf)
        top = np.maximum.reduceat(masked, starts)
        e = np.where(mask, np.exp(masked - top[gid]), 0.0)
        total = np.add.reduceat(e, starts)
        return top + np.log(total), e / total[gid]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = z @ w
        lse_all, p_all = lse(s, np.ones_like(gold))
        lse_gold, p_gold = lse(s, gold)
        value = float((lse_all - lse_gold).mean()) + l2 * float(w @ w)
        return value, z.T @ (p_all - p_gold) / len(usable) + 2 * l2 * w

    res = minimize(loss, np.zeros(len(names)), jac=True, method="L-BFGS-B")
    return LinearModel(tuple(names), mean, scale, res.x)


def fit_logistic(x: np.ndarray, y: np.ndarray, names: Sequence[str], l2: float = 0.01) -> LinearModel:
    mean, scale = _standardizer(x)
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = z @ w
        p = 1 / (1 + np.exp(-s))
        nll = np.logaddexp(0, s) - y * s
        reg = w.copy()
        reg[-1] = 0.0
        return float(nll.mean() + l2 * reg @ reg), z.T @ (p - y) / len(y) + 2 * l2 * reg

    res = minimize(loss, np.zeros(z.shape[1]), jac=True, method="L-BFGS-B")
    return LinearModel(tuple(names), mean, scale, res.x[:-1], float(res.x[-1]))


def folds(groups: Sequence[Group], k: int = FOLDS, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).permutation(len(groups)) % k


def ranking_map5(groups: Sequence[Group], model: LinearModel) -> float:
    ranks = {g.qid: [g.ids[i] for i in np.argsort(-model.logits(g.rows), kind="stable")] for g in groups}
    gold = {g.qid: {g.ids[i] for i in np.flatnonzero(g.gold)} or {"∅"} for g in groups}
    return checkthat.evaluate(ranks, gold)["MAP@5"]


def cross_validate(groups: list[Group], names: Sequence[str]) -> tuple[float, dict[float, float]]:
    fold = folds(groups)
    scores = {}
    for l2 in L2_GRID:
        maps = []
        for f in range(FOLDS):
            model = fit_listwise([g for g, i in zip(groups, fold, strict=True) if i != f], names, l2)
            maps.append(ranking_map5([g for g, i in zip(groups, fold, strict=True) if i == f], model))
        scores[l2] = float(np.mean(maps))
    return max(scores, key=lambda k: scores[k]), scores


def fit_fusion(groups: Sequence[Group]) -> tuple[dict[str, float], float]:
    """Grid search of the RRF comparison system's k and dense weight on train MAP@5."""
    col = {n: ALL_FEATURES.index(n) for n in ("rr_lex", "rr_dense")}
    gold = {g.qid: {g.ids[i] for i in np.flatnonzero(g.gold)} or {"∅"} for g in groups}

    def ranks(rr: np.ndarray) -> list[int | None]:
        return [None if r <= 0 else round(1 / r - 1) for r in rr]

    best: tuple[float, dict[str, float]] = (-1.0, {})
    for k in (1.0, 5.0, 10.0, 20.0, 60.0):
        for weight in (0.5, 1.0, 1.5, 2.0, 3.0):
            rankings = {}
            for g in groups:
                s = rrf_scores(ranks(g.rows[:, col["rr_lex"]]), ranks(g.rows[:, col["rr_dense"]]),
                               k=k, dense_weight=weight)
                rankings[g.qid] = [g.ids[i] for i in np.argsort(-s, kind="stable")]
            score = checkthat.evaluate(rankings, gold)["MAP@5"]
            if score > best[0]:
                best = (score, {"k": k, "dense_weight": weight})
    return best[1], best[0]


def top1_rows(groups: Sequence[Group], model: LinearModel, mode: str) -> tuple[np.ndarray, np.ndarray]:
    """Decision rows of each query's top candidate, and whether it is the gold claim."""
    names = DECISION_FEATURES[mode]
    xs, ys = [], []
    for g in groups:
        logits = model.logits(g.rows)
        order = np.argsort(-logits, kind="stable")
        best = order[0]
        gap = logits[best] - logits[order[1]] if len(order) > 1 else 10.0
        feats = dict(zip(ALL_FEATURES, g.rows[best], strict=True))
        feats.update(logit=logits[best], gap=gap)
        xs.append([feats[n] for n in names])
        ys.append(float(g.same[best]))
    return np.array(xs), np.array(ys)


def wilson_lower(hits: np.ndarray, n: np.ndarray, z: float = 1.96) -> np.ndarray:
    """Lower end of the Wilson score interval of a proportion."""
    p = hits / n
    centre = p + z * z / (2 * n)
    spread = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - spread) / (1 + z * z / n)


def threshold_for_precision(p: np.ndarray, y: np.ndarray, target: float) -> float:
    """Lowest threshold at which the pairs scored at or above it have a precision whose
    95 % lower confidence bound is ≥ target: a few hundred pairs cannot promise more."""
    order = np.argsort(-p, kind="stable")
    ps, ys = p[order], y[order]
    n = np.arange(1, len(p) + 1)
    lower = wilson_lower(np.cumsum(ys), n)
    # only cut between distinct scores: a threshold cannot split tied pairs
    cuts = np.flatnonzero(np.r_[ps[1:] < ps[:-1], True])
    ok = cuts[lower[cuts] >= target]
    return float(ps[ok[-1]]) if ok.size else 1.0


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pool", required=True)
    ap.add_argument("--queries", required=True, help="the TRAIN split")
    ap.add_argument("--qrels", required=True)
    ap.add_argument("--cache", default="var/match-cache")
    ap.add_argument("--precision", type=float, default=0.95,
                    help="the 95%% lower bound that OOF precision of `same` must reach")
    ap.add_argument("--write", action="store_true", help="write workers/matching/fitted.py")
    args = ap.parse_args(argv)
    from workers.matching.calibrate import calibrate

    pool = checkthat.read_pool(args.pool)
    queries, gold = checkthat.read_queries(args.queries), checkthat.read_qrels(args.qrels)
    embedder = get_embedder()
    index = checkthat.build_index(pool, embedder, cache_dir=args.cache)
    vecs = checkthat.query_vectors(embedder, queries, args.cache)
    t0 = time.perf_counter()
    copies = pool_copies(pool)
    present = collect(index, queries, vecs, gold, copies)
    absent = collect(index, queries, vecs, gold, copies, drop_gold=True)
    log(f"{sum(len(v) > 1 for v in copies.values())} pool claims have a verbatim copy")
    log(f"features of {len(present)} queries x 2 scenarios in {time.perf_counter() - t0:.0f}s")
    fusion, fusion_map = fit_fusion(present)
    log(f"RRF fitted on train: {fusion} (train MAP@5 {fusion_map:.4f})")
    params: dict = {"FUSION": fusion, "RERANKER": {}, "DECISION": {}, "REPORT": {}}
    for mode, names in MODE_FEATURES.items():
        l2, cv = cross_validate(present, names)
        log(f"{mode}: CV MAP@5 by L2 {cv}")
        model = fit_listwise(present, names, l2)
        params["RERANKER"][mode] = model.to_params()
        params["DECISION"][mode], report = calibrate(present, absent, names, l2, mode, args.precision)
        if mode not in AUTO_MERGE_MODES:
            params["DECISION"][mode]["same_calibrated"] = params["DECISION"][mode]["same"]
            params["DECISION"][mode]["same"] = None
        params["REPORT"][mode] = {"l2": l2, "cv_map5": cv, **report}
        print(mode, json.dumps(params["REPORT"][mode], indent=1))
    if args.write:
        write_fitted(params, Path(__file__).with_name("fitted.py"))


def write_fitted(params: dict, path: Path) -> None:
    body = "\n\n".join(f"{k}: dict[str, Any] = {pprint.pformat(v, width=100, sort_dicts=False)}"
                       for k, v in params.items())
    path.write_text(
        '"""Parameters fitted on CheckThat! 2020 *train* by ``python -m workers.matching.fit --write``.\n\n'
        "Generated: edit by re-running the fit, not by hand. REPORT holds the train-only\n"
        'cross-validation figures the choices were made on."""\n\n'
        "from __future__ import annotations\n\nfrom typing import Any\n\n" + body + "\n"
    )


if __name__ == "__main__":
    main()
