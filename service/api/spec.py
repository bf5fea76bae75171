"""The OpenAPI document, finished so that it says what the service sends and reads well
in /docs.

flask-smorest documents every error response (its default one, 422 for arguments) as
``application/json``; the service answers every failure with a problem document,
``application/problem+json`` (``service.http.problems``). ``finish`` rewrites them all,
in the components and in each operation, so a client generated from the document
expects the media type it gets. It also gives every body operation its request example
(``service.api.examples``) and turns the docstrings' reST literals into the Markdown that
OpenAPI descriptions are rendered as.
"""

from __future__ import annotations

import re
from typing import Any

from flask_smorest import Api

from service.api.examples import add_request_examples
from service.schemas.claims import OutletRefObject

PROBLEM = "application/problem+json"


def register_components(api: Api) -> None:
    """Schemas that fields refer to by ``$ref`` without nesting them."""
    api.spec.components.schema("OutletRefObject", schema=OutletRefObject)


def _problem_content(response: dict[str, Any]) -> None:
    content = response.get("content")
    if isinstance(content, dict) and "application/json" in content:
        content[PROBLEM] = content.pop("application/json")


def _is_error(status: str) -> bool:
    return status == "default" or status[:1] in {"4", "5"}


# ``literal`` in a docstring (reST) is `literal` in an OpenAPI description (CommonMark).
_REST_LITERAL = re.compile(r"``(.+?)``", re.DOTALL)


def _markdown(node: Any) -> None:
    """Every ``description`` and ``summary`` string under ``node``, reST literals made Markdown.
    Examples and schemas' other keys are left as they are (they are data, not prose)."""
    if isinstance(node, list):
        for item in node:
            _markdown(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in {"description", "summary"} and isinstance(value, str):
                node[key] = _REST_LITERAL.sub(r"`\1`", value)
            elif key not in {"example", "examples"}:
                _markdown(value)


def finish(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` with every error response's JSON content declared as a problem document,
    request examples, and descriptions in Markdown."""
    _markdown(spec)
    add_request_examples(spec)
    for response in spec.get("components", {}).get("responses", {}).values():
        _problem_content(response)
    for item in spec.get("paths", {}).values():
        for method, operation in item.items():
            if method == "parameters" or not isinstance(operation, dict):
                continue
            for status, response in operation.get("responses", {}).items():
                if _is_error(str(status)) and "$ref" not in response:
                    _problem_content(response)
    return spec
