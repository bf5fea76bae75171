"""The five seed articles posted as a pipeline posts them — URL, outlet, title and text,
no hand-written claims — through the signed webhook, processed by a real worker on real
Redis: Credence finds the claims, who said them, and resolves every source to an outlet."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from service.files.demo import seed_articles
from service.models import Appearance, Article, ExtractedClaim, Outlet
from tests.support.signing import post

RUSSIAN_STATE_WORDS = ("russia", "kremlin", "svr", "gerasimov", "putin", "general staff", "moscow")


def _al_tanf_training(quote: str) -> bool:
    """A mention of the canonical claim: militants trained at al-Tanf (the test's reading
    of the seeds, not a rule of the product)."""
    q = quote.lower()
    return "tanf" in q and "train" in q and any(w in q for w in ("isis", "daesh", "militant", "terror"))


@pytest.fixture
def seeds() -> list[dict[str, Any]]:
    found = seed_articles()
    if not found:
        pytest.skip("shared/seeds is not beside the repository")
    return found


def test_seeds_as_text_resolve_every_source(
    app: Any, client: Any, apply_config_files: Any, run_jobs: Any, seeds: list[dict[str, Any]]
) -> None:
    apply_config_files()
    run_jobs()
    svc = app.extensions["credence"]
    with svc.sessions() as session:
        configured = set(session.execute(select(Outlet.id)).scalars())
    for seed in seeds:
        r = post(client, {"type": "article.ingested", "article": seed})
        assert r.status_code == 202, r.json
    run_jobs()
    with svc.sessions() as session:
        articles = {a.url: a for a in session.execute(select(Article)).scalars()}
        assert {a.status for a in articles.values()} == {"processed"}
        assert all(a.language == "en" and a.extractor for a in articles.values())
        # The blog on a shared host is the outlet config/ knows, not a second one.
        blog = articles["https://eternispring.wordpress.com/2017/07/"]
        assert blog.outlet_id == "omar-sabbour-blog"
        extracted = session.execute(select(ExtractedClaim)).scalars().all()
        assert len(extracted) >= 50
        networks = dict(session.execute(select(Outlet.id, Outlet.network)).all())
        # Every mention of the al-Tanf training claim that names its source: the Russian state.
        tanf = [x for x in extracted if _al_tanf_training(x.quote) and x.resolution != "publisher"]
        assert len(tanf) >= 3
        assert all(x.resolution == "resolved" for x in tanf), [(x.source, x.resolution) for x in tanf]
        assert {networks[x.origin_id] for x in tanf if x.origin_id} == {"russian-state"}
        # No Russian state organ became a stray outlet of its own.
        created = session.execute(select(Outlet).where(Outlet.id.not_in(configured))).scalars().all()
        stray = [o.name for o in created if any(w in o.name.lower() for w in RUSSIAN_STATE_WORDS)]
        assert stray == []
        # Extracted claims became appearances, with their provenance and quote.
        apps = session.execute(select(Appearance).where(Appearance.provenance == "extracted")).scalars().all()
        assert len(apps) >= 30 and all(a.excerpt for a in apps)
        linked = {x.claim_id for x in extracted if x.claim_id}
        assert {a.claim_id for a in apps} <= linked


def test_reprocessing_an_article_replaces_its_extraction(
    app: Any, client: Any, apply_config_files: Any, run_jobs: Any, seeds: list[dict[str, Any]]
) -> None:
    apply_config_files()
    seed = next(s for s in seeds if "top-russian-general" in s["url"])
    body = {"type": "article.ingested", "article": seed | {"claims": [
        {"text": "Pipeline claim kept as sent.", "origin": "ru-general-staff", "hedged": True}
    ]}}
    assert post(client, body).status_code == 202
    run_jobs()
    svc = app.extensions["credence"]

    def state() -> tuple[list[tuple[str, str, str | None]], int]:
        with svc.sessions() as session:
            apps = sorted(
                (a.claim_id, a.provenance or "", a.origin_id)
                for a in session.execute(select(Appearance)).scalars()
            )
            return apps, len(session.execute(select(ExtractedClaim)).scalars().all())

    first, n_extracted = state()
    assert n_extracted > 0 and ("pipeline" in {p for _, p, _ in first})
    assert post(client, body).status_code == 202  # the same URL again, a new webhook-id
    run_jobs()
    assert state() == (first, n_extracted)  # never duplicated


def test_the_al_tanf_claim_is_one_claim_with_one_independent_unit(
    app: Any, client: Any, keys: Any, apply_config_files: Any, run_jobs: Any, seeds: list[dict[str, Any]]
) -> None:
    """Three articles, years apart, two publishers, every one attributing the training
    claim to the Russian state: matched across wordings into one claim whose support is
    one independent unit. A paraphrase posted later joins it."""
    apply_config_files()
    for seed in seeds:
        assert post(client, {"type": "article.ingested", "article": seed}).status_code == 202
    run_jobs()
    svc = app.extensions["credence"]
    with svc.sessions() as session:
        mentions = [
            x for x in session.execute(select(ExtractedClaim)).scalars()
            if _al_tanf_training(x.quote) and x.claim_id
        ]  # fmt: skip
        by_claim: dict[str, int] = {}
        for x in mentions:
            by_claim[x.claim_id or ""] = by_claim.get(x.claim_id or "", 0) + 1
    claim_id = max(by_claim, key=lambda c: by_claim[c])
    body = client.get(f"/v1/claims/{claim_id}", headers=keys["reader"]).json
    corroboration = body["corroboration"]
    assert corroboration["appearances"] >= 3 and corroboration["publishers"] >= 2, body
    assert corroboration["independent_units"] == 1
    (unit,) = [u for u in corroboration["units"] if u["stance"] == "supports"]
    assert unit["key"] == "network:russian-state"
    later = {
        "type": "article.ingested",
        "article": {
            "url": "https://another.example.org/tanf",
            "outlet": "another.example.org",
            "text": "Russia's Foreign Intelligence Service said that US troops trained Islamic State "
            "militants at the al-Tanf base in Syria.",
        },
    }
    assert post(client, later).status_code == 202
    run_jobs()
    after = client.get(f"/v1/claims/{claim_id}", headers=keys["reader"]).json["corroboration"]
    assert after["appearances"] == corroboration["appearances"] + 1
    assert after["independent_units"] == 1
