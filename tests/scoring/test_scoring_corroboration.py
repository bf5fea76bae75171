from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.support.scoring import OUTLET_IDS, claim_with_competitors, config, outlet_maps
from workers.scoring import (
    AppearanceInput,
    ClaimInput,
    Corroboration,
    OutletInfo,
    VerdictInput,
    default_config,
    score_claim,
)

CFG = default_config()

# ---------------------------------------------------------------- worked examples

AL_TANF_OUTLETS = {
    "last-american-vagabond": OutletInfo(0.3),  # US
    "the-canary": OutletInfo(0.45),  # UK
    "southfront": OutletInfo(0.5),  # elsewhere
    "ru-svr": OutletInfo(0.35, network="russian-state"),
    "ru-genstaff": OutletInfo(0.35, network="russian-state"),
    "kremlin": OutletInfo(0.3, network="russian-state"),
    "reuters": OutletInfo(0.85),
    "guardian": OutletInfo(0.75),
    "un-ohchr": OutletInfo(0.7),
    "bbc": OutletInfo(0.8),
}


def test_al_tanf_pattern_is_one_independent_unit() -> None:
    claim = ClaimInput(
        id="us-trained-isis-at-al-tanf",
        appearances=[
            # s = r(origin) * r(publisher) [* hedge]
            AppearanceInput("a1", "last-american-vagabond", origin="ru-svr"),  # .35*.3 = .105
            AppearanceInput("a2", "the-canary", origin="ru-genstaff", hedged=True),  # .07875
            AppearanceInput("a3", "southfront", origin="kremlin"),  # .3*.5 = .15
        ],
    )
    res = score_claim(claim, AL_TANF_OUTLETS, CFG)
    assert res.independent_units == 1
    (unit,) = res.units
    assert unit.key == "network:russian-state"
    assert unit.stance == "supports"
    assert unit.strength == pytest.approx(0.15, abs=1e-9)
    assert unit.appearances == ("a1", "a2", "a3")
    assert unit.kind == "appearance"
    assert unit.why == (
        "3 appearances from 3 publishers share origins kremlin, ru-genstaff, ru-svr (network russian-state)"
    )
    assert res.support == pytest.approx(0.15, abs=1e-9)
    assert res.dispute == 0.0
    assert res.probability == pytest.approx(0.15, abs=1e-9)
    assert (res.score, res.label) == (15, "uncorroborated")
    assert (res.appearances, res.publishers) == (3, 3)


def test_three_unrelated_origins_score_higher() -> None:
    claim = ClaimInput(
        id="c",
        appearances=[
            AppearanceInput("b1", "reuters"),  # first-hand: .85
            AppearanceInput("b2", "guardian", origin="un-ohchr"),  # .7 * .75 = .525
            AppearanceInput("b3", "bbc", hedged=True),  # .8 * .5 = .4
        ],
    )
    res = score_claim(claim, AL_TANF_OUTLETS, CFG)
    # S = 1 - .15 * .475 * .6 = 1 - .04275
    assert res.support == pytest.approx(0.95725, abs=1e-9)
    assert res.probability == pytest.approx(0.95725, abs=1e-9)
    assert (res.score, res.label, res.independent_units) == (96, "corroborated", 3)
    assert [u.key for u in res.units] == ["outlet:reuters", "outlet:un-ohchr", "outlet:bbc"]
    assert [u.strength for u in res.units] == pytest.approx([0.85, 0.525, 0.4], abs=1e-12)
    assert res.units[1].why == "1 appearance from origin un-ohchr"


def test_repeating_the_same_origin_adds_nothing() -> None:
    base = [AppearanceInput("a1", "southfront", origin="kremlin")]
    more = base + [AppearanceInput(f"x{i}", "last-american-vagabond", origin="ru-svr") for i in range(50)]
    one = score_claim(ClaimInput("c", appearances=base), AL_TANF_OUTLETS, CFG)
    many = score_claim(ClaimInput("c", appearances=more), AL_TANF_OUTLETS, CFG)
    assert many.support == one.support and many.score == one.score
    assert many.independent_units == 1


