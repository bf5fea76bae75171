"""Normaliser unit tests: author lists, numbers, population and weather readings."""

from __future__ import annotations

import pytest

from bench.truth.normalise.authors import canonical_authors, canonical_gold, parse_authors
from bench.truth.normalise.numbers import format_number, parse_number
from bench.truth.normalise.population import normalise_attribute
from bench.truth.normalise.weather import normalise_reading


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Knuth, Donald E.", ["knuth d"]),
        ("Donald Ervin Knuth", ["knuth d"]),
        ("KNUTH, DONALD", ["knuth d"]),
        ("Lescher John F", ["lescher j"]),
        ("Peter van der Linden", ["vanderlinden p"]),
        ("O'Leary, Timothy J.; O'Leary, Linda I.", ["oleary t", "oleary l"]),
        ("Chu, Kevin/ Brower, Eric", ["chu k", "brower e"]),
        ("Chan, PatrickBRLee, Rosanna", ["chan p", "lee r"]),
        ("Scambray, Joel; McClure, Stuart", ["scambray j", "mcclure s"]),  # "BR" inside a name
        ("Aho, Alfred V. (Author) Sethi, Ravi (Author) Ullman, Jeffrey D. (With)",
         ["aho a", "sethi r", "ullman j"]),
        ("David Luebke, Martin Reddy, Jonathan D. Cohen", ["luebke d", "reddy m", "cohen j"]),
        ("Johnsonbaugh, Richard, Schaefer, Marcus", ["johnsonbaugh r", "schaefer m"]),
        ("Steele, Guy L., Jr.", ["steele g"]),
        ("Hegering, Heinz-Gerd (Editor)", ["hegering h"]),
        ("St&#252;tzle, Thomas", ["stutzle t"]),
        ("Not Available", []),
    ],
)
def test_parse_authors(raw: str, expected: list[str]) -> None:
    assert parse_authors(raw) == expected


def test_author_list_matches_gold_regardless_of_style() -> None:
    gold = canonical_gold("hoos, holger h.;   stutzle, thomas;  ")
    assert gold == "hoos; stutzle"
    for raw in ("Hoos, Holger H.; Stützle, Thomas", "Holger H. Hoos, Thomas Stutzle",
                "HOOS, HOLGER / STUTZLE, THOMAS", "Hoos, Holger (Author) Stutzle, Thomas (Author)"):
        assert canonical_authors(raw) == gold, raw


def test_missing_or_extra_author_changes_the_value() -> None:
    gold = canonical_gold("han, jiawei ;  kamber, micheline ;  ")
    assert canonical_authors("Han, Jiawei") != gold
    assert canonical_authors("Han, Jiawei; Kamber, Micheline; Pei, Jian") != gold
    assert canonical_authors("Kamber, Micheline; Han, Jiawei") != gold  # cover order counts


@pytest.mark.parametrize(
    ("raw", "value"),
    [("1,234,567", 1234567.0), ("48.0", 48.0), ("-3", -3.0), ("30.06 in", 30.06),
     ("N/A", None), ("--", None), ("12-Nov", None), ("Dec-11", None), ("", None)],
)
def test_parse_number(raw: str, value: float | None) -> None:
    assert parse_number(raw) == value


def test_format_number() -> None:
    assert format_number(48.0, 0) == "48"
    assert format_number(30.0649, 2) == "30.06"
    assert format_number(10.0, 1) == "10"


def test_weather_units_and_resolution() -> None:
    assert normalise_reading("Pressure", "1017.7") == "30.05"  # hPa -> inHg
    assert normalise_reading("Pressure", "30.06") == "30.06"
    assert normalise_reading("Temperature", "46.0") == "46"
    assert normalise_reading("Temperature", "44.6") == "45"
    assert normalise_reading("Visibility", "10.00") == "10"
    assert normalise_reading("Humidity", "N/AWind:Calm") is None
    assert normalise_reading("RealFeel", "15-May") is None


def test_population_attribute_variants() -> None:
    assert normalise_attribute("Population/2006") == "Population2006"
    assert normalise_attribute("Population2000") == "Population2000"
