"""The JSON API: one Blueprint per resource (``outlets``, ``claims``, ``lookup``, …),
all documented in one OpenAPI document. A new endpoint goes in its resource's module, its
schemas in ``service.schemas.<resource>``, its rules in ``service.records``.

May import: ``service.http`` and everything below it. Not ``service.files`` or the CLI.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, request
from flask_smorest import Api as SmorestApi
from werkzeug.exceptions import HTTPException

from service.api.spec import register_components
from service.http.problems import Problem, handle_http_exception
from service.schemas.common import ProblemSchema


class Api(SmorestApi):
    ERROR_SCHEMA = ProblemSchema

    def handle_http_exception(self, error: HTTPException) -> Any:
        return handle_http_exception(error)


def register_api(app: Flask) -> None:
    from service.api import (
        admin_config,
        admin_keys,
        analyze,
        articles,
        audit,
        claims,
        health,
        jobs,
        lookup,
        matching,
        meta,
        outlets,
        profiles,
        scores,
        subscriptions,
        webhooks,
    )

    api = Api(
        app,
        spec_kwargs={
            "info": {"description": "Source reliability and claim corroboration for newsrooms."},
        },
    )
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "description": "crd_… API key"}
    )
    modules = (health, meta, outlets, scores, lookup, claims, jobs, profiles, admin_config, audit, admin_keys)
    notify = (webhooks, articles, analyze, matching, subscriptions)
    for module in modules + notify:
        api.register_blueprint(module.blp)
    register_components(api)
    app.register_blueprint(meta.assets)
    _allow_from_the_matched_rule(app)
    app.extensions["credence_api"] = api
    app.before_request(_no_nul_in_url)


def _allow_from_the_matched_rule(app: Flask) -> None:
    """OPTIONS on an API path answers the methods of the route it matched. Flask's default
    unions every rule the path fits, and ``/v1/claims/search`` also fits
    ``/v1/claims/{claim_id}``, so it advertised GET, which that path does not document."""
    default = app.make_default_options_response

    def options() -> Any:
        rule = request.url_rule
        if rule is None or not rule.rule.startswith("/v1/") or not rule.methods:
            return default()
        response = app.response_class()
        response.allow.update(rule.methods | {"OPTIONS"})
        return response

    app.make_default_options_response = options  # type: ignore[method-assign]


def _no_nul_in_url() -> None:
    # An id or query value with NUL would reach PostgreSQL, which refuses it (a 500). The
    # body's text is checked where its JSON is parsed (service.http.blueprint).
    if "\x00" in request.path or b"%00" in request.query_string:
        raise Problem(400, "The URL must not contain NUL characters.")
