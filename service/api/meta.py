"""The OpenAPI document and the docs page (a packaged asset; no CDN)."""

from __future__ import annotations

from importlib import resources

from flask import Response, current_app, json
from flask.views import MethodView

from service.api.spec import finish
from service.http.blueprint import Blueprint

blp = Blueprint("meta", __name__, description="API description")


@blp.route("/openapi.json")
class OpenApi(MethodView):
    @blp.response(200, description="OpenAPI 3 document")
    def get(self) -> Response:
        """This API's OpenAPI 3 document."""
        cached = current_app.extensions.get("credence_spec")
        if cached is None:
            spec = finish(current_app.extensions["credence_api"].spec.to_dict())
            cached = json.dumps(spec).encode()
            current_app.extensions["credence_spec"] = cached
        return Response(cached, mimetype="application/json")


@blp.route("/docs")
class Docs(MethodView):
    @blp.response(200, description="HTML reference rendered from /openapi.json")
    def get(self) -> Response:
        """Human-readable API reference."""
        page = resources.files("service").joinpath("static/docs.html").read_bytes()
        return Response(page, mimetype="text/html")
