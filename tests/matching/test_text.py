from __future__ import annotations

from workers.matching.text import clean_text, names, normalize, numbers, split_compound, terms


def test_tweet_trailer_becomes_the_speaker():
    clean, speaker = clean_text(
        "Iran could threaten Trump hotels. — Ilhan Omar (@IlhanMN) January 6, 2020")
    assert clean == "Iran could threaten Trump hotels."
    assert speaker == "Ilhan Omar Ilhan MN"


def test_truncated_trailer_without_handle():
    clean, speaker = clean_text("Vote for him this Tuesday — Alyssa Milan")
    assert (clean, speaker) == ("Vote for him this Tuesday", "Alyssa Milan")


def test_dash_inside_prose_is_kept():
    assert clean_text("The base — he said — trained fighters")[1] == ""
    assert clean_text("They lied — and everyone knew it")[0] == "They lied — and everyone knew it"


def test_urls_are_removed_even_when_glued():
    clean, speaker = clean_text(
        "Ban declared https://t.co/TajLeL4tA4 pic.twitter.com/ygE8EOb300— Sonlight (@JOEROWE409) "
        "February 4, 2017")
    assert clean == "Ban declared"
    assert speaker.startswith("Sonlight")
    assert clean_text("see www.example.com/x?y=1 now")[0] == "see now"


def test_handles_hashtags_and_entities():
    clean, _ = clean_text("RT @someone: @realDonaldTrump says #FakeNews#MAGA &amp; more")
    assert clean == "real Donald Trump says Fake News MAGA & more"
    assert split_compound("COVID19") == "COVID 19"
    assert split_compound("BlackLivesMatter") == "Black Lives Matter"


def test_terms_are_stemmed_stop_filtered_and_numbers_whole():
    expected = ("detaine", "were", "releas", "1000", "them")
    assert terms("The detainees were released, 1,000 of them") == expected
    assert "1000" in terms("1,000 people")
    assert "the" not in terms("the people")
    assert terms("Released RELEASES") == ("releas", "releas")


def test_numbers_and_names():
    assert numbers("Death toll 5,000 not 500 or 3.5") == {"5000", "500", "3.5"}
    found = names("Yesterday Nancy Pelosi met the FBI. Then she left.")
    assert {"nanci", "pelosi", "fbi"} <= found
    assert "yesterday" not in found and "then" not in found


def test_normalize_is_total_on_odd_input():
    for raw in ["", "   ", "—", "@", "#", "😀✊🏿", "\u200f\u200e", "a" * 10000]:
        n = normalize(raw)
        assert isinstance(n.clean, str) and isinstance(n.terms, tuple)