COMPETING_OUTLETS = {
    "ministry-a": OutletInfo(0.5, network="gov-x"),
    "reuters": OutletInfo(0.85),
    "ngo-b": OutletInfo(0.6),
    "news-c": OutletInfo(0.7),
}
TOLL_100 = ClaimInput(
    id="toll-100",
    question="q-casualties",
    appearances=[
        AppearanceInput("a1", "ministry-a"),  # .5, key network:gov-x
        AppearanceInput("a2", "reuters", origin="ministry-a"),  # .425, same unit
    ],
)
TOLL_300 = ClaimInput(
    id="toll-300",
    question="q-casualties",
    appearances=[AppearanceInput("b1", "ngo-b"), AppearanceInput("b2", "news-c")],
)


def test_competing_answers_refute_each_other() -> None:
    cfg = config(competing_factor=0.5)
    a = score_claim(TOLL_100, COMPETING_OUTLETS, cfg, competitors=[TOLL_300])
    # Support of toll-300 (.6, .7) refutes toll-100 at half strength: .3, .35
    assert a.support == pytest.approx(0.5, abs=1e-9)
    assert a.dispute == pytest.approx(1 - 0.7 * 0.65, abs=1e-9)  # .545
    assert a.probability == pytest.approx(0.5 * 0.455, abs=1e-9)  # .2275
    # c >= .2 would be weakly_corroborated, but S >= .5 and D >= .5 take precedence
    assert (a.score, a.label, a.independent_units) == (23, "disputed", 1)
    refuting = [u for u in a.units if u.stance == "refutes"]
    assert [(u.key, u.kind, u.via) for u in refuting] == [
        ("outlet:news-c", "competitor", ("toll-300",)),
        ("outlet:ngo-b", "competitor", ("toll-300",)),
    ]
    assert refuting[0].why == "supports competing answer toll-300 via news-c (x0.5)"

    b = score_claim(TOLL_300, COMPETING_OUTLETS, cfg, competitors=[TOLL_100])
    # S = 1 - .4*.3 = .88; D = .5 * .5 = .25; c = .66
    assert (b.support, b.dispute) == (pytest.approx(0.88), pytest.approx(0.25))
    assert b.probability == pytest.approx(0.66, abs=1e-9)
    assert (b.score, b.label, b.independent_units) == (66, "partially_corroborated", 2)


def test_competitor_support_merges_with_direct_refutation_from_same_source() -> None:
    claim = replace(
        TOLL_100,
        appearances=[*TOLL_100.appearances, AppearanceInput("a3", "news-c", None, "refutes")],
    )
    res = score_claim(claim, COMPETING_OUTLETS, CFG, competitors=[TOLL_300])
    (u,) = [u for u in res.units if u.key == "outlet:news-c"]
    assert (u.stance, u.strength, u.appearances, u.via, u.kind) == (
        "refutes", 0.7, ("a3",), ("toll-300",), "appearance",
    )  # fmt: skip
    assert res.dispute == pytest.approx(1 - 0.4 * 0.3, abs=1e-9)


def test_competitor_with_other_question_is_rejected() -> None:
    with pytest.raises(ValueError):
        score_claim(TOLL_100, COMPETING_OUTLETS, CFG, competitors=[replace(TOLL_300, question="q")])


