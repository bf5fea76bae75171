"""Scoring config (admin): read, replace (If-Match), history, restore, preview."""

from __future__ import annotations

from typing import Any

from flask import Response, request
from flask.views import MethodView
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.http import auth
from service.http.blueprint import Blueprint
from service.http.etags import IF_MATCH_PARAMETER, etag, expected
from service.http.pagination import page
from service.http.problems import Problem
from service.http.responses import SECURITY, json_response
from service.http.services import services
from service.http.work import dry_run, write
from service.jobs.effects import Effects
from service.models import ScoringConfigVersion
from service.records.preview import preview_config
from service.records.scoring_config import config_body, current, history_items, put_config, restore_config
from service.records.scoring_config import validate as validate_config
from service.schemas.common import IntPageArgs
from service.schemas.scoring_config import ConfigIn, ConfigOut, ConfigRestoreIn
from workers.scoring import ScoringConfig

CONFIG_TAG = "config-"
blp = Blueprint("config", __name__, url_prefix="/v1/admin/config", description="Scoring config (admin)")


def _saved(body: dict[str, Any], jobs: dict[str, str], status: int = 200) -> Response:
    return json_response(body | {"jobs": jobs}, status, {"ETag": etag(body["version"], CONFIG_TAG)})


@blp.route("")
class ConfigResource(MethodView):
    @auth.require("admin")
    @blp.doc(security=SECURITY)
    @blp.response(200, ConfigOut)
    def get(self) -> Response:
        """The current scoring config (its ETag names the version)."""

        def op(session: Session) -> tuple[dict[str, Any], Effects]:
            return config_body(current(session)), Effects()

        body, _ = write(op)  # an empty database saves the file default as version 1
        return json_response(body, headers={"ETag": etag(body["version"], CONFIG_TAG)})

    @auth.require("admin")
    @blp.doc(security=SECURITY, parameters=[IF_MATCH_PARAMETER])
    @blp.arguments(ConfigIn())
    @blp.response(200, ConfigOut)
    def put(self, data: dict[str, Any]) -> Response:
        """Replace the config (a new version); everything it affects is rescored."""
        actor = auth.current_actor()

        def op(session: Session) -> tuple[dict[str, Any], Effects]:
            row, effects = put_config(
                session, data["config"], actor, expected(request.headers.get("If-Match"), CONFIG_TAG)
            )
            return config_body(row), effects

        body, jobs = write(op)
        return _saved(body, jobs)


@blp.route("/history")
class ConfigHistory(MethodView):
    @auth.require("admin")
    @blp.doc(security=SECURITY)
    @blp.arguments(IntPageArgs(), location="query")
    @blp.response(200, description="Every version, oldest first, with a diff against the previous one")
    def get(self, args: dict[str, Any]) -> Response:
        """Config versions with who, when and what changed."""
        with services().sessions() as session:
            rows, nxt = page(
                session,
                select(ScoringConfigVersion),
                ScoringConfigVersion.version,
                args.get("cursor"),
                args.get("limit"),
                cast=int,
            )
            items = history_items(session, rows)
        return json_response({"items": items, "next_cursor": nxt})


@blp.route("/restore")
class ConfigRestore(MethodView):
    @auth.require("admin")
    @blp.doc(security=SECURITY)
    @blp.arguments(ConfigRestoreIn())
    @blp.response(200, ConfigOut)
    def post(self, data: dict[str, Any]) -> Response:
        """Make an old version current again (saved as a new version)."""
        actor = auth.current_actor()

        def op(session: Session) -> tuple[dict[str, Any], Effects]:
            row, effects = restore_config(session, data["version"], actor)
            return config_body(row), effects

        body, jobs = write(op)
        return _saved(body, jobs)


@blp.route("/preview")
class ConfigPreview(MethodView):
    @auth.require("admin")
    @blp.doc(security=SECURITY)
    @blp.arguments(ConfigIn())
    @blp.response(200, description="Outlet and claim changes the config would cause; nothing saved")
    def post(self, data: dict[str, Any]) -> Response:
        """Dry run of a proposed config with the scoring engine; saves nothing."""
        clean = validate_config(data["config"])

        def run(session: Session) -> dict[str, Any]:
            version = current(session).version + 1
            return preview_config(session, ScoringConfig.from_dict(clean | {"version": version}))

        return json_response(dry_run(run))


__all__ = ["Problem", "blp"]
