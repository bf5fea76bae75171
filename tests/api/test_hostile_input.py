"""Hostile input from issue 16's adversarial run: each case answered 500 (or was wrongly
accepted) before its fix, and is now a 4xx problem document that writes nothing and logs
no traceback. Every JSON endpoint and every paginated list is taken from the OpenAPI
document, so a new one is covered without editing this file."""

from __future__ import annotations

import base64
import json
import logging
import re
from typing import Any

import pytest
from sqlalchemy import func, select

from service.models import Article, Claim, Outlet
from tests.support.signing import article, post, signed

JSON = {"content-type": "application/json"}
# A value for each path parameter; whether the row exists does not matter: the body or
# the query is refused first.
PATH_VALUES = {"version": "1"}


def _concrete(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: PATH_VALUES.get(m.group(1), "x"), path)


def _operations(client: Any, want: str) -> list[tuple[str, str]]:
    spec = client.get("/openapi.json").json
    found = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method == "parameters":
                continue
            if want == "body" and "requestBody" in op:
                found.append((method.upper(), path))
            params = op.get("parameters", [])
            if want == "cursor" and any(p["name"] == "cursor" and p["in"] == "query" for p in params):
                found.append((method.upper(), path))
    return sorted(found)


def problem(r: Any, status: int) -> dict[str, Any]:
    assert r.status_code == status, (r.status_code, r.get_data(as_text=True)[:300])
    assert r.content_type == "application/problem+json"
    body: dict[str, Any] = r.json
    return body


def count(app: Any, model: Any) -> int:
    with app.extensions["credence"].sessions() as s:
        return int(s.execute(select(func.count()).select_from(model)).scalar_one())


def no_tracebacks(caplog: Any) -> None:
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info], caplog.text


DEEP = [b"[" * 1000 + b"]" * 1000, b'{"a":' * 1000 + b"1" + b"}" * 1000, b"[" * 100_000]


@pytest.mark.parametrize("body", DEEP, ids=["array", "object", "unclosed"])
def test_deeply_nested_json_is_400_on_every_json_endpoint(
    app: Any, client: Any, keys: Any, caplog: Any, body: bytes
) -> None:
    operations = _operations(client, "body")
    assert ("POST", "/v1/lookup") in operations and ("POST", "/v1/webhooks/ingest") in operations
    for method, path in operations:
        if path == "/v1/webhooks/ingest":
            data, headers = signed(body)
            r = client.post(path, data=data, headers=headers)
        else:
            r = client.open(_concrete(path), method=method, data=body, headers=JSON | keys["admin"])
        assert "nests" in problem(r, 400)["detail"], (method, path, r.status_code)
    no_tracebacks(caplog)
    assert count(app, Claim) == 0 and count(app, Article) == 0 and count(app, Outlet) == 0


def test_nesting_up_to_the_bound_is_json_like_any_other(client: Any, keys: Any) -> None:
    from service.http.jsonbody import MAX_DEPTH, too_deep

    at_bound = b'{"urls": ["http://a.example.com/"], "x": ' + b"[" * (MAX_DEPTH - 1) + b"]" * (MAX_DEPTH - 1)
    # Refused for its unknown field (422), not for its depth: it was parsed.
    r = client.post("/v1/lookup", data=at_bound + b"}", headers=JSON | keys["reader"])
    assert "x" in problem(r, 422)["errors"]
    # Brackets inside strings do not nest.
    assert not too_deep(b'["' + b"[" * 500 + b'", "\\"[[[[["]')
    assert too_deep(b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1))


@pytest.mark.parametrize("raw", [b"k1:\x00", b"k1:a\x00b", b"k1:\x01", b"k1:a b", b"k1:\xc3\xa9", b"k1:"])
def test_a_cursor_decoding_to_something_no_key_is_is_422_on_every_list(
    client: Any, keys: Any, caplog: Any, raw: bytes
) -> None:
    cursor = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    operations = _operations(client, "cursor")
    assert len(operations) >= 8 and ("GET", "/v1/outlets") in operations
    for _, path in operations:
        r = client.get(_concrete(path), query_string={"cursor": cursor}, headers=keys["admin"])
        if r.status_code == 404:  # a list under a parent that does not exist
            continue
        assert "cursor" in problem(r, 422)["errors"], path
    no_tracebacks(caplog)


def test_the_issue_s_cursor_on_its_four_lists(client: Any, keys: Any) -> None:
    for path in ("/v1/outlets", "/v1/claims", "/v1/admin/keys", "/v1/admin/subscriptions"):
        r = client.get(path, query_string={"cursor": "azE6AA"}, headers=keys["admin"])
        assert "cursor" in problem(r, 422)["errors"], path


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
def test_a_body_that_is_not_utf8_is_400(app: Any, client: Any, keys: Any, encoding: str) -> None:
    text = '{"text": "A claim.", "appearances": []}'
    r = client.post("/v1/claims", data=text.encode(encoding), headers=JSON | keys["editor"])
    problem(r, 400)
    data, headers = signed(json.dumps(article(1)).encode(encoding))
    problem(client.post("/v1/webhooks/ingest", data=data, headers=headers), 400)
    assert count(app, Claim) == 0 and count(app, Article) == 0


@pytest.mark.parametrize("stamp", ["+{now}", " {now}", "{now} ", "{now_}", "0{now}x", "-{now}"])
def test_a_webhook_timestamp_that_is_not_decimal_digits_is_401(app: Any, client: Any, stamp: str) -> None:
    data, headers = signed(article(1))
    now = headers["webhook-timestamp"]
    spaced = f"{now[:4]}_{now[4:]}"
    headers["webhook-timestamp"] = stamp.format(now=now, now_=spaced)
    problem(client.post("/v1/webhooks/ingest", data=data, headers=headers), 401)
    assert count(app, Article) == 0
    assert post(client, article(1)).status_code == 202  # the same delivery, stamped plainly
