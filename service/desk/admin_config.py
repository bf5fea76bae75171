"""Admin: the scoring config — edit every number, preview before saving (the API's dry
run: outlet and claim changes), diff against the current version, a clear way forward
when someone else saved first, history and restore. Like profiles, Save is offered only
on the preview."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug import Response

from service.desk import lists
from service.desk.access import needs
from service.desk.config_form import ConfigForm
from service.http import auth
from service.http.pagination import page
from service.http.services import services
from service.http.work import dry_run, write
from service.jobs.effects import Effects
from service.models import ScoringConfigVersion
from service.records.errors import Invalid, StaleVersion
from service.records.preview import preview_config
from service.records.scoring_config import (
    config_diff,
    current,
    history_items,
    put_config,
    restore_config,
    validate,
    version_row,
)
from service.records.versions import Expected
from service.schemas.common import PageArgs
from workers.scoring import ScoringConfig

bp = Blueprint("admin_config", __name__, url_prefix="/admin/config")


def _editor(session: Session, form: ConfigForm, status: int = 200, **extra: Any) -> tuple[str, int]:
    body = render_template(
        "admin/config_edit.html", section="admin", sub="config", form=form, current=current(session), **extra
    )
    return body, status


@bp.get("")
@needs("admin")
def edit() -> tuple[str, int]:
    source = request.args.get("from_version", "")
    saved = request.args.get("saved", "")
    with services().sessions() as session:
        row = current(session)
        if source.isdigit():
            form = ConfigForm.of(version_row(session, int(source)).body, row.version)
            form.restore_of = int(source)
        else:
            form = ConfigForm.of(row.body, row.version)
        return _editor(session, form, saved=int(saved) if saved.isdigit() else None)


def _conflict(session: Session, form: ConfigForm) -> dict[str, Any] | None:
    row = current(session)
    if row.version == form.base_version:
        return None
    before = session.get(ScoringConfigVersion, form.base_version)
    return {
        "version": row.version,
        "by": row.updated_by,
        "at": row.updated_at,
        "diff": config_diff(dict(before.body) if before else {}, dict(row.body)),
        "base": form.base_version,
    }


@bp.post("/preview")
@needs("admin")
def preview() -> tuple[str, int]:
    form = ConfigForm.posted(request.form)

    def run(session: Session) -> tuple[str, int]:
        row = current(session)
        try:
            clean = validate(form.body(row.body))
        except Invalid as exc:
            form.errors = exc.errors
            return _editor(session, form, 422)
        conflict = _conflict(session, form)
        if conflict:
            form.base_version = conflict["version"]
        result = preview_config(session, ScoringConfig.from_dict(clean | {"version": row.version + 1}))
        diff = config_diff(dict(row.body), clean)
        return _editor(session, form, preview=result, diff=diff, conflict=conflict)

    return dry_run(run)


@bp.post("/save")
@needs("admin")
def save() -> Response | tuple[str, int]:
    form = ConfigForm.posted(request.form)
    actor = auth.current_actor()

    def op(session: Session) -> tuple[int, Effects]:
        expected = Expected(frozenset({form.base_version}))
        body = form.body(current(session).body)
        if form.restore_of and validate(body) == validate(version_row(session, form.restore_of).body):
            row, effects = restore_config(session, form.restore_of, actor, expected)
        else:
            row, effects = put_config(session, body, actor, expected)
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
    return redirect(url_for(".edit", saved=version), 303)


@bp.get("/history")
@needs("admin")
def history() -> tuple[str, int]:
    args, errors = lists.filters(PageArgs(), {"cursor": request.args.get("cursor", "")})
    items: list[dict[str, Any]] = []
    nxt = None
    with services().sessions() as session:
        row = current(session)
        if not errors:
            stmt = select(ScoringConfigVersion)
            found, nxt = page(
                session,
                stmt,
                ScoringConfigVersion.version,
                args.get("cursor"),
                20,
                cast=int,
                newest_first=True,
            )
            items = history_items(session, found)
    body = render_template(
        "admin/config_history.html",
        section="admin",
        sub="config",
        current=row,
        items=items,
        errors=errors,
        next_url=lists.next_url(nxt),
        first_url=lists.first_url(),
    )
    return body, 422 if errors else 200
