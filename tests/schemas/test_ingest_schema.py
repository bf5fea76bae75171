"""The ingest body's fast path (``load_plain``) against the marshmallow schema it shortcuts.

Wherever the fast path answers, it must answer exactly what ``INGEST_BODY.load`` does; it
must never accept what the schema rejects. Payloads are built from valid values, values
at and around every limit, and wrong types, so most properties meet both sides.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError

from service.models import OUTLET_KINDS, STANCES
from service.schemas.claims import OutletRefObject
from service.schemas.ingest import (
    ARTICLE_FIELDS,
    CLAIM_FIELDS,
    INGEST_BODY,
    ORIGIN_FIELDS,
    IngestArticle,
    IngestClaim,
    load,
    load_plain,
)

WRONG = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 2),
    st.floats(allow_nan=False, allow_infinity=False),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
MISSING = object()  # the key left out


def around(*limits: int) -> st.SearchStrategy[str]:
    """Strings of lengths at and next to the limits, of letters, accents or blanks."""
    sizes = sorted({n for limit in limits for n in (limit - 1, limit, limit + 1)} | {0, 1, 2})
    return st.builds(
        lambda n, ch, edge: (edge + ch * n)[:n],
        st.sampled_from(sizes),
        st.sampled_from(["a", "é", " ", "\u3000", "\n"]),
        st.sampled_from(["", " ", "x"]),
    )


TEXT = st.text(min_size=1, max_size=12).filter(str.strip)
OPTIONAL_TEXT = st.one_of(st.none(), st.text(max_size=12))


def odd_text(*limits: int) -> st.SearchStrategy[Any]:
    return st.one_of(around(*limits), WRONG, st.just(MISSING))


# Per object: field -> (good values, odd values: edges, wrong types, absent, coercible).
ORIGIN = {
    "name": (TEXT, odd_text(300)),
    "kind": (st.sampled_from([*OUTLET_KINDS, None]), st.one_of(st.sampled_from(["bogus", "News"]), WRONG)),
    "network": (st.sampled_from(["ru-state", "a1", None]),
                st.one_of(st.sampled_from(["Bad Slug", "ab\n", "-x", "", "a" * 65]), WRONG)),
}
ORIGINS = st.one_of(st.none(), st.sampled_from(["reuters", "  reuters  ", "a" * 253]))
CLAIM = {
    "text": (TEXT, odd_text(5000)),
    "stance": (st.sampled_from(STANCES), st.one_of(st.sampled_from(["Supports", ""]), WRONG)),
    "origin": (ORIGINS, st.one_of(st.sampled_from(["", "   ", "a" * 254, " " + "a" * 253]), WRONG)),
    "hedged": (st.booleans(), st.one_of(st.sampled_from([0, 1, "true", "no", "on"]), WRONG)),
    "excerpt": (OPTIONAL_TEXT, st.one_of(around(5000), WRONG)),
}
ARTICLE = {
    "url": (
        st.sampled_from(["https://www.reuters.com/world/a-b", "http://bench-news-1.example/x?y=1#z",
                         "http://localhost:8000/p", "HTTPS://EXAMPLE.COM/"]),
        st.one_of(st.sampled_from([
            "https://10.0.0.1/", "ftp://example.com/x", "//example.com/x", "example.com", "https://",
            "https://exa mple.com", "https://example.com/\n",
            "https://example.com/" + "a" * 2028,  # 2,048 characters
            "https://example.com/" + "a" * 2029,
        ]), WRONG, st.just(MISSING)),
    ),
    "outlet": (TEXT, odd_text(253)),
    "title": (OPTIONAL_TEXT, st.one_of(around(2000), WRONG)),
    "published_at": (
        st.sampled_from(["2026-11-01T12:00:00+00:00", "2026-11-01T12:00:00Z",
                         "2026-11-01T12:00:00.123456+05:30", None]),
        st.one_of(st.sampled_from(["2026-11-01T12:00:00", "2026-11-01", "2026-13-01T00:00:00Z",
                                   "0001-01-01T00:00:00+05:00", "yesterday", ""]), WRONG),
    ),
    "authors": (st.lists(TEXT, max_size=3),
                st.one_of(st.lists(around(300), min_size=1, max_size=2), st.just(["a"] * 101), WRONG)),
    "text": (OPTIONAL_TEXT, WRONG),
    "text_format": (st.sampled_from(["text", "html"]),
                    st.one_of(st.sampled_from(["HTML", "markdown", ""]), WRONG)),
    "claims": (st.just([]), st.one_of(st.just([{"text": "x"}] * 501), st.just([1]), WRONG)),
}
REQUIRED = {"name", "text", "url", "outlet"}  # "text" is required in a claim only
TARGETS = [
    None,
    *(f"{scope}.{name}" for scope, spec in (("origin", ORIGIN), ("claim", CLAIM), ("article", ARTICLE))
      for name in [*spec, "unknown"]),
    "body.type", "body.article", "body.unknown", "body",
]


def shape(draw: Any, spec: dict[str, Any], odd: str | None, required: set[str]) -> dict[str, Any]:
    """An object of ``spec`` whose fields are all good but ``odd``; optional ones may be
    absent. ``odd == "unknown"`` adds a field the schema does not declare."""
    out: dict[str, Any] = {}
    for name, (good, bad) in spec.items():
        if name == odd:
            value = draw(bad)
        elif name in required or draw(st.booleans()):
            value = draw(good)
        else:
            value = MISSING
        if value is not MISSING:
            out[name] = value
    if odd == "unknown":
        out["flag"] = True
    return out


@st.composite
def bodies(draw: Any) -> tuple[str | None, Any]:
    """(where the one odd value is, payload): every field good but at most one."""
    target = draw(st.sampled_from(TARGETS))
    scope, _, name = (target or "").partition(".")

    def obj(spec: dict[str, Any], which: str, required: set[str]) -> dict[str, Any]:
        return shape(draw, spec, name if scope == which else None, required)

    article = obj(ARTICLE, "article", {"url", "outlet"})
    if scope in ("claim", "origin") or draw(st.booleans()):
        claims = [obj(CLAIM, "claim", {"text"}) for _ in range(draw(st.integers(1, 3)))]
        if scope == "origin" or draw(st.booleans()):
            claims[0]["origin"] = obj(ORIGIN, "origin", {"name"})
        article["claims"] = claims
    body: dict[str, Any] = {"type": "article.ingested", "article": article}
    if target == "body.type":
        body["type"] = draw(st.sampled_from(["article.deleted", None, 1, MISSING]))
    elif target == "body.article":
        body["article"] = draw(st.one_of(WRONG, st.just(MISSING)))
    elif target == "body.unknown":
        body["trace_id"] = "t-1"  # envelope metadata: excluded, not an error
    body = {k: v for k, v in body.items() if v is not MISSING}
    return target, (draw(WRONG) if target == "body" else body)


def typed(value: Any) -> Any:
    """``value`` with every leaf's type beside it: 1 and True must not compare equal."""
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    return type(value).__name__, value


