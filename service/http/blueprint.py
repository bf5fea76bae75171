"""The Blueprint every resource uses: flask-smorest's, with an argument parser that takes
UTF-8 JSON of bounded depth only (``service.http.jsonbody``) and refuses text no database
can store.

JSON may carry strings that are not text: a lone UTF-16 surrogate (``"\\ud800"``), which
neither SQLite nor Redis can encode, and NUL (``"\\u0000"``), which PostgreSQL rejects. Let
through, either one is a 500 deep in a write. Refused here, it is a 422 naming the field.
Raw UTF-8 cannot encode either, so only a body holding a ``\\u`` escape for one is walked.

Query parameters are held to the document too: a parameter no operation declares is a
422 naming it, as an unknown body field is (``GET /v1/claims?text=…`` would otherwise
answer every claim — the filter is ``q``). Query schemas load with ``unknown=RAISE``, and
every ``/v1`` operation that declares no query parameters gets an empty query schema, so
one rule covers them all and flask-smorest documents the 422 each can now answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import flask
import flask_smorest
import marshmallow as ma
from flask.views import MethodView
from webargs.core import missing
from webargs.flaskparser import FlaskParser, abort, is_json_request

from service.http.jsonbody import BadJson, load_json
from service.http.problems import Problem

_ESCAPES = re.compile(rb"\\u(?:0000|[dD][89a-fA-F])")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
MESSAGE = "Must not contain NUL or unpaired UTF-16 surrogate characters."


def unstorable(value: Any, path: str = "") -> str | None:
    """The path (``a.0.b``) of the first string in ``value`` that cannot be stored."""
    if isinstance(value, str):
        return (path or "_schema") if _UNSTORABLE.search(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if _UNSTORABLE.search(str(key)):
                return where
            found = unstorable(item, where)
            if found:
                return found
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found = unstorable(item, f"{path}.{i}" if path else str(i))
            if found:
                return found
    return None


def check_text(raw: bytes, parsed: Any) -> None:
    """Raise ``ValidationError`` when the JSON ``parsed`` from ``raw`` holds unstorable text."""
    if _ESCAPES.search(raw):
        where = unstorable(parsed)
        if where:
            raise ma.ValidationError({where: [MESSAGE]})


UNKNOWN = "Unknown field."  # marshmallow's message for a field its schema does not declare


def unknown_fields(messages: Any) -> list[str]:
    """The names marshmallow refused as unknown in one location's messages."""
    if not isinstance(messages, Mapping):
        return []
    return sorted(str(k) for k, v in messages.items() if isinstance(v, list) and UNKNOWN in v)


class NoQuery(ma.Schema):
    """The query of an operation that takes no query parameters: any one is unknown."""

    class Meta:
        unknown = ma.RAISE


class Parser(FlaskParser):
    # webargs excludes unknown query parameters by default; the API refuses them.
    DEFAULT_UNKNOWN_BY_LOCATION = FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION | {
        "query": ma.RAISE,
        "querystring": ma.RAISE,
    }

    def handle_error(
        self,
        error: ma.ValidationError,
        req: flask.Request,
        schema: ma.Schema,
        *,
        error_status_code: int | None,
        error_headers: Mapping[str, str] | None,
    ) -> Any:
        messages = error.messages if isinstance(error.messages, dict) else {}
        names = unknown_fields(messages.get("query") or messages.get("querystring"))
        if not names:
            super().handle_error(
                error, req, schema, error_status_code=error_status_code, error_headers=error_headers
            )
        plural = "s" if len(names) > 1 else ""
        abort(
            error_status_code or self.DEFAULT_VALIDATION_STATUS,
            exc=error,
            messages=error.messages,
            message=f"Unknown query parameter{plural}: {', '.join(names)}.",
            headers=error_headers,
        )

    def _raw_load_json(self, req: flask.Request) -> Any:
        if not is_json_request(req):
            return missing
        raw = req.get_data(cache=True)
        if not raw:
            return missing  # as webargs: no body is a missing body, not a malformed one
        try:
            parsed = load_json(raw)
        except BadJson as exc:
            raise Problem(400, str(exc)) from None
        check_text(raw, parsed)
        return parsed


def _takes_query(func: Callable[..., Any]) -> bool:
    params = getattr(func, "_apidoc", {}).get("arguments", {}).get("parameters", [])
    return any(p.get("in") in {"query", "querystring"} for p in params)


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = Parser()

    def add_url_rule(self, rule: str, endpoint: str | None = None, view_func: Any = None, **kw: Any) -> None:
        # Before flask-smorest stores the docs, so the added schema's 422 is documented.
        if view_func is not None and f"{self.url_prefix or ''}{rule}".startswith("/v1/"):
            view_func = self._refuse_any_query(view_func)
        super().add_url_rule(rule, endpoint, view_func, **kw)

    def _refuse_any_query(self, view: Any) -> Any:
        """``view`` with ``NoQuery`` on each operation that declares no query parameters
        (passed as keyword arguments, so the view's signature is unchanged)."""
        refuse = self.arguments(NoQuery(), location="query", as_kwargs=True)
        if not (isinstance(view, type) and issubclass(view, MethodView)):
            return view if _takes_query(view) else refuse(view)
        for method in view.methods or ():
            func = getattr(view, method.lower())
            if not _takes_query(func):
                setattr(view, method.lower(), refuse(func))
        return view
