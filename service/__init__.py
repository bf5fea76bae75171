"""Credence, the service: ``create_app`` builds the Flask app (gunicorn runs
``service:create_app()``).

The inside is layered; each folder's ``__init__`` says what lives there and what it may
import, and ``make lint`` enforces it (``[tool.importlinter]`` in ``pyproject.toml``):

- ``cli`` — the ``credence`` command, the composition root; nothing imports it.
- ``api`` — the JSON API, one blueprint per resource.
- ``http`` — what every HTTP resource shares: auth, problem documents, pagination, metrics.
- ``files`` — configuration files, published ratings and demo data, in and out.
- ``records`` — the domain operations on a session; ``schemas`` — the API's edge.
- ``jobs`` — the job contract: every job's path and id, enqueueing, the inbox poster.
- ``models`` — the tables; ``store`` — settings, database, Redis, cache; ``util`` — leaves.
- ``client`` — the Python client newsroom tools import: HTTP only, none of the above.

Importing this package imports nothing else, so a worker that needs only records does not
load the web stack.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    from service.app import build_app

    return build_app(overrides)
