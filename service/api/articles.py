"""Ingested articles (read-only): processing status and the claims they carried."""

from __future__ import annotations

from flask import Response
from flask.views import MethodView

from service.http import auth
from service.http.blueprint import Blueprint
from service.http.problems import Problem
from service.http.responses import SECURITY, json_response
from service.http.services import services
from service.models import Article
from service.records.articles import article_body
from service.schemas.articles import ArticleOut

blp = Blueprint("articles", __name__, url_prefix="/v1/articles", description="Ingested articles")


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
