"""JSON responses and the security requirement every keyed operation documents."""

from __future__ import annotations

import json
from typing import Any

from flask import Response

SECURITY: list[dict[str, list[str]]] = [{"bearerAuth": []}]


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    resp = Response(json.dumps(body, default=str), status=status, mimetype="application/json")
    for k, v in (headers or {}).items():
        resp.headers[k] = v
    return resp


def raw_json(data: bytes, status: int = 200) -> Response:
    return Response(data, status=status, mimetype="application/json")
