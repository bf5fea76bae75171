"""Articles: the ingest list (status, outlet, time received) and the article page: its
text with the extracted claims highlighted in place (``service.desk.highlight``), each
listed with its source as written, the outlet it resolved to, hedged/stance and the claim
it became — or why nothing was extracted — and the claims the pipeline sent.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request

from service.desk import highlight, lists
from service.desk.access import needs
from service.http.pagination import page
from service.http.services import services
from service.models import ARTICLE_STATUSES, Article
from service.records.articles import article_body
from service.records.outlets import outlet_summaries
from service.records.queries import article_query
from service.schemas.articles import ArticleListArgs
from service.util.timefmt import rfc3339

bp = Blueprint("articles", __name__)


@bp.get("/articles")
@needs("reader")
def index() -> tuple[str, int]:
    args, errors = lists.filters(ArticleListArgs(), request.args)
    items: list[dict[str, Any]] = []
    nxt = None
    if not errors:
        stmt = article_query(**{k: args.get(k) for k in ("status", "outlet", "since", "until")})
        with services().sessions() as session:
            rows, nxt = page(
                session, stmt, Article.id, args.get("cursor"), args.get("limit"), newest_first=True
            )
            names = outlet_summaries(session, [a.outlet_id for a in rows if a.outlet_id])
            items = [
                {
                    "id": a.id,
                    "title": a.title,
                    "url": a.url,
                    "outlet": a.outlet_id or a.outlet_ref,
                    "outlet_name": names.get(a.outlet_id or "", {}).get("name"),
                    "status": a.status,
                    "error": a.error,
                    "claims": len(a.claims or []),
                    "created_at": rfc3339(a.created_at),
                }
                for a in rows
            ]
    body = render_template(
        "articles/index.html",
        section="articles",
        items=items,
        args=request.args,
        errors=errors,
        statuses=ARTICLE_STATUSES,
        next_url=lists.next_url(nxt),
        first_url=lists.first_url(),
    )
    return body, 422 if errors else 200


@bp.get("/articles/<article_id>")
@needs("reader")
def show(article_id: str) -> str:
    with services().sessions() as session:
        article = session.get(Article, article_id)
        if article is None:
            abort(404, f"There is no article {article_id!r}.")
        body = article_body(session, article)
        text = article.text or ""
        refs = [c.get("origin") for c in body["claims"] if isinstance(c.get("origin"), str)]
        for x in body["extracted_claims"]:
            refs += [x["origin"], *x["candidates"]] if x["origin"] else x["candidates"]
        names = outlet_summaries(session, [body["outlet"], *[r for r in refs if isinstance(r, str)]])
    spans = [
        (x["start"], x["end"], n)
        for n, x in enumerate(body["extracted_claims"], 1)
        if isinstance(x["start"], int) and isinstance(x["end"], int)
    ]
    paragraphs = highlight.paragraphs(text, body.get("text_format"), spans)
    return render_template(
        "articles/show.html",
        section="articles",
        article=body,
        text=text,
        paragraphs=paragraphs,
        names={k: v["name"] for k, v in names.items()},
    )