def test_verdict_units() -> None:
    outlets = {
        "blog": OutletInfo(0.45),
        "fc-x": OutletInfo(0.85),
        "fc-y": OutletInfo(0.6, network="fc-net"),
        "fc-z": OutletInfo(0.9),
    }
    claim = ClaimInput(
        id="c",
        appearances=[
            AppearanceInput("a1", "blog", hedged=True),  # .225
            AppearanceInput("a2", "fc-x", stance="refutes"),  # fc-x's own debunk: .85
            AppearanceInput("a3", "blog", stance="neutral"),
        ],
        verdicts=[
            VerdictInput("v1", "fc-x", "false"),  # .85, merges with a2 (same source)
            VerdictInput("v2", "fc-y", "mixed"),  # .3 support and .3 refute
            VerdictInput("v3", "fc-z", "unproven"),  # nothing
        ],
    )
    res = score_claim(claim, outlets, CFG)
    assert res.support == pytest.approx(1 - 0.775 * 0.7, abs=1e-9)  # .4575
    assert res.dispute == pytest.approx(1 - 0.15 * 0.7, abs=1e-9)  # .895
    assert res.probability == pytest.approx(0.4575 * 0.105, abs=1e-9)  # .0480375
    assert (res.score, res.label, res.independent_units) == (5, "refuted", 2)
    assert (res.appearances, res.publishers, res.neutral) == (3, 2, ("a3",))
    by = {(u.key, u.stance): u for u in res.units}
    assert set(by) == {
        ("outlet:blog", "supports"),
        ("network:fc-net", "supports"),
        ("outlet:fc-x", "refutes"),
        ("network:fc-net", "refutes"),
    }
    fcx = by[("outlet:fc-x", "refutes")]
    assert (fcx.appearances, fcx.verdicts, fcx.kind) == (("a2",), ("v1",), "appearance")
    assert fcx.why == "1 appearance from origin fc-x; verdict v1 by fc-x: false"
    mixed = by[("network:fc-net", "supports")]
    assert (mixed.strength, mixed.kind, mixed.verdicts) == (0.3, "verdict", ("v2",))
    assert mixed.why == "verdict v2 by fc-y: mixed (half strength each way) (network fc-net)"


def test_unit_key_override_and_unknown_outlets() -> None:
    outlets = {
        "copy-1": OutletInfo(0.5, network="net-a", unit_key="farm"),
        "copy-2": OutletInfo(0.6, unit_key="farm"),
    }
    claim = ClaimInput(
        "c",
        appearances=[
            AppearanceInput("a1", "copy-1"),
            AppearanceInput("a2", "copy-2"),
            AppearanceInput("a3", "nobody-knows"),  # unknown: kind prior .4
        ],
    )
    res = score_claim(claim, outlets, CFG)
    assert [(u.key, u.strength) for u in res.units] == [
        ("group:farm", 0.6),
        ("outlet:nobody-knows", 0.4),
    ]
    assert res.units[0].why == (
        "2 appearances from 2 publishers share origins copy-1, copy-2"
        " (dependence group farm, from copy detection)"
    )
    assert res.support == pytest.approx(1 - 0.4 * 0.6, abs=1e-12)


def test_explicit_self_origin_is_first_hand() -> None:
    outlets = {"x": OutletInfo(0.5)}
    a = score_claim(ClaimInput("c", appearances=[AppearanceInput("a", "x", "x")]), outlets, CFG)
    assert a.support == 0.5


def test_empty_claim() -> None:
    res = score_claim(ClaimInput("c"), {}, CFG)
    assert (res.score, res.label, res.units, res.independent_units) == (0, "uncorroborated", (), 0)


def test_claim_to_dict_shape() -> None:
    d = score_claim(TOLL_100, COMPETING_OUTLETS, CFG, competitors=[TOLL_300]).to_dict()
    assert list(d)[:9] == [
        "score", "probability", "support", "dispute", "label", "appearances", "publishers",
        "independent_units", "units",
    ]  # fmt: skip
    assert set(d["units"][0]) == {
        "key", "stance", "strength", "appearances", "kind", "why", "verdicts", "via",
    }  # fmt: skip
    assert d["units"][0]["appearances"] == ["a1", "a2"]


