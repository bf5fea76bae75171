"""Source profiles (admin): versioned, with optimistic concurrency via ETag/If-Match."""

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
from service.http.reads import check_slug
from service.http.responses import SECURITY, json_response
from service.http.services import services
from service.http.work import dry_run, write
from service.jobs.effects import Effects
from service.models import Profile, ProfileVersion
from service.records.preview import preview_profile
from service.records.profiles import (
    history_items,
    outlet_counts,
    profile_body,
    put_profile,
    restore_profile,
    validate_criteria,
)
from service.records.queries import profile_query
from service.records.scoring_config import scoring_config
from service.schemas.common import IntPageArgs, ProblemSchema
from service.schemas.profiles import (
    ProfileIn,
    ProfileListArgs,
    ProfileOut,
    ProfilePage,
    RestoreIn,
    VersionPage,
)

blp = Blueprint("profiles", __name__, url_prefix="/v1/admin/profiles", description="Source profiles (admin)")


def _saved(body: dict[str, Any], jobs: dict[str, str], status: int) -> Response:
    body = body | {"jobs": jobs}
    return json_response(body, status, {"ETag": etag(body["version"])})


@blp.route("")
class ProfileList(MethodView):
    @auth.require("admin")
    @blp.doc(security=SECURITY)
    @blp.arguments(ProfileListArgs(), location="query")
    @blp.response(200, ProfilePage)
    def get(self, args: dict[str, Any]) -> Response:
        """Every profile's current version (``q``: part of its id), with how many outlets
        score from it; cursor-paginated by id."""
        with services().sessions() as session:
            stmt = profile_query(q=args.get("q"))
            rows, nxt = page(session, stmt, Profile.id, args.get("cursor"), args.get("limit"))
            counts = outlet_counts(session, [p.id for p in rows])
            items = [profile_body(p) | {"outlets": counts.get(p.id, 0)} for p in rows]
        return json_response({"items": items, "next_cursor": nxt})


@blp.route("/<string:profile_id>")
class ProfileResource(MethodView):
    @auth.require("admin")
    @blp.doc(security=SECURITY)
    @blp.response(200, ProfileOut)
    def get(self, profile_id: str) -> Response:
        """The current version of a profile (its ETag is the version)."""
        with services().sessions() as session:
            row = session.get(Profile, profile_id)
            if row is None:
                raise Problem(404, f"No profile {profile_id!r}.")
            return json_response(profile_body(row), headers={"ETag": etag(row.version)})

    @auth.require("admin")
    @blp.doc(
        security=SECURITY,
        parameters=[IF_MATCH_PARAMETER],
    )
    @blp.arguments(ProfileIn())
    @blp.response(200, ProfileOut)
    @blp.alt_response(201, schema=ProfileOut, description="Created")
    @blp.alt_response(412, schema=ProblemSchema, description="Stale If-Match (problem document)")
    def put(self, data: dict[str, Any], profile_id: str) -> Response:
        """Create or replace a profile; every change is a new version and rescores its outlets."""
        check_slug(profile_id)
        actor = auth.current_actor()

        def op(session: Session) -> tuple[tuple[dict[str, Any], bool], Effects]:
            row, created, effects = put_profile(
                session, profile_id, data, actor, expected(request.headers.get("If-Match"))
            )
            return (profile_body(row), created), effects

        (body, created), jobs = write(op)
        return _saved(body, jobs, 201 if created else 200)


@blp.route("/<string:profile_id>/history")
class ProfileHistory(MethodView):
    @auth.require("admin")
    @blp.doc(security=SECURITY)
    @blp.arguments(IntPageArgs(), location="query")
    @blp.response(200, VersionPage)
    def get(self, args: dict[str, Any], profile_id: str) -> Response:
        """Every version of the profile, oldest first, with who, when and what changed."""
        with services().sessions() as session:
            if session.get(Profile, profile_id) is None:
                raise Problem(404, f"No profile {profile_id!r}.")
            stmt = select(ProfileVersion).where(ProfileVersion.profile_id == profile_id)
            rows, nxt = page(
                session, stmt, ProfileVersion.version, args.get("cursor"), args.get("limit"), cast=int
            )
            items = history_items(session, profile_id, rows)
        return json_response({"items": items, "next_cursor": nxt})


@blp.route("/<string:profile_id>/restore")
class ProfileRestore(MethodView):
    @auth.require("admin")
    @blp.doc(security=SECURITY)
    @blp.arguments(RestoreIn())
    @blp.response(200, ProfileOut)
    def post(self, data: dict[str, Any], profile_id: str) -> Response:
        """Make an old version current again (saved as a new version)."""
        actor = auth.current_actor()

        def op(session: Session) -> tuple[dict[str, Any], Effects]:
            row, effects = restore_profile(session, profile_id, data["version"], actor)
            return profile_body(row), effects

        body, jobs = write(op)
        return _saved(body, jobs, 200)


@blp.route("/<string:profile_id>/preview")
class ProfilePreview(MethodView):
    @auth.require("admin")
    @blp.doc(security=SECURITY)
    @blp.arguments(ProfileIn())
    @blp.response(200, description="Scores the proposed profile would give; nothing saved")
    def post(self, data: dict[str, Any], profile_id: str) -> Response:
        """Dry run: the outlets' new scores and how many claims would change label."""
        check_slug(profile_id)

        def run(session: Session) -> dict[str, Any]:
            validate_criteria(session, data["criteria"])
            return preview_profile(session, profile_id, data, scoring_config(session))

        return json_response(dry_run(run))
