"""extract_article end to end on small written texts (and on the seeds when present).

These load the spaCy model once per test session (marked `model`); they run in
`make test`. Texts are written for the tests: fictional places, people and outlets.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from typing import Any

import pytest

from workers.extraction import AliasIndex, ArticleExtraction, ExtractedClaim, extract_article, load_model

pytestmark = pytest.mark.model

TABLE = AliasIndex(
    [
        {"id": "courier", "name": "The Daily Courier", "aliases": ["Courier"], "domains": []},
        {
            "id": "water-ministry",
            "name": "Norland Ministry of Water",
            "aliases": ["Ministry of Water", "Petra Lind"],
        },
        {
            "id": "karsk-mfa",
            "name": "Karsk Ministry of Foreign Affairs",
            "aliases": ["Karsk foreign ministry"],
        },
    ]
)


def _claims(text: str, **kw: Any) -> list[ExtractedClaim]:
    return list(extract_article(text, resolver=TABLE, **kw).claims)


def _one(claims: list[ExtractedClaim], needle: str) -> ExtractedClaim:
    found = [c for c in claims if needle in c.quote]
    assert found, f"no claim quoting {needle!r}: {[c.quote for c in claims]}"
    return found[0]


def test_importing_the_package_does_not_import_spacy() -> None:
    code = "import sys, workers.extraction; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_model_is_loaded_once() -> None:
    assert load_model() is load_model()


def test_offsets_are_exact_and_the_shape_serialises() -> None:
    text = (
        "Dam safety row\n\nThe Norland Ministry of Water said on Tuesday that the dam was safe.\u00a0"
        "Engineers warned that cracks in the spillway had widened.\n"
    )
    result = extract_article(text, resolver=TABLE)
    assert isinstance(result, ArticleExtraction) and result.language == "en"
    assert len(result.claims) >= 2
    for c in result.claims:
        assert text[c.start : c.end] == c.quote
    body = result.to_dict()
    json.dumps(body)
    assert set(body) >= {"language", "skipped_reason", "claims", "extractor"}
    assert set(body["claims"][0]) == {
        "text",
        "quote",
        "start",
        "end",
        "source",
        "origin",
        "via",
        "hedged",
        "stance",
        "confidence",
    }


def test_frame_is_stripped_from_the_text() -> None:
    c = _one(
        _claims("The ministry said that US forces trained militants at a desert base.\n"), "ministry said"
    )
    assert c.text == "US forces trained militants at a desert base"
    assert c.source == "The ministry" and c.stance == "supports" and not c.hedged


def test_relay_chain() -> None:
    text = "The Daily Courier reported that the Karsk foreign ministry accused Norland of moving troops.\n"
    c = _one(_claims(text), "reported")
    assert c.source == "the Karsk foreign ministry" and c.origin == "karsk-mfa"
    assert c.via == ("The Daily Courier",) and c.hedged


def test_a_refusal_inside_what_is_said_is_not_a_second_speaker() -> None:
    text = "The Ministry of Water said on Friday that the council had rejected two offers for the dam.\n"
    c = _one(_claims(text), "said on Friday")
    assert c.origin == "water-ministry" and c.stance == "supports" and c.via == ()


def test_speaker_after_the_statement() -> None:
    text = (
        "\u201cThe spillway was repaired in 2019,\u201d Petra Lind said.\n\n"
        "Water samples analysed by the city laboratory showed lead levels ten times the legal limit, the "
        "laboratory's director, Dr. Ida Falk, said.\n"
    )
    claims = _claims(text)
    assert _one(claims, "spillway was repaired").origin == "water-ministry"
    falk = _one(claims, "Ida Falk")
    assert falk.source is not None and "Ida Falk" in falk.source and "Ida Falk" not in falk.text


def test_according_to_and_passives() -> None:
    text = (
        "According to the Daily Courier, the bridge will close in May.\n\n"
        "It was revealed that the contract had been signed in secret.\n\n"
        "The figures were confirmed by the Ministry of Water on Monday.\n"
    )
    claims = _claims(text)
    according = _one(claims, "According to")
    assert according.origin == "courier" and according.text == "the bridge will close in May"
    revealed = _one(claims, "It was revealed")
    assert revealed.source is None and revealed.text == "the contract had been signed in secret"
    agent = _one(claims, "were confirmed by")
    assert agent.origin == "water-ministry"


def test_speaker_continues_into_the_quoted_block() -> None:
    text = (
        "What the mayor said\n\nMayor Ilse Brandt proclaimed that:\n\n"
        "\u201cThe city sold its water utility in 2021. Prices have since risen by a third.\u201d\n\n"
        "The council meets again on Monday.\n"
    )
    claims = _claims(text)
    sold = _one(claims, "sold its water utility")
    prices = _one(claims, "Prices have since risen")
    assert sold.source == prices.source == "Mayor Ilse Brandt"
    assert not [c for c in claims if "council meets" in c.quote]


def test_he_said_resolves_to_the_nearest_named_speaker() -> None:
    text = (
        "Councillor Jan Roos argued that the sale price was too low. "
        "He said the council had never seen an independent valuation.\n"
    )
    c = _one(_claims(text), "He said")
    assert c.source == "Councillor Jan Roos"


def test_hedging() -> None:
    text = (
        "Reportedly, the company is seeking a second contract in the next town.\n\n"
        "The union claimed that the landlord ignored 140 repair requests.\n\n"
        "Inspectors said three flats had no heating.\n"
    )
    claims = _claims(text)
    assert _one(claims, "Reportedly").hedged and _one(claims, "Reportedly").source is None
    assert _one(claims, "union claimed").hedged
    assert not _one(claims, "Inspectors said").hedged


def test_refutation_stance_points_back_to_the_allegation() -> None:
    text = (
        "The Karsk foreign ministry accused Norland of massing troops near the border town of Leda. "
        "Norland's government rejected the allegation on Wednesday.\n"
    )
    claims = _claims(text)
    accused = _one(claims, "accused Norland")
    rejected = _one(claims, "rejected the allegation")
    assert accused.stance == "supports" and accused.hedged
    assert rejected.stance == "refutes" and rejected.text == accused.text
    assert rejected.source == "Norland's government"


def test_publisher_takes_a_side() -> None:
    text = (
        "A viral post claimed that the vaccine contains microchips.\n\n"
        "The claim that the vaccine contains microchips is baseless: no such device exists.\n"
    )
    claims = _claims(text)
    verdict = _one(claims, "is baseless")
    assert verdict.source is None and verdict.origin is None and verdict.stance == "refutes"
    assert verdict.text == "the vaccine contains microchips"


def test_someone_elses_verdict_is_not_the_publishers() -> None:
    text = "The envoy said that the reasons given for the blockade were baseless.\n"
    claims = _claims(text)
    assert all(c.source is not None for c in claims)


def test_html_soup() -> None:
    html = (
        "<html><body><nav>Home</nav><h1>Port stays open</h1><p>The <b>Ministry of Water</b> said "
        "that the port &amp; the dam would stay open.<div>stray </span> text <p>Fishermen say the "
        "repairs were postponed three times.</body>"
    )
    claims = _claims(html, html=True)
    said = _one(claims, "would stay open")
    assert said.origin == "water-ministry"
    assert html[said.start] == "T" and html[said.end - 1] == "."
    assert "&amp;" not in said.quote and "&" in said.quote


def test_non_english_is_skipped_with_a_reason() -> None:
    result = extract_article(
        "Le ministère a déclaré mardi que le barrage était solide et ne présentait aucun risque pour "
        "les villages situés en aval, selon un communiqué publié dans la soirée."
    )
    assert result.claims == () and result.language == "fr" and "English" in (result.skipped_reason or "")


def test_text_of_nothing_but_quotes() -> None:
    result = extract_article("\u201cWe will not negotiate.\u201d\n\n\u201cThe border stays closed.\u201d\n")
    assert result.skipped_reason is None and result.claims == ()


def test_empty_text() -> None:
    result = extract_article("")
    assert result.skipped_reason == "empty text" and result.claims == ()


def test_known_claim_found_in_the_publishers_own_words() -> None:
    text = "Why the bridge matters\n\nThe Harbour Bridge carries about 90,000 vehicles a day.\n"
    claims = _claims(text, known_claims=["The Harbour Bridge carries 90,000 vehicles a day"])
    c = _one(claims, "Harbour Bridge carries")
    assert c.source is None and c.text == "The Harbour Bridge carries 90,000 vehicles a day"
    assert not _claims(text)


@pytest.mark.slow
def test_two_megabytes_is_bounded() -> None:
    para = "The Ministry of Water said that the old dam would stay open until 2030 at least.\n\n"
    text = para * (2_000_000 // len(para) + 1)
    result = extract_article(text, resolver=TABLE, max_chars=40_000)
    assert result.truncated_at is not None and result.truncated_at <= 40_000
    assert result.claims and all(c.end <= result.truncated_at for c in result.claims)


def test_seed_offsets_and_the_canonical_claim(
    seeds: dict[str, str], index: AliasIndex, outlets: list[dict[str, Any]]
) -> None:
    network = {o["id"]: o.get("network") for o in outlets}
    tanf_sources = 0
    for text in seeds.values():
        for c in extract_article(text, resolver=index).claims:
            assert text[c.start : c.end] == c.quote
            mentions = re.search(r"tanf", c.quote, re.I) and re.search(r"train", c.text, re.I)
            if mentions and c.source and "SDF" not in c.text and "Syrian Democratic" not in c.text:
                tanf_sources += 1
                assert c.origin is not None and network[c.origin] == "russian-state", c
    assert tanf_sources >= 3
