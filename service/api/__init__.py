"""The HTTP API: one Blueprint per resource, all documented in one OpenAPI document."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_smorest import Api as SmorestApi
from werkzeug.exceptions import HTTPException

from service.errors import handle_http_exception
from service.schemas.common import ProblemSchema


class Api(SmorestApi):
    ERROR_SCHEMA = ProblemSchema

    def handle_http_exception(self, error: HTTPException) -> Any:
        return handle_http_exception(error)


def register_api(app: Flask) -> None:
    from service.api import (
        admin_config,
        admin_keys,
        articles,
        audit,
        claims,
        health,
        jobs,
        lookup,
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
    notify = (webhooks, articles, subscriptions)
    for module in modules + notify:
        api.register_blueprint(module.blp)
    app.extensions["credence_api"] = api
