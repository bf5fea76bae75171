"""The OpenAPI document and the docs page: Swagger UI, its assets served from the
installed ``swagger-ui-bundle`` package (no CDN, no copy in this repository)."""

from __future__ import annotations

from importlib import resources

import flask
from flask import Response, current_app, json
from flask.views import MethodView
from swagger_ui_bundle import swagger_ui_path

from service.api.spec import finish
from service.http.blueprint import Blueprint

blp = Blueprint("meta", __name__, description="API description")

# Swagger UI's JavaScript and CSS as static files (Flask's static handling: ETags,
# conditional requests). A plain Flask blueprint, so the files are not API operations.
assets = flask.Blueprint(
    "docs_assets", __name__, static_folder=swagger_ui_path, static_url_path="/docs/assets"
)


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
    @blp.response(200, description="Swagger UI over /openapi.json")
    def get(self) -> Response:
        """Interactive API reference: every operation with its examples; "Authorize" takes
        an API key and "Try it out" sends requests with it."""
        page = resources.files("service").joinpath("static/docs.html").read_bytes()
        return Response(page, mimetype="text/html")
