"""Admin: source profiles — list, edit each criterion, preview before saving (the API's
dry run: the outlets' new scores and the claims whose labels would change), diff against
the current version, a clear way forward when someone else saved first, history and
restore. Saving needs a preview first: the editor's only submit is "Preview", and the
preview page carries the Save button.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug import Response

from service.desk import lists
from service.desk.access import needs
from service.desk.profile_form import ProfileForm, changes, rows
from service.http import auth
from service.http.pagination import page
from service.http.reads import check_slug
from service.http.services import services
from service.http.work import dry_run, write
from service.jobs.effects import Effects
from service.models import Claim, Outlet, OutletScore, Profile, ProfileVersion
from service.records.errors import Invalid, StaleVersion
from service.records.preview import preview_profile
from service.records.profiles import (
    criteria_diff,
    get_version,
    history_items,
    outlet_counts,
    put_profile,
    restore_profile,
    validate_criteria,
)
from service.records.queries import profile_query
from service.records.scoring_config import current_config, scoring_config
from service.records.versions import Expected
from service.schemas.common import PageArgs
from service.schemas.profiles import ProfileListArgs

bp = Blueprint("admin_profiles", __name__, url_prefix="/admin")
OUTLETS_SHOWN = 50


@bp.get("")
@needs("admin")
def home() -> Response:
    return redirect(url_for(".index"), 303)


@bp.get("/profiles")
@needs("admin")
def index() -> tuple[str, int]:
    args, errors = lists.filters(ProfileListArgs(), request.args)
    items: list[Any] = []
    nxt = None
    if not errors:
        with services().sessions() as session:
            stmt = profile_query(q=args.get("q"))
            found, nxt = page(session, stmt, Profile.id, args.get("cursor"), args.get("limit"))
            counts = outlet_counts(session, [p.id for p in found])
            items = [(p, counts.get(p.id, 0)) for p in found]
    body = render_template(
        "admin/profiles.html",
        section="admin",
        sub="profiles",
        items=items,
        args=request.args,
        errors=errors,
        next_url=lists.next_url(nxt),
        first_url=lists.first_url(),
    )
    return body, 422 if errors else 200


@bp.get("/profiles/new")
@needs("admin")
def new() -> Response:
    profile_id = request.args.get("id", "").strip().lower()
    check_slug(profile_id)
    return redirect(url_for(".edit", profile_id=profile_id), 303)


def _outlets(session: Session, profile_id: str) -> list[tuple[Outlet, OutletScore | None]]:
    found = session.execute(
        select(Outlet, OutletScore)
        .outerjoin(OutletScore, OutletScore.outlet_id == Outlet.id)
        .where(Outlet.profile_id == profile_id)
        .order_by(Outlet.id)
        .limit(OUTLETS_SHOWN)
    )
    return [(o, s) for o, s in found]


def _editor(session: Session, form: ProfileForm, status: int = 200, **extra: Any) -> tuple[str, int]:
    current = session.get(Profile, form.profile_id)
    weights = current_config(session)["criteria"]
    body = render_template(
        "admin/profile_edit.html",
        section="admin",
        sub="profiles",
        form=form,
        rows=rows(form, weights),
        current=current,
        outlets=_outlets(session, form.profile_id),
        **extra,
    )
    return body, status


@bp.get("/profiles/<profile_id>")
@needs("admin")
def edit(profile_id: str) -> tuple[str, int]:
    check_slug(profile_id)
    source = request.args.get("from_version", "")
    with services().sessions() as session:
        current = session.get(Profile, profile_id)
        base = current.version if current else 0
        if source.isdigit() and current is not None:
            form = ProfileForm.of(profile_id, get_version(session, profile_id, int(source)), base)
            form.restore_of = int(source)
        else:
            form = ProfileForm.of(profile_id, current, base)
        saved = request.args.get("saved", "")
        return _editor(session, form, saved=int(saved) if saved.isdigit() else None)


def _conflict(session: Session, form: ProfileForm) -> dict[str, Any] | None:
    """What someone else saved since this edit began (None if nothing)."""
    current = session.get(Profile, form.profile_id)
    if current is None or current.version == form.base_version:
        return None
    before = session.get(ProfileVersion, (form.profile_id, form.base_version))
    return {
        "version": current.version,
        "by": current.updated_by,
        "at": current.updated_at,
        "diff": criteria_diff(before.criteria if before else {}, current.criteria),
        "base": form.base_version,
    }


@bp.post("/profiles/<profile_id>/preview")
@needs("admin")
def preview(profile_id: str) -> tuple[str, int]:
    check_slug(profile_id)
    form = ProfileForm.posted(profile_id, request.form)
    data = form.data()

    def run(session: Session) -> tuple[str, int]:
        if data is None:
            return _editor(session, form, 422)
        try:
            validate_criteria(session, data["criteria"])
        except Invalid as exc:
            form.errors = {f"c.{k.split('.', 1)[1]}": v for k, v in exc.errors.items()}
            return _editor(session, form, 422)
        conflict = _conflict(session, form)
        if conflict:
            # Told now, before saving; the preview below is against their version.
            form.base_version = conflict["version"]
        result = preview_profile(session, profile_id, data, scoring_config(session))
        claims = result["claims"]
        ids = {m["claim"] for m in claims["label_moves"] + claims["largest_moves"]}
        texts = {r.id: r.text for r in session.execute(select(Claim.id, Claim.text).where(Claim.id.in_(ids)))}
        named = session.execute(select(Outlet.id, Outlet.name).where(Outlet.profile_id == profile_id))
        names = {r.id: r.name for r in named}
        diff = changes(session.get(Profile, profile_id), data)
        return _editor(session, form, preview=result, diff=diff, texts=texts, names=names, conflict=conflict)

    return dry_run(run)


@bp.post("/profiles/<profile_id>/save")
@needs("admin")
def save(profile_id: str) -> Response | tuple[str, int]:
    check_slug(profile_id)
    form = ProfileForm.posted(profile_id, request.form)
    data = form.data()
    if data is None:
        with services().sessions() as session:
            return _editor(session, form, 422)
    actor = auth.current_actor()
    expected = Expected(absent=True) if form.base_version == 0 else Expected(frozenset({form.base_version}))

    def op(session: Session) -> tuple[int, Effects]:
        if form.restore_of:
            old = get_version(session, profile_id, form.restore_of)
            if form.same_as(old, data):
                row, effects = restore_profile(session, profile_id, form.restore_of, actor, expected)
                return row.version, effects
        row, _, effects = put_profile(session, profile_id, data, actor, expected)
        return row.version, effects

    try:
        version, _jobs = write(op)
    except StaleVersion:
        with services().sessions() as session:
            conflict = _conflict(session, form)
            if conflict:
                form.base_version = conflict["version"]
            return _editor(session, form, 409, conflict=conflict, refused=True)
    except Invalid as exc:
        form.errors = exc.errors
        with services().sessions() as session:
            return _editor(session, form, 422)
    return redirect(url_for(".edit", profile_id=profile_id, saved=version), 303)


@bp.get("/profiles/<profile_id>/history")
@needs("admin")
def history(profile_id: str) -> tuple[str, int]:
    check_slug(profile_id)
    args, errors = lists.filters(PageArgs(), {"cursor": request.args.get("cursor", "")})
    with services().sessions() as session:
        current = session.get(Profile, profile_id)
        items: list[dict[str, Any]] = []
        nxt = None
        if current is not None and not errors:
            stmt = select(ProfileVersion).where(ProfileVersion.profile_id == profile_id)
            found, nxt = page(
                session, stmt, ProfileVersion.version, args.get("cursor"), 20, cast=int, newest_first=True
            )
            items = history_items(session, profile_id, found)
    body = render_template(
        "admin/profile_history.html",
        section="admin",
        sub="profiles",
        profile_id=profile_id,
        current=current,
        items=items,
        errors=errors,
        next_url=lists.next_url(nxt),
        first_url=lists.first_url(),
    )
    return body, 404 if current is None else 200
