"""The app factory: settings, clients (kept in ``app.extensions``), the JSON API and the desk."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from service.http import metrics, problems
from service.http.bodylimit import BoundedBody
from service.http.services import Services
from service.store import db, redis_conn
from service.store.settings import load_settings, var_dir
from service.util import logs


def build_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    settings = load_settings(overrides)
    logs.configure(settings.log_level, settings.log_json)
    app = Flask("service")
    app.config.update(
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        JSON_SORT_KEYS=False,
        API_TITLE="Credence",
        API_VERSION="1.0.0",
        OPENAPI_VERSION="3.0.3",
        # The spec and docs are served by our own documented routes (service.api.meta).
        OPENAPI_URL_PREFIX=None,
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]
    engine = db.make_engine(settings.database_url)
    redis_url = redis_conn.resolve_url(settings.redis_url, var_dir())
    app.extensions["credence"] = Services(
        settings=settings,
        engine=engine,
        sessions=db.make_sessionmaker(engine),
        redis=redis_conn.connect(redis_url),
    )
    app.extensions["credence_redis_url"] = redis_url

    from service.api import register_api
    from service.desk import register_desk

    register_api(app)
    problems.register(app)
    register_desk(app)
    metrics.init_app(app)
    app.wsgi_app = BoundedBody(app.wsgi_app, settings.max_body_bytes)  # type: ignore[method-assign]
    return app
