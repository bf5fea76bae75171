"""Source resolution: the alias index over config/outlets.yaml and over small tables."""

from __future__ import annotations

from typing import Any

import pytest

from workers.extraction import AliasIndex, alias_key, fold, guess_kind

TABLE = [
    {"id": "afp", "name": "Agence France-Presse (AFP)", "aliases": ["AFP"], "domains": ["afp.com"]},
    {"id": "afp-fact-check", "name": "AFP Fact Check", "aliases": [], "domains": []},
    {
        "id": "north-mod",
        "name": "Ministry of Defence of Norland",
        "aliases": ["Norland Defence Ministry", "General Ada Berg"],
    },
    {"id": "south-mod", "name": "Ministry of Defence of Sudland", "aliases": ["Sudland Defence Ministry"]},
    {"id": "courier", "name": "The Daily Courier", "aliases": ["Courier"], "domains": ["courier.example"]},
    {"id": "a-blog", "name": "A Blog", "aliases": ["someblog.wordpress.example"], "domains": []},
    {"id": "platform", "name": "Wordpress Example", "aliases": [], "domains": ["wordpress.example"]},
    {
        "id": "kremlin-like",
        "name": "Office of the President of Norland",
        "aliases": ["Norland", "President Lund"],
    },
]


@pytest.fixture(scope="module")
def small() -> AliasIndex:
    return AliasIndex(TABLE)


def test_folding_case_diacritics_articles_possessives() -> None:
    assert fold("Erdoğan’s ÉLYSÉE") == "erdogan  elysee"  # noqa: RUF001
    assert alias_key("The Norland's Defence Ministry") == alias_key("norland defence ministry")
    assert alias_key("the SVR") == alias_key("SVR")


def test_longest_match_wins(small: AliasIndex) -> None:
    assert small.resolve("AFP Fact Check").origin == "afp-fact-check"
    assert small.resolve("according to AFP").origin == "afp"


def test_possessive_modifier_gives_way_to_the_speaker(small: AliasIndex) -> None:
    # "Norland's envoy, General Ada Berg": the envoy speaks, Norland only says whose.
    assert small.resolve("President Lund's envoy for the talks, General Ada Berg").origin == "north-mod"
    assert small.resolve("Norland’s Defence Ministry").origin == "north-mod"  # noqa: RUF001


def test_ambiguous_source_is_never_guessed(small: AliasIndex) -> None:
    r = small.resolve("the Norland Defence Ministry and the Sudland Defence Ministry")
    assert r.origin is None and set(r.candidates) == {"north-mod", "south-mod"}


def test_unmatched_source_gets_a_kind_guess(small: AliasIndex) -> None:
    assert small.resolve("the Ministry of Fisheries").kind_guess == "government"
    assert small.resolve("Colonel Jan Voss").kind_guess == "official"
    assert small.resolve("a spokesperson for the port").kind_guess == "official"
    assert small.resolve("the Harbour Times").kind_guess == "news"
    assert small.resolve("Residents of Holm").kind_guess == "unknown"
    assert guess_kind("") == "unknown"


def test_domains_and_host_level_entries(small: AliasIndex) -> None:
    assert small.resolve("courier.example").origin == "courier"
    assert small.by_domain("www.courier.example") == "courier"
    # A blog on a shared platform: its own host wins over the platform's domain.
    assert small.by_domain("someblog.wordpress.example") == "a-blog"
    assert small.by_domain("other.wordpress.example") == "platform"


def test_empty_source(small: AliasIndex) -> None:
    r = small.resolve(None)
    assert r.origin is None and r.candidates == () and not r.resolved


def test_every_config_outlet_has_aliases_unique_after_folding(outlets: list[dict[str, Any]]) -> None:
    owner: dict[str, str] = {}
    for o in outlets:
        assert o.get("aliases"), f"{o['id']} has no aliases"
        for alias in o["aliases"]:
            key = alias_key(alias)
            assert key, alias
            assert owner.setdefault(key, o["id"]) == o["id"], f"{alias!r}: {owner[key]} and {o['id']}"


def test_config_index_has_no_conflicts(index: AliasIndex) -> None:
    assert index.conflicts == []


@pytest.mark.parametrize(
    "source",
    [
        "Russia’s Foreign Intelligence Service (SVR)",  # noqa: RUF001
        "The foreign intelligence service of Russia (SVR RF)",
        "the SVR",
        "Sergei Naryshkin",
        "Russian intelligence",
        "General Valery Gerasimov",
        "The chief of the Russian General Staff",
        "Gerasimov",
        "The Kremlin",
        "Moscow",
        "the Russian Defence Ministry",
    ],
)
def test_russian_state_organs_resolve_into_their_network(
    index: AliasIndex, outlets: list[dict[str, Any]], source: str
) -> None:
    network = {o["id"]: o.get("network") for o in outlets}
    origin = index.resolve(source).origin
    assert origin is not None and network[origin] == "russian-state", source


def test_shared_host_blog_is_the_configured_outlet(index: AliasIndex) -> None:
    assert index.by_domain("eternispring.wordpress.com") == "omar-sabbour-blog"
    assert index.resolve("eternispring.wordpress.com").origin == "omar-sabbour-blog"


def test_publication_domains_resolve(index: AliasIndex) -> None:
    assert index.resolve("Snopes.com").origin == "snopes"
    assert index.resolve("the Associated Press (AP)").origin == "associated-press"


def test_surname_of_a_person_alias() -> None:
    table = AliasIndex(
        [
            {"id": "club", "name": "Rovers", "aliases": ["Luca Bianchi"]},
            {"id": "a", "name": "A", "aliases": ["Ann Berg"]},
            {"id": "b", "name": "B", "aliases": ["Ole Berg"]},
        ]
    )
    assert table.resolve("Bianchi").origin == "club"
    assert table.resolve("coach Bianchi").origin == "club"
    berg = table.resolve("Berg")  # two outlets' people share it: never guessed
    assert berg.origin is None
