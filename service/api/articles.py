"""Ingested articles (read-only): the list, and each article's processing status and
the claims it carried."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from service.http import auth
from service.http.blueprint import Blueprint
from service.http.pagination import page
from service.http.problems import Problem
from service.http.responses import SECURITY, json_response
from service.http.services import services
from service.models import Article
from service.records.articles import article_body
from service.records.queries import article_query
from service.schemas.articles import ArticleListArgs, ArticleOut, ArticlePage

blp = Blueprint("articles", __name__, url_prefix="/v1/articles", description="Ingested articles")


@blp.route("")
class ArticleList(MethodView):
    @auth.require("reader")
    @blp.doc(security=SECURITY)
    @blp.arguments(ArticleListArgs(), location="query")
    @blp.response(200, ArticlePage)
    def get(self, args: dict[str, Any]) -> Response:
        """Ingested articles, oldest first, filtered by outlet, status or arrival time (since, until)."""
        stmt = article_query(**{k: args.get(k) for k in ("status", "outlet", "since", "until")})
        with services().sessions() as session:
            rows, nxt = page(session, stmt, Article.id, args.get("cursor"), args.get("limit"))
            items = [article_body(session, a) for a in rows]
        return json_response({"items": items, "next_cursor": nxt})


@blp.route("/<string:article_id>")
class ArticleResource(MethodView):
    @auth.require("reader")
    @blp.doc(security=SECURITY)
    @blp.response(200, ArticleOut)
    def get(self, article_id: str) -> Response:
        """An ingested article: processing status, attempts and its claims."""
        with services().sessions() as session:
            article = session.get(Article, article_id)
            if article is None:
                raise Problem(404, f"No article {article_id!r}.")
            return json_response(article_body(session, article))