def test_invalid_inputs_raise() -> None:
    with pytest.raises(ValueError):
        score_claim(ClaimInput("c", appearances=[AppearanceInput("a", "x", stance="maybe")]), {}, CFG)
    with pytest.raises(ValueError):
        score_claim(ClaimInput("c", verdicts=[VerdictInput("v", "x", "pants_on_fire")]), {}, CFG)
    with pytest.raises(ValueError):
        score_claim(ClaimInput("c", appearances=[AppearanceInput("a", "x")]),
                    {"x": OutletInfo(1.2)}, CFG)  # fmt: skip


# ---------------------------------------------------------------- properties

new_appearance = st.builds(
    AppearanceInput,
    id=st.just("zz-new"),
    publisher=st.sampled_from(OUTLET_IDS),
    origin=st.none() | st.sampled_from(OUTLET_IDS),
    stance=st.sampled_from(["supports", "refutes", "neutral"]),
    hedged=st.booleans(),
)
EPS = 1e-12
Claims = tuple[ClaimInput, list[ClaimInput]]
Outlets = dict[str, OutletInfo]


def _with(claim: ClaimInput, a: AppearanceInput) -> ClaimInput:
    return replace(claim, appearances=[*claim.appearances, a])


@settings(max_examples=300)
@given(cc=claim_with_competitors(), outlets=outlet_maps, new=new_appearance)
def test_adding_an_appearance_never_lowers_support(
    cc: Claims, outlets: Outlets, new: AppearanceInput
) -> None:
    claim, comps = cc
    before = score_claim(claim, outlets, CFG, comps)
    after = score_claim(_with(claim, new), outlets, CFG, comps)
    assert after.support >= before.support - EPS
    assert 0.0 <= after.support <= 1.0 and 0.0 <= after.dispute <= 1.0


def _key(oid: str, outlets: dict[str, OutletInfo]) -> str:
    info = outlets.get(oid, OutletInfo(CFG.kind_priors["unknown"]))
    if info.unit_key:
        return f"group:{info.unit_key}"
    return f"network:{info.network}" if info.network else f"outlet:{oid}"


def _strength(a: AppearanceInput, outlets: dict[str, OutletInfo]) -> float:
    unknown = OutletInfo(CFG.kind_priors["unknown"])
    g = a.origin or a.publisher
    s = outlets.get(g, unknown).reliability
    if g != a.publisher:
        s *= outlets.get(a.publisher, unknown).reliability
    return s * CFG.hedge_factor if a.hedged else s


@settings(max_examples=300)
@given(cc=claim_with_competitors(), outlets=outlet_maps, data=st.data())
def test_same_key_appearance_changes_support_only_if_it_raises_the_max(
    cc: Claims, outlets: Outlets, data: st.DataObject
) -> None:
    claim, comps = cc
    supporting = [a for a in claim.appearances if a.stance == "supports"]
    assume(supporting)
    anchor = data.draw(st.sampled_from(supporting))
    key = _key(anchor.origin or anchor.publisher, outlets)
    # Any outlet sharing the key (itself, a network sibling, a copy-detection peer).
    origin = data.draw(st.sampled_from([o for o in OUTLET_IDS if _key(o, outlets) == key]))
    new = AppearanceInput(
        "zz-new",
        publisher=data.draw(st.sampled_from(OUTLET_IDS)),
        origin=origin,
        stance="supports",
        hedged=data.draw(st.booleans()),
    )
    s = _strength(new, outlets)
    before = score_claim(claim, outlets, CFG, comps)
    old_max = _strengths(before)[(key, "supports")]
    after = score_claim(_with(claim, new), outlets, CFG, comps)
    if s <= old_max:
        assert after.support == before.support
        assert [u.strength for u in after.units] == [u.strength for u in before.units]
        assert after.independent_units == before.independent_units
    else:
        assert after.support >= before.support - EPS
        (u,) = [u for u in after.units if (u.key, u.stance) == (key, "supports")]
        assert u.strength == s
        untouched = {k: v for k, v in _strengths(after).items() if k != (key, "supports")}
        assert untouched == {k: v for k, v in _strengths(before).items() if k != (key, "supports")}


