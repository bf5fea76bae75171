from __future__ import annotations

import itertools
import math
from dataclasses import replace
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import betaincinv

from tests.support.scoring import NOW, RATINGS, config
from workers.scoring import (
    LearnedAccuracy,
    OutletInput,
    ProfileInput,
    TrackRecordItem,
    default_config,
    score_outlet,
)

CFG = default_config()
WEIGHTS = dict(CFG.criteria)


def item(
    verdict: str,
    rating: str,
    days: float,
    stance: str = "supports",
    hedged: bool = False,
    is_origin: bool = False,
    claim: str | None = None,
    reviewer: str = "fc",
) -> TrackRecordItem:
    return TrackRecordItem(
        claim=claim or f"claim-{verdict}",
        verdict=verdict,
        reviewer=reviewer,
        rating=rating,
        reviewed_at=NOW - timedelta(days=days),
        stance=stance,
        hedged=hedged,
        is_origin=is_origin,
    )


def profile(criteria: dict[str, float], strength: float | None = None) -> ProfileInput:
    return ProfileInput(id="p", version=3, criteria=criteria, prior_strength=strength)


# ---------------------------------------------------------------- worked example


def test_worked_example_partial_profile_and_track_record() -> None:
    # Rated: no_false_content 1.0 (w 22), responsible_gathering 0.5 (w 18),
    # corrects_errors 0.0 (w 12.5). Sum rated w = 52.5; sum w*c = 22 + 9 = 31.
    # p0 = 31 / 52.5; n0 = 10 * 52.5 / 100 = 5.25 -> n0*p0 = 3.1, n0*(1-p0) = 2.15.
    out = OutletInput(
        id="example-news",
        kind="news",
        profile=profile({"no_false_content": 1.0, "responsible_gathering": 0.5, "corrects_errors": 0.0}),
        track_record=[
            # false, supported, one half-life old: w 0.5, y 0
            item("v1", "false", 365),
            # mostly_false, *refuted* by the outlet, two half-lives: w 0.25, y 1-0.25
            item("v2", "mostly_false", 730, stance="refutes"),
            # true, outlet is the origin; hedging does not halve an origin: w 1, y 1
            item("v3", "true", 0, hedged=True, is_origin=True),
            # mixed, hedged publisher: vouches at half weight: w 0.5, y 0.5
            item("v4", "mixed", 0, hedged=True),
            # ignored: unproven; neutral publisher; the outlet's own verdict
            item("v5", "unproven", 0),
            item("v6", "false", 0, stance="neutral"),
            item("v7", "false", 0, reviewer="example-news"),
        ],
    )
    res = score_outlet(out, CFG, NOW)
    alpha = 3.1 + 0.5 * 0 + 0.25 * 0.75 + 1 * 1 + 0.5 * 0.5  # 4.5375
    beta = 2.15 + 0.5 * 1 + 0.25 * 0.25 + 1 * 0 + 0.5 * 0.5  # 2.9625
    assert res.explanation["alpha"] == pytest.approx(4.5375, abs=1e-9)
    assert res.explanation["beta"] == pytest.approx(2.9625, abs=1e-9)
    assert alpha == pytest.approx(4.5375) and beta == pytest.approx(2.9625)
    assert res.reliability == pytest.approx(0.605, abs=1e-9)  # 4.5375 / 7.5
    # 100 * 0.605 = 60.5 rounds half up to 61 -> generally_reliable (banker's: 60, mixed)
    assert res.score == 61
    assert res.label == "generally_reliable"
    lo, hi = res.interval
    assert lo == pytest.approx(float(betaincinv(4.5375, 2.9625, 0.05)), abs=1e-9)
    assert hi == pytest.approx(float(betaincinv(4.5375, 2.9625, 0.95)), abs=1e-9)
    assert 0.0 < lo < 0.605 < hi < 1.0
    assert res.profile_version == 3 and res.config_version == CFG.version

    prior = res.explanation["prior"]
    assert prior["source"] == "profile"
    assert prior["p0"] == pytest.approx(31 / 52.5, abs=1e-12)
    assert prior["n0"] == pytest.approx(5.25, abs=1e-12)
    assert [c["criterion"] for c in prior["criteria"]] == [
        "no_false_content",
        "responsible_gathering",
        "corrects_errors",
    ]
    assert math.fsum(c["contribution"] for c in prior["criteria"]) == pytest.approx(31 / 52.5)
    tr = {t["verdict"]: t for t in res.explanation["track_record"]}
    assert sorted(tr) == ["v1", "v2", "v3", "v4"]
    assert (tr["v1"]["weight"], tr["v1"]["y"]) == (0.5, 0.0)
    assert (tr["v2"]["weight"], tr["v2"]["y"], tr["v2"]["stance"]) == (0.25, 0.75, "refutes")
    assert (tr["v3"]["weight"], tr["v3"]["y"], tr["v3"]["origin"]) == (1.0, 1.0, True)
    assert (tr["v4"]["weight"], tr["v4"]["y"], tr["v4"]["hedged"]) == (0.5, 0.5, True)