def schema_load(payload: Any) -> dict[str, Any] | None:
    try:
        return dict(INGEST_BODY.load(copy.deepcopy(payload)))
    except ValidationError:
        return None


@given(bodies())
@settings(max_examples=2000, deadline=None)
def test_the_fast_path_gives_what_the_schema_gives_or_defers(case: tuple[str | None, Any]) -> None:
    target, payload = case
    plain = load_plain(copy.deepcopy(payload))
    expected = schema_load(payload)
    schema_says = "rejects" if expected is None else "accepts"
    event(f"schema {schema_says}, fast path {'defers' if plain is None else 'answers'}")
    if expected is None:
        assert plain is None, f"the fast path accepted what the schema rejects ({target})"
    elif plain is not None:
        assert typed(plain) == typed(expected)
    else:
        # Deferring is always safe, but a delivery with nothing odd must take the fast path.
        assert target is not None, "a plainly valid delivery did not take the fast path"


PLAIN = [
    {"type": "article.ingested", "article": {"url": "https://www.bbc.co.uk/news/1", "outlet": "bbc"}},
    {
        "type": "article.ingested",
        "delivered_by": "pipeline-7",
        "article": {
            "url": "https://www.reuters.com/world/syria-1",
            "outlet": "reuters.com",
            "title": "Convoy crossed the border",
            "published_at": "2026-11-01T12:00:00Z",
            "authors": ["A. Reporter"],
            "text": "Full text.",
            "claims": [
                {"text": "A convoy crossed the border.", "origin": "ru-svr", "hedged": True},
                {"text": "Officials denied it.", "stance": "refutes", "excerpt": "…denied…",
                 "origin": {"name": "Border Office", "kind": "government"}},
                {"text": "Witnesses saw trucks.", "origin": None, "stance": "neutral"},
            ],
        },
    },
]


@pytest.mark.parametrize("payload", PLAIN)
def test_a_plain_delivery_takes_the_fast_path(payload: dict[str, Any]) -> None:
    plain = load_plain(copy.deepcopy(payload))
    assert plain is not None
    assert plain == schema_load(payload)


def test_load_words_errors_as_the_schema_does() -> None:
    bad = {"type": "article.ingested", "article": {"url": "ftp://x.example/", "outlet": " ", "claimz": []}}
    with pytest.raises(ValidationError) as caught:
        load(bad)
    assert set(caught.value.messages["article"]) == {"url", "outlet", "claimz"}  # type: ignore[index, call-overload]


def test_the_fast_path_knows_every_field_the_schema_declares() -> None:
    # A field added to the schema but not to the fast path would be left out of its result.
    assert set(IngestArticle().fields) == ARTICLE_FIELDS
    assert set(IngestClaim().fields) == CLAIM_FIELDS
    assert set(OutletRefObject().fields) == ORIGIN_FIELDS


LIMITS = [
    ("article", "outlet", 253), ("article", "title", 2000), ("claim", "text", 5000),
    ("claim", "excerpt", 5000), ("origin", "name", 300), ("author", "", 300), ("origin-ref", "", 253),
]


@pytest.mark.parametrize(("where", "field", "limit"), LIMITS)
@pytest.mark.parametrize("over", [0, 1])
@pytest.mark.parametrize("char", ["a", "é"])
def test_every_length_limit_is_the_schemas(where: str, field: str, limit: int, over: int, char: str) -> None:
    payload = copy.deepcopy(PLAIN[1])
    article = payload["article"]
    value = char * (limit + over)
    if where == "author":
        article["authors"] = [value]
    elif where == "origin-ref":
        article["claims"][0]["origin"] = value
    else:
        holder = {"article": article, "claim": article["claims"][0], "origin": article["claims"][1]["origin"]}
        holder[where][field] = value
    expected = schema_load(payload)
    assert (expected is None) == bool(over)
    assert typed(load_plain(payload)) == typed(expected)
