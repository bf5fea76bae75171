"""The processing job reads each article's text: odd input gives a clear outcome and never
fails the job; an extraction failure marks the article failed with the reason and keeps
the pipeline's claims; `credence reextract` runs stored articles again, idempotently."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from service.models import Appearance, Article, ExtractedClaim
from tests.support.signing import post

QUOTED = 'The SVR said that US forces trained militants at the al-Tanf base. "We deny it," Kyiv said.'


def _ingest(client: Any, n: int, text: str | None, **extra: Any) -> None:
    body = {
        "type": "article.ingested",
        "article": {"url": f"https://paper.example.org/{n}", "outlet": "paper.example.org", "text": text}
        | extra,
    }
    r = post(client, body)
    assert r.status_code == 202, r.json


def _article(app: Any, n: int) -> Article:
    with app.extensions["credence"].sessions() as session:
        a = session.execute(select(Article).where(Article.url == f"https://paper.example.org/{n}")).scalar_one()
        session.expunge(a)
        return a


@pytest.mark.parametrize(
    ("text", "extra", "reason"),
    [
        ("", {}, "no text"),
        (None, {}, "no text"),
        ("Die Regierung hat am Dienstag erklärt, dass der Bericht falsch ist, und die Vorwürfe "
         "wurden von der Opposition zurückgewiesen.", {}, "not English"),
        ("<div><p>The SVR <b>said<p>that US forces <i>trained militants at al-Tanf</div></span>"
         "<script>var x = '<p>said</p>';</script>", {"text_format": "html"}, None),
        ('"Lies." "More lies." "Nothing but lies!"', {}, None),
    ],
    ids=["empty", "null", "german", "html-soup", "only-quotes"],
)
def test_odd_text_is_processed_with_a_clear_outcome(
    app: Any, client: Any, run_jobs: Any, text: str | None, extra: dict[str, Any], reason: str | None
) -> None:
    _ingest(client, 1, text, **extra)
    run_jobs()
    article = _article(app, 1)
    assert article.status == "processed", article.error
    if reason:
        assert article.skipped_reason and reason in article.skipped_reason
    else:
        assert article.skipped_reason is None and article.language == "en"


def test_a_text_over_the_body_limit_is_refused_at_the_edge(app: Any, client: Any) -> None:
    body = {"type": "article.ingested", "article": {"url": "https://paper.example.org/big",
                                                   "outlet": "paper.example.org", "text": "x" * 2_000_000}}
    r = post(client, body)
    assert r.status_code == 413 and r.headers["Content-Type"] == "application/problem+json"
    with app.extensions["credence"].sessions() as session:
        assert session.execute(select(Article)).first() is None


def test_extraction_failure_marks_failed_and_keeps_the_pipeline_claims(
    app: Any, client: Any, run_jobs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import workers.jobs.articles as job

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("parser fell over")

    monkeypatch.setattr(job, "extract_article", broken)
    _ingest(client, 2, QUOTED, claims=[{"text": "A claim the pipeline sent.", "origin": "ru-svr"}])
    run_jobs()
    article = _article(app, 2)
    assert article.status == "failed"
    assert "extraction failed: RuntimeError: parser fell over" in (article.error or "")
    with app.extensions["credence"].sessions() as session:
        provenances = [a.provenance for a in session.execute(select(Appearance)).scalars()]
    assert provenances == ["pipeline"]


def test_reextract_replaces_the_extraction_idempotently(app: Any, client: Any, run_jobs: Any) -> None:
    from service.cli import main

    _ingest(client, 3, QUOTED, claims=[{"text": "A claim the pipeline sent.", "origin": "ru-svr"}])
    run_jobs()
    svc = app.extensions["credence"]

    def state() -> tuple[list[tuple[str, str | None, str]], list[str]]:
        with svc.sessions() as session:
            rows = session.execute(select(Appearance)).scalars()
            apps = sorted((a.claim_id, a.origin_id, a.provenance or "") for a in rows)
            texts = sorted(x.text for x in session.execute(select(ExtractedClaim)).scalars())
            return apps, texts

    first = state()
    assert {p for _, _, p in first[0]} == {"pipeline", "extracted"} and first[1]
    with svc.sessions() as session:  # as if an older extractor had read it
        session.execute(Article.__table__.update().values(extractor="credence-extract/0.0.1"))
        session.commit()
    result = CliRunner().invoke(main, ["reextract"], catch_exceptions=False)
    assert "1 articles queued for extraction" in result.output
    run_jobs()
    assert state() == first
    assert _article(app, 3).status == "processed"
    assert "0 articles queued" in CliRunner().invoke(main, ["reextract"]).output  # nothing stale
