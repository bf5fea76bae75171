"""A request example for every operation that takes a body, as /docs shows it and as
"Try it out" pre-fills it. ``service.api.spec.finish`` puts each one into its operation;
``tests/api/test_docs.py`` holds every body operation to having one that its schema
accepts. They use the outlets of ``config/outlets.yaml`` so that they work as sent
against a service that has loaded it (``make run`` does)."""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

_APPEARANCE = {
    "outlet": "reuters",
    "url": "https://www.reuters.com/world/example-story",
    "published_at": "2026-11-20T09:30:00Z",
    "stance": "supports",
    "origin": "associated-press",
    "hedged": False,
}

_VERDICT = {
    "reviewer": "full-fact",
    "rating": "mostly_false",
    "url": "https://fullfact.org/example-check",
    "reviewed_at": "2026-11-21T12:00:00Z",
}

_PROFILE = {
    "criteria": {
        "no_false_content": 1,
        "responsible_gathering": 1,
        "corrects_errors": 1,
        "separates_news_opinion": 0.5,
        "no_deceptive_headlines": 1,
    },
    "prior_strength": 10,
    "notes": "Rated from its published corrections policy.",
}


def _config() -> dict[str, Any]:
    # A PUT replaces the whole config, so its example is the whole default one (the server
    # numbers versions itself). Imported here: the engine pulls in scipy, which the web
    # process need not load before a first request asks for the document.
    from workers.scoring import DEFAULT_CONFIG_DICT

    return {"config": {k: v for k, v in copy.deepcopy(DEFAULT_CONFIG_DICT).items() if k != "version"}}


@cache
def request_examples() -> dict[tuple[str, str], dict[str, Any]]:
    """(method, path as the OpenAPI document writes it) -> the example body."""
    return {
        ("put", "/v1/outlets/{outlet_id}"): {
            "name": "Example News",
            "kind": "news",
            "domains": ["example-news.com"],
            "aliases": ["Example"],
            "country": "GB",
        },
        ("post", "/v1/lookup"): {"urls": ["https://www.reuters.com/world/some-story", "bbc.co.uk"]},
        ("post", "/v1/claims"): {
            "text": "The bridge will reopen to traffic in March.",
            "topics": ["transport"],
            "appearances": [_APPEARANCE],
            "verdicts": [],
        },
        ("post", "/v1/claims/{claim_id}/appearances"): _APPEARANCE,
        ("post", "/v1/claims/{claim_id}/verdicts"): _VERDICT,
        ("post", "/v1/claims/search"): {"text": "bridge reopens in March", "limit": 5},
        ("post", "/v1/claims/{claim_id}/merge"): {"into": "clm_01JD0000000000000000000000"},
        ("post", "/v1/analyze"): {
            "text": "The minister said the bridge will reopen to traffic in March.",
            "text_format": "text",
            "title": "Bridge to reopen",
            "url": "https://www.reuters.com/world/bridge-story",
        },
        ("put", "/v1/admin/profiles/{profile_id}"): _PROFILE,
        ("post", "/v1/admin/profiles/{profile_id}/preview"): _PROFILE,
        ("post", "/v1/admin/profiles/{profile_id}/restore"): {"version": 1},
        ("put", "/v1/admin/config"): _config(),
        ("post", "/v1/admin/config/preview"): _config(),
        ("post", "/v1/admin/config/restore"): {"version": 1},
        ("post", "/v1/admin/keys"): {"name": "cms-plugin", "role": "reader"},
        ("post", "/v1/admin/subscriptions"): {
            "url": "https://newsroom.example.org/hooks/credence",
            "events": ["claim.label_changed"],
        },
        ("post", "/v1/webhooks/ingest"): {
            "type": "article.ingested",
            "article": {
                "url": "https://www.reuters.com/world/bridge-story",
                "outlet": "reuters",
                "title": "Bridge to reopen",
                "published_at": "2026-11-20T09:30:00Z",
                "authors": ["A. Reporter"],
                "text": "The minister said the bridge will reopen to traffic in March.",
                "text_format": "text",
                "claims": [{"text": "The bridge will reopen to traffic in March.", "stance": "supports"}],
            },
        },
    }


def add_request_examples(spec: dict[str, Any]) -> None:
    """Put each example into its operation's JSON request body (where it has one)."""
    for (method, path), example in request_examples().items():
        operation = spec.get("paths", {}).get(path, {}).get(method)
        if not operation or "requestBody" not in operation:
            continue
        for media, content in operation["requestBody"].get("content", {}).items():
            if media.endswith("json"):
                content["example"] = example
