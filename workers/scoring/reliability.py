"""Outlet reliability: criteria prior + decayed fact-check track record -> Beta posterior."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from scipy.special import betaincinv

from ._numeric import age_days, as_utc, check_unit_interval, half_up
from .config import ScoringConfig
from .labels import reliability_label
from .types import RATING_OUTCOMES, STANCES, OutletInput, Reliability, TrackRecordItem

CREDIBLE_MASS = 0.90
INTERVAL_FLOOR = 0.5  # Jeffreys' pseudo-count: the interval's Beta is always proper


@dataclass(frozen=True)
class _Prior:
    p0: float
    n0: float
    source: str  # "profile" | "kind_default"
    criteria: list[dict[str, Any]]
    ignored: list[str]


@dataclass(frozen=True)
class _Outcome:
    claim: str
    verdict: str
    reviewer: str
    rating: str
    age_days: float
    weight: float
    y: float
    stance: str
    hedged: bool
    origin: bool


def score_outlet(outlet: OutletInput, config: ScoringConfig, now: datetime) -> Reliability:
    """Reliability of one outlet per DESIGN.md "Outlet reliability".

    Vouching (DESIGN step 2 says both "vouched = origin, or supports/refutes and not
    hedged" and "halve the weight if hedged and not the origin", which cannot both
    bite). We read it as: the origin always vouches, with its appearance's stance
    (`neutral` counts as `supports`: the claim is attributed to it); a publisher
    vouches with stance `supports`/`refutes`, at full weight when unhedged and at
    half weight when hedged (repeating an allegation "as unverified" is still
    amplifying it); `neutral` publishers never vouch. Verdicts rated `unproven` and
    verdicts by the outlet itself are ignored.

    One verdict counts once per outlet even if the outlet appeared on the claim
    several times: the strongest way it vouched (origin/unhedged before hedged) wins;
    if it took both stances at that strength, y is their mean (0.5).

    `unrated` label when there is neither a rated criterion nor a counted verdict.
    Learned accuracy alone does not make an outlet rated: it shifts the score, but
    the label keeps saying no human has assessed the outlet.
    """
    prior = _prior(outlet, config)
    outcomes = _outcomes(outlet, config, now)

    learned_info: dict[str, Any] | None = None
    m = 0.0
    acc = 0.0
    if outlet.learned is not None:
        acc = check_unit_interval(outlet.learned.accuracy, "learned accuracy")
        if not outlet.learned.observations >= 0:
            raise ValueError("learned observations must be >= 0")
        m = min(outlet.learned.observations, config.learned_max_observations)
        m *= config.learned_weight
        learned_info = {
            "accuracy": acc,
            "observations": float(outlet.learned.observations),
            "pseudo_observations": m,
            "alpha": m * acc,
            "beta": m * (1.0 - acc),
            "evidence": dict(outlet.learned.evidence or {}),
        }

    # fsum is exactly rounded, so the posterior does not depend on item order.
    alpha = math.fsum([prior.n0 * prior.p0, m * acc, *(o.weight * o.y for o in outcomes)])
    beta = math.fsum(
        [prior.n0 * (1.0 - prior.p0), m * (1.0 - acc), *(o.weight * (1.0 - o.y) for o in outcomes)]
    )
    total = alpha + beta
    r = alpha / total if total > 0 else prior.p0
    interval = credible_interval(alpha, beta, r)
    score = half_up(100.0 * r)
    rated = prior.source == "profile" or bool(outcomes)
    label = reliability_label(score, config.reliability_labels) if rated else "unrated"

    explanation: dict[str, Any] = {
        "prior": {
            "p0": prior.p0,
            "n0": prior.n0,
            "source": prior.source,
            "criteria": prior.criteria,
            "ignored_criteria": prior.ignored,
        },
        "track_record": [
            {
                "claim": o.claim,
                "verdict": o.verdict,
                "reviewer": o.reviewer,
                "rating": o.rating,
                "age_days": o.age_days,
                "weight": o.weight,
                "y": o.y,
                "stance": o.stance,
                "hedged": o.hedged,
                "origin": o.origin,
            }
            for o in outcomes
        ],
        "learned": learned_info,
        "alpha": alpha,
        "beta": beta,
        "interval": list(interval),
    }
    return Reliability(
        outlet=outlet.id,
        score=score,
        reliability=r,
        interval=interval,
        label=label,
        profile_version=outlet.profile.version if outlet.profile is not None else None,
        config_version=config.version,
        explanation=explanation,
    )


def credible_interval(alpha: float, beta: float, r: float) -> tuple[float, float]:
    """Equal-tailed 90 % interval, always containing r and never of zero width.

    A profile rated exactly 1 (or 0) on every rated criterion with no verdicts is an
    improper posterior Beta(alpha, 0) whose "interval" would be the point [1, 1]: certainty
    the profile never claimed (it stands for n0 pseudo-observations, not proof). For the
    interval only, alpha and beta are floored at ½ — the Jeffreys prior's pseudo-count, the
    least information that keeps the Beta proper — so such an outlet reads, for the
    default n0 = 10, as about [0.83, 1]. Reliability and score still come from the
    unfloored alpha/(alpha + beta), so a 0/1 profile without verdicts keeps scoring exactly 100
    minus the failed criteria's points. Posteriors already past ½ on both sides (every
    outlet with a real record) are unchanged. For extreme skew the 95 % quantile can fall
    below the mean, so the interval is widened to include r.
    """
    a = max(alpha, INTERVAL_FLOOR)
    b = max(beta, INTERVAL_FLOOR)
    tail = (1.0 - CREDIBLE_MASS) / 2.0
    lo = float(betaincinv(a, b, tail))
    hi = float(betaincinv(a, b, 1.0 - tail))
    return (min(lo, r), max(hi, r))


def _prior(outlet: OutletInput, config: ScoringConfig) -> _Prior:
    total_w = math.fsum(config.criteria.values())
    profile = outlet.profile
    rated: list[tuple[str, float, float]] = []
    ignored: list[str] = []
    if profile is not None:
        for name in sorted(profile.criteria):
            rating = check_unit_interval(profile.criteria[name], f"criterion {name!r} rating")
            if name in config.criteria:
                rated.append((name, rating, config.criteria[name]))
            else:
                ignored.append(name)  # criterion removed from the config since rating
    rated_w = math.fsum(w for _, _, w in rated)
    if profile is None or rated_w <= 0:
        return _Prior(
            p0=config.kind_prior(outlet.kind),
            n0=config.unrated_prior_strength,
            source="kind_default",
            criteria=[],
            ignored=ignored,
        )
    p0 = math.fsum(w * c for _, c, w in rated) / rated_w
    if profile.prior_strength is not None:
        if not profile.prior_strength >= 0:
            raise ValueError("profile prior_strength must be >= 0")
        n0 = float(profile.prior_strength)
    else:
        n0 = config.default_prior_strength * (rated_w / total_w)
    # Contributions are shares of p0 (they sum to p0), heaviest first.
    criteria = [
        {"criterion": n, "rating": c, "weight": w, "contribution": w * c / rated_w}
        for n, c, w in sorted(rated, key=lambda t: (-t[2], t[0]))
    ]
    return _Prior(p0=min(1.0, p0), n0=n0, source="profile", criteria=criteria, ignored=ignored)


def _vouch(item: TrackRecordItem) -> tuple[float, str] | None:
    """(weight factor, effective stance) if the appearance vouches, else None."""
    if item.stance not in STANCES:
        raise ValueError(f"unknown stance {item.stance!r}")
    if item.is_origin:
        return (1.0, "refutes" if item.stance == "refutes" else "supports")
    if item.stance == "neutral":
        return None
    return (0.5 if item.hedged else 1.0, item.stance)


def _outcomes(outlet: OutletInput, config: ScoringConfig, now: datetime) -> list[_Outcome]:
    by_verdict: dict[str, list[TrackRecordItem]] = {}
    for item in outlet.track_record:
        if item.rating not in RATING_OUTCOMES:
            raise ValueError(f"unknown verdict rating {item.rating!r}")
        if RATING_OUTCOMES[item.rating] is None or item.reviewer == outlet.id:
            continue
        by_verdict.setdefault(item.verdict, []).append(item)

    outcomes: list[_Outcome] = []
    for verdict_id in sorted(by_verdict):
        items = by_verdict[verdict_id]
        vouches = [(v, it) for it in items if (v := _vouch(it)) is not None]
        if not vouches:
            continue
        factor = max(v[0] for v, _ in vouches)
        best = [(v, it) for v, it in vouches if v[0] == factor]
        stances = sorted({v[1] for v, _ in best})
        # The verdict's own fields are taken from a canonical item so duplicates that
        # disagree (a caller bug) cannot make the result order-dependent.
        ref = min(items, key=lambda it: (it.claim, as_utc(it.reviewed_at), it.rating, it.reviewer))
        y_true = RATING_OUTCOMES[ref.rating]
        assert y_true is not None
        ys = [1.0 - y_true if s == "refutes" else y_true for s in stances]
        age = age_days(ref.reviewed_at, now)
        weight = 0.5 ** (age / config.half_life_days) * factor
        outcomes.append(
            _Outcome(
                claim=ref.claim,
                verdict=verdict_id,
                reviewer=ref.reviewer,
                rating=ref.rating,
                age_days=age,
                weight=weight,
                y=math.fsum(ys) / len(ys),
                stance=stances[0] if len(stances) == 1 else "both",
                hedged=factor < 1.0,
                origin=any(it.is_origin for _, it in best),
            )
        )
    return outcomes