def _strengths(res: Corroboration) -> dict[tuple[str, str], float]:
    return {(u.key, u.stance): u.strength for u in res.units}


@settings(max_examples=300)
@given(
    cc=claim_with_competitors(),
    outlets=outlet_maps,
    target=st.sampled_from(OUTLET_IDS),
    bump=st.floats(min_value=0, max_value=1),
)
def test_raising_any_reliability_never_lowers_support(
    cc: Claims, outlets: Outlets, target: str, bump: float
) -> None:
    claim, comps = cc
    old = outlets.get(target, OutletInfo(CFG.kind_priors["unknown"]))
    raised = {
        **outlets,
        target: replace(old, reliability=old.reliability + (1 - old.reliability) * bump),
    }
    before = score_claim(claim, outlets, CFG, comps)
    after = score_claim(claim, raised, CFG, comps)
    assert after.support >= before.support - EPS


@settings(max_examples=300)
@given(
    cc=claim_with_competitors(),
    outlets=outlet_maps,
    r=st.floats(min_value=0, max_value=1),
    as_verdict=st.booleans(),
)
def test_a_new_refuting_unit_never_raises_c(cc: Claims, outlets: Outlets, r: float, as_verdict: bool) -> None:
    claim, comps = cc
    outlets = {**outlets, "fresh": OutletInfo(r)}
    before = score_claim(claim, outlets, CFG, comps)
    if as_verdict:
        changed = replace(claim, verdicts=[*claim.verdicts, VerdictInput("zz", "fresh", "false")])
    else:
        changed = _with(claim, AppearanceInput("zz", "fresh", stance="refutes"))
    after = score_claim(changed, outlets, CFG, comps)
    assert after.probability <= before.probability + EPS
    assert after.score <= before.score
    assert after.dispute >= before.dispute - EPS


@settings(max_examples=300)
@given(cc=claim_with_competitors(), outlets=outlet_maps, data=st.data())
def test_claim_order_independent(cc: Claims, outlets: Outlets, data: st.DataObject) -> None:
    claim, comps = cc
    shuffled = replace(
        claim,
        appearances=data.draw(st.permutations(claim.appearances)),
        verdicts=data.draw(st.permutations(claim.verdicts)),
    )
    shuffled_comps = [
        replace(c, appearances=data.draw(st.permutations(c.appearances)))
        for c in data.draw(st.permutations(comps))
    ]
    shuffled_outlets = dict(data.draw(st.permutations(list(outlets.items()))))
    a = score_claim(claim, outlets, CFG, comps)
    b = score_claim(shuffled, shuffled_outlets, CFG, shuffled_comps)
    assert a == b
    assert a.to_dict() == b.to_dict()


@settings(max_examples=300)
@given(cc=claim_with_competitors(), outlets=outlet_maps)
def test_claim_invariants(cc: Claims, outlets: Outlets) -> None:
    claim, comps = cc
    res = score_claim(claim, outlets, CFG, comps)
    assert 0.0 <= res.probability <= res.support <= 1.0
    assert res.probability == res.support * (1 - res.dispute)
    assert abs(res.score - 100 * res.probability) <= 0.5 + 1e-9
    supporting = [u for u in res.units if u.stance == "supports"]
    assert res.independent_units == sum(1 for u in supporting if u.strength > 0)
    assert len({(u.key, u.stance) for u in res.units}) == len(res.units)
    members = [a for u in res.units for a in u.appearances]
    non_neutral = [a.id for a in claim.appearances if a.stance != "neutral"]
    assert sorted(members) == sorted(non_neutral)
    assert sorted(res.neutral) == sorted(a.id for a in claim.appearances if a.stance == "neutral")
