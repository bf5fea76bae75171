"""/docs and what it shows: Swagger UI from the installed package (no CDN), a request
example for every operation with a body (one its schema accepts), every query parameter
described, no reST in the prose. The rendered page is checked in Chromium by
tests/desk/browser/test_api_docs.py."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from openapi_schema_validator import OAS30Validator

from service.api.examples import request_examples


@pytest.fixture
def spec(client: Any) -> dict[str, Any]:
    return client.get("/openapi.json").json


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any], list[dict[str, Any]]]]:
    out = []
    for path, item in spec["paths"].items():
        shared = item.get("parameters", [])
        for method, op in item.items():
            if method != "parameters":
                out.append((method, path, op, op.get("parameters", []) + shared))
    return out


def test_every_body_has_an_example_its_schema_accepts(spec: dict[str, Any]) -> None:
    with_body = set()
    for method, path, op, _ in _operations(spec):
        if "requestBody" not in op:
            continue
        with_body.add((method, path))
        content = op["requestBody"]["content"]["application/json"]
        assert "example" in content, f"{method.upper()} {path} has no request example"
        # The schema is checked with the document's components beside it, so its $refs
        # resolve; OAS30Validator knows OpenAPI 3.0's nullable.
        schema = {"components": spec["components"], **content["schema"]}
        errors = [e.message for e in OAS30Validator(schema).iter_errors(content["example"])]
        assert not errors, f"{method.upper()} {path}: {errors}"
    # No example is left over for an operation that no longer exists or takes no body.
    assert set(request_examples()) == with_body


def test_every_query_parameter_is_described(spec: dict[str, Any]) -> None:
    missing = [
        f"{method.upper()} {path} ?{p['name']}"
        for method, path, _, params in _operations(spec)
        for p in params
        if p.get("in") == "query" and not p.get("description")
    ]
    assert not missing


def test_descriptions_are_markdown_not_rest(spec: dict[str, Any]) -> None:
    text = json.dumps(spec)
    assert "``" not in text
    # The docstrings' literals survive as Markdown code, e.g. the ingest signature headers.
    assert re.search(r"`[^`\s][^`]*`", text)


def test_docs_page_loads_swagger_ui_from_this_server(client: Any) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200 and docs.mimetype == "text/html"
    page = docs.get_data(as_text=True)
    assert "cdn" not in page.lower()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert "/docs/assets/swagger-ui-bundle.js" in assets and "/docs/assets/swagger-ui.css" in assets
    for asset in assets:
        # Same-origin paths only, every one served (from the installed package or static/).
        assert asset.startswith("/") and not asset.startswith("//"), asset
        got = client.get(asset)
        assert got.status_code == 200, asset
        got.close()
    js = client.get("/static/docs.js").get_data(as_text=True)
    assert '"/openapi.json"' in js and "persistAuthorization" in js


def test_the_assets_are_the_installed_package_not_a_copy() -> None:
    from pathlib import Path

    from swagger_ui_bundle import swagger_ui_path

    repo = Path(__file__).resolve().parents[2]
    assert not list(repo.glob("service/**/swagger-ui*.js"))
    assert (Path(swagger_ui_path) / "swagger-ui-bundle.js").is_file()
