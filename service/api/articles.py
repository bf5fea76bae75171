"""Ingested articles (read-only): processing status and the claims they carried."""

from __future__ import annotations

import marshmallow as ma
from flask import Response
from flask.views import MethodView
from marshmallow import fields

from service import auth
from service.api._blueprint import Blueprint
from service.api._util import SECURITY, json_response
from service.errors import Problem
from service.extensions import services
from service.models import Article
from service.records.articles import article_body

blp = Blueprint("articles", __name__, url_prefix="/v1/articles", description="Ingested articles")


class ArticleClaimOut(ma.Schema):
    text = fields.String()
    stance = fields.String()
    origin = fields.Raw(allow_none=True)
    hedged = fields.Boolean()
    excerpt = fields.String(allow_none=True)
    claim = fields.String(allow_none=True, metadata={"description": "claim id, once processed"})


class ArticleOut(ma.Schema):
    id = fields.String()
    url = fields.String()
    outlet = fields.String(metadata={"description": "outlet id once processed, else the reference sent"})
    title = fields.String(allow_none=True)
    published_at = fields.String(allow_none=True)
    authors = fields.List(fields.String())
    status = fields.String(metadata={"description": "pending | processed | failed"})
    error = fields.String(allow_none=True, metadata={"description": "why the last attempt failed"})
    attempts = fields.Integer()
    claims = fields.List(fields.Nested(ArticleClaimOut))
    created_at = fields.String()
    updated_at = fields.String()
    processed_at = fields.String(allow_none=True)


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
