"""``analyze``: a draft read the way an article is — extracted with this process's model
and resolver — and answered with its sources' reliability and its claims' corroboration.
Nothing is written; the result lives only in the job (``POST /v1/analyze``)."""

from __future__ import annotations

from typing import Any

from service.records.analysis import analysis_body
from workers.context import context
from workers.extraction import extract_article
from workers.reading import reading


def analyze(draft: dict[str, Any]) -> dict[str, Any]:
    ctx = context()
    with ctx.sessions() as session:
        resolver = reading().resolver(session)
        known = reading().known_claims(session)
    extraction = extract_article(
        draft["text"],
        title=draft.get("title"),
        url=draft.get("url"),
        html=draft.get("text_format") == "html",
        known_claims=known,
        resolver=resolver,
    )
    with ctx.sessions() as session:
        return analysis_body(session, extraction, draft.get("outlet") or draft.get("url"))
