"""Unknown query parameters are refused (422 naming them) on every /v1 operation, as
unknown body fields are: a misspelt filter must not silently answer everything."""

from __future__ import annotations

import re
from typing import Any

import pytest

PLACEHOLDER = re.compile(r"\{([^}]+)\}")


def _operations(client: Any) -> list[tuple[str, str, dict[str, Any]]]:
    spec = client.get("/openapi.json").get_json()
    out = []
    for path, item in spec["paths"].items():
        if not path.startswith("/v1/"):
            continue
        for method, op in item.items():
            if method in {"get", "post", "put", "delete", "patch"}:
                out.append((method, path, op))
    return out


def test_a_misspelt_filter_is_named(client: Any, keys: dict[str, dict[str, str]]) -> None:
    resp = client.get("/v1/claims?text=al-Tanf", headers=keys["reader"])
    assert resp.status_code == 422
    assert resp.mimetype == "application/problem+json"
    body = resp.get_json()
    assert body["detail"] == "Unknown query parameter: text."
    assert body["errors"] == {"text": ["Unknown field."]}
    # The documented filter still works, and known and unknown together name only the unknown.
    assert client.get("/v1/claims?q=al-Tanf", headers=keys["reader"]).status_code == 200
    both = client.get("/v1/claims?q=x&limit=5&sort=id&zz=1", headers=keys["reader"]).get_json()
    assert both["detail"] == "Unknown query parameters: sort, zz." and set(both["errors"]) == {"sort", "zz"}


def test_operations_without_query_parameters_refuse_any(client: Any, keys: dict[str, dict[str, str]]) -> None:
    resp = client.get("/v1/outlets/reuters?verbose=1", headers=keys["reader"])
    assert resp.status_code == 422 and resp.get_json()["errors"] == {"verbose": ["Unknown field."]}
    resp = client.post("/v1/lookup?debug=1", json={"urls": ["https://example.com/"]}, headers=keys["reader"])
    assert resp.status_code == 422 and "debug" in resp.get_json()["detail"]
    assert client.get("/v1/outlets/reuters", headers=keys["reader"]).status_code == 404


def test_every_v1_operation_refuses_an_unknown_parameter_and_documents_422(
    client: Any, keys: dict[str, dict[str, str]]
) -> None:
    operations = _operations(client)
    assert len(operations) > 30
    for method, path, op in operations:
        assert "422" in op["responses"], f"{method.upper()} {path} does not document its 422"
        url = PLACEHOLDER.sub(lambda m: "1" if m.group(1).endswith("match_id") else "x", path)
        resp = client.open(url + "?zz_unknown=1", method=method.upper(), headers=keys["admin"], json={})
        assert resp.status_code == 422, f"{method.upper()} {path}: {resp.status_code} {resp.get_data()!r}"
        assert resp.get_json()["errors"]["zz_unknown"] == ["Unknown field."], (method, path)


@pytest.mark.parametrize("path", ["/healthz", "/openapi.json"])
def test_outside_v1_nothing_changes(client: Any, path: str) -> None:
    assert client.get(f"{path}?anything=1").status_code == 200
