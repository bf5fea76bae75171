"""The OpenAPI document says what the service does (issue 16, finding 8): errors are
documented as the problem documents they are, cursors with their real pattern, and a
body the document calls valid is one the service takes — or the document calls it
invalid. Bodies are checked against the served document itself (``OAS30Validator``)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from openapi_schema_validator import OAS30Validator

PROBLEM = "application/problem+json"


def _spec(client: Any) -> dict[str, Any]:
    spec: dict[str, Any] = client.get("/openapi.json").json
    return spec


def _body_schema(spec: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    schema = spec["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
    # Resolve against the whole document: $refs point into its components.
    return {**schema, "components": spec["components"]}


def valid(spec: dict[str, Any], method: str, path: str, body: Any) -> bool:
    return bool(OAS30Validator(_body_schema(spec, method, path)).is_valid(body))


def test_every_error_response_is_documented_as_a_problem_document(client: Any) -> None:
    spec = _spec(client)
    seen = 0
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method == "parameters":
                continue
            for status, response in op.get("responses", {}).items():
                if not (status == "default" or status[0] in "45"):
                    continue
                if "$ref" in response:
                    response = spec["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
                content = response.get("content", {})
                assert "application/json" not in content, (method, path, status)
                if content:
                    assert list(content) == [PROBLEM], (method, path, status)
                    seen += 1
    assert seen > 40


def test_cursors_are_documented_with_the_pattern_the_lists_take(client: Any, keys: Any) -> None:
    spec = _spec(client)
    patterns = {}
    for path, item in spec["paths"].items():
        for param in item.get("get", {}).get("parameters", []):
            if param["name"] == "cursor":
                patterns[path] = param["schema"]["pattern"]
    assert len(patterns) >= 8 and all(p.startswith("^k1") for p in patterns.values())
    for path, pattern in patterns.items():
        cursor = "k1.12345" if "0-9]{1" in pattern else "k1.zzz"
        assert re.search(pattern, cursor)
        url = path.replace("{outlet_id}", "x").replace("{profile_id}", "x").replace("{sub_id}", "x")
        r = client.get(url, query_string={"cursor": cursor}, headers=keys["admin"])
        assert r.status_code in (200, 404), (path, r.status_code, r.json)  # 404: no such parent
        assert client.get(url, query_string={"cursor": "azE6AA"}, headers=keys["admin"]).status_code in (
            404,
            422,
        )


def test_the_config_document_requires_what_the_service_requires(client: Any, keys: Any) -> None:
    spec = _spec(client)
    admin = keys["admin"]
    current = client.get("/v1/admin/config", headers=admin).json["config"]
    for body, accepted in (
        ({"config": {}}, False),
        ({"config": {k: v for k, v in current.items() if k != "hedge_factor"}}, False),
        ({"config": current | {"hedge_factor": 2}}, False),
        ({"config": current | {"criteria": {"a": 0, "b": 0}}}, False),
        ({"config": current | {"surprise": 1}}, False),
        ({"config": current}, True),
        ({"config": current | {"learned_weight": 0}}, True),
    ):
        assert valid(spec, "put", "/v1/admin/config", body) is accepted, body
        r = client.post("/v1/admin/config/preview", json=body, headers=admin)
        assert (r.status_code == 200) is accepted, (body, r.status_code, r.json)


@pytest.mark.parametrize(
    "appearance, accepted",
    [
        ({"outlet": None, "url": "https://a.example.com/x"}, False),
        ({"outlet": "  ", "url": "https://a.example.com/x"}, False),
        ({"outlet": {"kind": "news"}, "url": "https://a.example.com/x"}, False),
        ({"outlet": "a.example.com", "url": "https://a.example.com/x", "hedged": 1}, False),
        ({"outlet": "a.example.com", "url": "https://a.example.com/x\n"}, False),
        ({"outlet": "a.example.com", "url": "http://"}, False),
        ({"outlet": "a.example.com", "url": "https://a.example.com/x", "hedged": True}, True),
        ({"outlet": {"name": "Some Blog", "kind": "blog"}, "url": "http://[2001:db8::1]:8080/p"}, True),
    ],
)
def test_appearances_the_document_allows_are_the_ones_taken(
    client: Any, keys: Any, appearance: dict[str, Any], accepted: bool
) -> None:
    spec = _spec(client)
    body = {"text": "A claim.", "appearances": [appearance]}
    assert valid(spec, "post", "/v1/claims", body) is accepted
    r = client.post("/v1/claims", json=body, headers=keys["editor"])
    assert (r.status_code == 201) is accepted, (r.status_code, r.json)


def test_options_allows_what_the_matched_path_documents(client: Any) -> None:
    # /v1/claims/search also fits /v1/claims/{claim_id}; its Allow is its own route's only.
    spec = _spec(client)
    for path in ("/v1/claims/search", "/v1/outlets", "/v1/claims/c_1"):
        template = path if path in spec["paths"] else "/v1/claims/{claim_id}"
        documented = {m.upper() for m in spec["paths"][template]} - {"PARAMETERS"}
        allowed = set(client.open(path, method="OPTIONS").headers["Allow"].split(", "))
        assert allowed - {"OPTIONS", "HEAD"} == documented, path
