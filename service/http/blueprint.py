"""The Blueprint every resource uses: flask-smorest's, with an argument parser that takes
UTF-8 JSON of bounded depth only (``service.http.jsonbody``) and refuses text no database
can store.

JSON may carry strings that are not text: a lone UTF-16 surrogate (``"\\ud800"``), which
neither SQLite nor Redis can encode, and NUL (``"\\u0000"``), which PostgreSQL rejects. Let
through, either one is a 500 deep in a write. Refused here, it is a 422 naming the field.
Raw UTF-8 cannot encode either, so only a body holding a ``\\u`` escape for one is walked.
"""

from __future__ import annotations

import re
from typing import Any

import flask
import flask_smorest
import marshmallow as ma
from webargs.core import missing
from webargs.flaskparser import FlaskParser, is_json_request

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


class Parser(FlaskParser):
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


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = Parser()