def test_to_dict_shape_and_rounding() -> None:
    out = OutletInput(
        id="x",
        kind="news",
        profile=profile({"corrects_errors": 1.0}),
        track_record=[item("v1", "false", 100)],
    )
    d = score_outlet(out, CFG, NOW).to_dict()
    assert list(d) == [
        "outlet", "score", "reliability", "interval", "label", "profile_version",
        "config_version", "explanation",
    ]  # fmt: skip
    assert set(d["explanation"]) == {
        "prior",
        "track_record",
        "learned",
        "alpha",
        "beta",
        "interval",
    }
    assert set(d["explanation"]["prior"]) >= {"p0", "n0", "source", "criteria"}
    assert set(d["explanation"]["track_record"][0]) >= {
        "claim", "verdict", "reviewer", "rating", "weight", "y", "stance", "hedged", "origin",
    }  # fmt: skip
    assert d["reliability"] == round(d["reliability"], 4)
    assert isinstance(d["interval"], list) and len(d["interval"]) == 2
    assert d["explanation"]["learned"] is None


# ---------------------------------------------------------------- prior rules


def half_up(x: float) -> int:
    return int(Decimal(repr(x)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@pytest.mark.parametrize("passed", list(itertools.product([0.0, 1.0], repeat=len(WEIGHTS))))
def test_newsguard_points_any_combination(passed: tuple[float, ...]) -> None:
    criteria = dict(zip(WEIGHTS, passed, strict=True))
    failed = sum(Decimal(str(w)) for w, ok in zip(WEIGHTS.values(), passed, strict=True) if not ok)
    expected = int((Decimal(100) - failed).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    res = score_outlet(OutletInput(id="x", kind="blog", profile=profile(criteria)), CFG, NOW)
    assert res.score == expected
    assert res.reliability == pytest.approx(float(Decimal(100) - failed) / 100, abs=1e-12)


def test_newsguard_half_points_round_up() -> None:
    # Failing corrects_errors alone is 87.5 points; failing it and
    # separates_news_opinion is 75 -> "high" exactly at the threshold.
    one = profile({**{k: 1.0 for k in WEIGHTS}, "corrects_errors": 0.0})
    two = profile({**{k: 1.0 for k in WEIGHTS}, "corrects_errors": 0.0,
                   "separates_news_opinion": 0.0})  # fmt: skip
    assert score_outlet(OutletInput("x", "news", one), CFG, NOW).score == 88
    r2 = score_outlet(OutletInput("x", "news", two), CFG, NOW)
    assert (r2.score, r2.label) == (75, "high")


@settings(max_examples=200)
@given(
    passed=st.lists(st.booleans(), min_size=9, max_size=9),
    strength=st.none() | st.floats(min_value=0.1, max_value=1000),
)
def test_no_verdicts_reliability_is_p0_for_any_prior_strength(
    passed: list[bool], strength: float | None
) -> None:
    criteria = {k: float(ok) for k, ok in zip(WEIGHTS, passed, strict=True)}
    res = score_outlet(OutletInput("x", "news", profile(criteria, strength)), CFG, NOW)
    failed = sum(w for w, ok in zip(WEIGHTS.values(), passed, strict=True) if not ok)
    assert res.score == half_up(100 - failed)


def test_no_profile_uses_kind_prior_and_is_unrated() -> None:
    res = score_outlet(OutletInput(id="x", kind="state_media"), CFG, NOW)
    assert res.explanation["prior"]["source"] == "kind_default"
    assert res.explanation["prior"]["n0"] == CFG.unrated_prior_strength
    assert res.reliability == pytest.approx(0.35, abs=1e-12)
    assert (res.score, res.label, res.profile_version) == (35, "unrated", None)


def test_profile_without_known_rated_criteria_falls_back_to_kind_prior() -> None:
    res = score_outlet(OutletInput("x", "wire", profile({"retired_criterion": 1.0}, strength=50)), CFG, NOW)
    assert res.explanation["prior"]["source"] == "kind_default"
    assert res.explanation["prior"]["ignored_criteria"] == ["retired_criterion"]
    assert res.explanation["prior"]["n0"] == 2.0  # the override does not apply
    assert (res.score, res.label, res.profile_version) == (85, "unrated", 3)


def test_unlisted_kind_uses_unknown_prior() -> None:
    res = score_outlet(OutletInput("x", "podcast"), CFG, NOW)
    assert res.reliability == pytest.approx(CFG.kind_priors["unknown"])


def test_verdicts_alone_make_an_outlet_rated() -> None:
    # kind prior 0.45 * 2 = 0.9, plus one fresh `true`: alpha 1.9, beta 1.1 -> r 1.9/3
    res = score_outlet(OutletInput("x", "blog", track_record=[item("v", "true", 0)]), CFG, NOW)
    assert res.reliability == pytest.approx(1.9 / 3, abs=1e-9)
    assert (res.score, res.label) == (63, "generally_reliable")


def test_prior_strength_override() -> None:
    res = score_outlet(
        OutletInput("x", "news", profile({"no_false_content": 0.5}, strength=4.0),
                    track_record=[item("v", "true", 0)]),
        CFG, NOW,
    )  # fmt: skip
    # alpha = 4*0.5 + 1 = 3, beta = 2 -> 0.6
    assert res.reliability == pytest.approx(0.6, abs=1e-12)
    assert res.explanation["prior"]["n0"] == 4.0


# ---------------------------------------------------------------- track record rules


def test_future_verdict_has_age_zero() -> None:
    res = score_outlet(OutletInput("x", "news", track_record=[item("v", "false", -30)]), CFG, NOW)
    assert res.explanation["track_record"][0]["weight"] == 1.0


def test_one_verdict_counts_once_per_outlet() -> None:
    # Origin and hedged repeat of the same claim: the origin appearance (w 1) wins.
    both = [item("v", "false", 0, is_origin=True), item("v", "false", 0, hedged=True)]
    res = score_outlet(OutletInput("x", "news", track_record=both), CFG, NOW)
    (t,) = res.explanation["track_record"]
    assert (t["weight"], t["y"], t["origin"], t["hedged"]) == (1.0, 0.0, True, False)


def test_conflicting_stances_average() -> None:
    both = [item("v", "false", 0), item("v", "false", 0, stance="refutes")]
    (t,) = score_outlet(OutletInput("x", "news", track_record=both), CFG, NOW).explanation["track_record"]
    assert (t["y"], t["stance"]) == (0.5, "both")


def test_origin_with_neutral_stance_vouches_as_supporting() -> None:
    res = score_outlet(
        OutletInput("x", "news", track_record=[item("v", "mostly_false", 0, stance="neutral",
                                                    is_origin=True)]),
        CFG, NOW,
    )  # fmt: skip
    (t,) = res.explanation["track_record"]
    assert (t["y"], t["stance"]) == (0.25, "supports")


def test_learned_accuracy_adds_capped_pseudo_observations() -> None:
    cfg = config(learned_weight=0.5, learned_max_observations=20.0)
    out = OutletInput("x", "news", learned=LearnedAccuracy(accuracy=0.9, observations=100))
    res = score_outlet(out, cfg, NOW)
    # m = min(100, 20) * 0.5 = 10; alpha = 2*0.7 + 9 = 10.4, beta = 0.6 + 1 = 1.6
    assert res.explanation["learned"]["pseudo_observations"] == 10.0
    assert res.reliability == pytest.approx(10.4 / 12, abs=1e-12)
    assert res.label == "unrated"  # learned accuracy alone is not a rating
    assert score_outlet(replace(out, learned=None), cfg, NOW).reliability == pytest.approx(0.7)


def test_learned_weight_zero_disables() -> None:
    out = OutletInput("x", "news", learned=LearnedAccuracy(accuracy=0.0, observations=50))
    assert score_outlet(out, config(learned_weight=0.0), NOW).reliability == pytest.approx(0.7, abs=1e-12)


def test_invalid_inputs_raise() -> None:
    with pytest.raises(ValueError):
        score_outlet(OutletInput("x", "news", profile({"corrects_errors": 1.5})), CFG, NOW)
    with pytest.raises(ValueError):
        score_outlet(OutletInput("x", "news", track_record=[item("v", "bogus", 0)]), CFG, NOW)
    with pytest.raises(ValueError):
        score_outlet(
            OutletInput("x", "news", learned=LearnedAccuracy(accuracy=2.0, observations=1)),
            CFG,
            NOW,
        )


def test_zero_one_profiles_get_a_proper_interval_and_keep_their_score() -> None:
    # Issue 19: a profile meeting every criterion answered interval [1, 1] (Beta(10, 0)).
    perfect = score_outlet(OutletInput("x", "news", profile(dict.fromkeys(WEIGHTS, 1.0))), CFG, NOW)
    assert (perfect.score, perfect.reliability, perfect.label) == (100, 1.0, "high")
    assert perfect.explanation["beta"] == 0.0  # the posterior itself is unchanged
    lo, hi = perfect.interval
    assert hi == 1.0
    assert lo == pytest.approx(float(betaincinv(10.0, 0.5, 0.05)), abs=1e-12)
    assert 0.75 < lo < 0.9
    zero = score_outlet(OutletInput("x", "news", profile(dict.fromkeys(WEIGHTS, 0.0))), CFG, NOW)
    assert (zero.score, zero.reliability, zero.label) == (0, 0.0, "low")
    assert zero.interval[0] == 0.0
    assert zero.interval[1] == pytest.approx(float(betaincinv(0.5, 10.0, 0.95)), abs=1e-12)
    none = score_outlet(OutletInput("x", "news", profile({"corrects_errors": 0.3}, 0.0)), CFG, NOW)
    lo, hi = none.interval
    assert none.reliability == pytest.approx(0.3)
    assert 0.0 < lo < 0.3 < hi < 1.0  # Beta(1/2, 1/2): nothing known, nearly all of [0, 1]


def test_an_interval_with_a_record_is_the_plain_beta_interval() -> None:
    out = OutletInput("x", "news", profile(dict.fromkeys(WEIGHTS, 1.0)),
                      track_record=[item("v", "false", 0)])
    res = score_outlet(out, CFG, NOW)
    assert (res.explanation["alpha"], res.explanation["beta"]) == (10.0, 1.0)
    assert res.interval == (pytest.approx(float(betaincinv(10.0, 1.0, 0.05))),
                            pytest.approx(float(betaincinv(10.0, 1.0, 0.95))))


def test_extreme_skew_interval_still_contains_r() -> None:
    # alpha = 0.01: the Beta's 95 % quantile is below its mean.
    res = score_outlet(OutletInput("x", "news", profile({"corrects_errors": 0.001}, 10)), CFG, NOW)
    lo, hi = res.interval
    assert lo <= res.reliability <= hi


# ---------------------------------------------------------------- properties

track_items = st.lists(
    st.builds(
        item,
        verdict=st.sampled_from(["v1", "v2", "v3", "v4", "v5"]),
        rating=st.sampled_from(RATINGS),
        days=st.floats(min_value=-10, max_value=5000),
        stance=st.sampled_from(["supports", "refutes", "neutral"]),
        hedged=st.booleans(),
        is_origin=st.booleans(),
        claim=st.just("c"),
    ),
    max_size=8,
)
profiles = st.none() | st.builds(
    profile,
    st.dictionaries(
        st.sampled_from([*WEIGHTS, "unknown_criterion"]),
        st.floats(min_value=0, max_value=1),
    ),
    st.none() | st.floats(min_value=0, max_value=100),
)
learned = st.none() | st.builds(
    LearnedAccuracy, st.floats(min_value=0, max_value=1), st.floats(min_value=0, max_value=500)
)
Prof = ProfileInput | None
Items = list[TrackRecordItem]
Learned = LearnedAccuracy | None
kinds = st.sampled_from(["news", "wire", "blog", "state_media", "unknown", "other"])


@settings(max_examples=300)
@given(kind=kinds, prof=profiles, items=track_items, lrn=learned)
def test_reliability_bounds_and_interval(kind: str, prof: Prof, items: Items, lrn: Learned) -> None:
    cfg = config(learned_weight=0.5)
    res = score_outlet(OutletInput("x", kind, prof, items, lrn), cfg, NOW)
    lo, hi = res.interval
    assert 0.0 <= lo <= res.reliability <= hi <= 1.0
    assert 0 <= res.score <= 100
    assert abs(res.score - 100 * res.reliability) <= 0.5 + 1e-9


binary_profiles = st.builds(
    profile,
    st.dictionaries(st.sampled_from(list(WEIGHTS)), st.sampled_from([0.0, 1.0]), min_size=1),
    st.none() | st.floats(min_value=0, max_value=1000),
)


@settings(max_examples=300)
@given(kind=kinds, prof=profiles | binary_profiles, items=track_items, lrn=learned,
       weight=st.sampled_from([0.0, 0.25, 1.0]))
def test_no_interval_has_zero_width(
    kind: str, prof: Prof, items: Items, lrn: Learned, weight: float
) -> None:
    res = score_outlet(OutletInput("x", kind, prof, items, lrn), config(learned_weight=weight), NOW)
    lo, hi = res.interval
    assert hi - lo > 0.0
    assert 0.0 <= lo <= res.reliability <= hi <= 1.0


@settings(max_examples=200)
@given(kind=kinds, prof=profiles, items=track_items, lrn=learned, data=st.data())
def test_outlet_order_independent(
    kind: str, prof: Prof, items: Items, lrn: Learned, data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(items))
    a = score_outlet(OutletInput("x", kind, prof, items, lrn), CFG, NOW)
    b = score_outlet(OutletInput("x", kind, prof, shuffled, lrn), CFG, NOW)
    assert a == b


@settings(max_examples=200)
@given(kind=kinds, prof=profiles, items=track_items, days=st.floats(0, 3000))
def test_a_new_true_verdict_never_lowers_reliability(
    kind: str, prof: Prof, items: Items, days: float
) -> None:
    before = score_outlet(OutletInput("x", kind, prof, items), CFG, NOW)
    after = score_outlet(
        OutletInput("x", kind, prof, [*items, item("new", "true", days, claim="n")]), CFG, NOW
    )
    assert after.reliability >= before.reliability - 1e-12
