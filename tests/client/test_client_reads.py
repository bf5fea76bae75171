"""Lookups, outlets, claims with appearances and verdicts, and refusals raised as typed
problems — the client against the real service over HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from service.client import (
    Conflict,
    Credence,
    Forbidden,
    NotFound,
    Unauthorized,
    ValidationFailed,
)

GAZETTE = {"name": "Example Gazette", "kind": "news", "domains": ["gazette.example.com"], "country": "GB"}


def test_outlets_and_lookups(clients: dict[str, Credence]) -> None:
    editor, reader = clients["editor"], clients["reader"]
    created = editor.put_outlet("gazette", GAZETTE)
    assert created["id"] == "gazette" and created["domains"] == ["gazette.example.com"]
    editor.put_outlet(
        "other-paper", {"name": "Other Paper", "kind": "news", "domains": ["other.example.org"]}
    )
    assert reader.outlet("gazette")["name"] == "Example Gazette"
    hit = reader.lookup("https://www.gazette.example.com/politics/story")
    assert hit["outlet"] is not None and hit["outlet"]["id"] == "gazette" and hit["label"]
    many = reader.lookup_many(["https://other.example.org/a", "https://unknown.example.net/", "not a url"])
    assert [m["outlet"]["id"] if m["outlet"] else None for m in many] == ["other-paper", None, None]
    assert many[1]["label"] == "unrated" and "error" in many[2]
    # Lists are followed across pages.
    assert [o["id"] for o in reader.outlets(limit=1)] == ["gazette", "other-paper"]
    assert [o["id"] for o in reader.outlets(q="other")] == ["other-paper"]


def test_claims_with_appearances_and_verdicts(clients: dict[str, Credence]) -> None:
    editor, reader = clients["editor"], clients["reader"]
    editor.put_outlet("gazette", GAZETTE)
    claim = editor.create_claim(
        "The bridge on the A1 was closed for a week.",
        appearances=[{"outlet": "gazette", "url": "https://gazette.example.com/bridge"}],
        topics=["transport"],
    )
    claim_id = claim["id"]
    appearance = editor.add_appearance(
        claim_id, {"outlet": "news.example.org", "url": "https://news.example.org/b", "hedged": True}
    )
    assert appearance["url"] == "https://news.example.org/b"
    verdict = editor.add_verdict(
        claim_id,
        {"reviewer": "checker.example.org", "rating": "true", "url": "https://checker.example.org/v"},
    )
    assert verdict["rating"] == "true"
    read = reader.claim(claim_id)
    assert len(read["appearances"]) == 2 and [v["rating"] for v in read["verdicts"]] == ["true"]
    assert read["topics"] == ["transport"]
    assert [c["id"] for c in reader.claims(q="bridge on the A1")] == [claim_id]
    assert list(reader.claims(q="nothing like it")) == []


def test_refusals_are_typed_problems(base: str, clients: dict[str, Credence]) -> None:
    reader, editor = clients["reader"], clients["editor"]
    with pytest.raises(NotFound) as missing:
        reader.outlet("nope")
    assert missing.value.status == 404 and "nope" in missing.value.detail
    with pytest.raises(ValidationFailed) as invalid:
        editor.put_outlet("gazette", {"name": "", "kind": "newspaper"})
    assert set(invalid.value.errors) >= {"name", "kind"}
    # A misspelt filter is refused, naming it, instead of answering everything.
    with pytest.raises(ValidationFailed) as unknown:
        list(reader.claims(text="bridge"))
    assert unknown.value.errors == {"text": ["Unknown field."]}
    assert unknown.value.detail == "Unknown query parameter: text."
    with pytest.raises(Forbidden):
        reader.put_outlet("gazette", GAZETTE)
    with Credence(base, "crd_000000000000_" + "x" * 43) as stranger, pytest.raises(Unauthorized):
        stranger.outlet("gazette")
    editor.put_outlet("gazette", GAZETTE)
    with pytest.raises(Conflict) as taken:  # a domain belongs to one outlet
        editor.put_outlet("copy", GAZETTE | {"name": "Copy"})
    assert taken.value.status == 409 and taken.value.kind


def test_the_problem_document_is_kept_whole(clients: dict[str, Any]) -> None:
    with pytest.raises(NotFound) as missing:
        clients["reader"].claim("no-such-claim")
    doc = missing.value.document
    assert doc["status"] == 404 and doc["type"].startswith("https://") and doc["title"] == "Not Found"
