"""Configuration as files: ``config/`` → database (through the same versioned paths as the
admin API) and back, so a newsroom can keep its scoring config and profiles in git."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from service.jobs.effects import Effects
from service.models import Outlet, Profile
from service.records.outlets import clean_aliases, outlet_body, put_outlet
from service.records.profiles import put_profile
from service.records.scoring_config import current_config, current_row, save_config
from service.store.db import transaction
from service.store.settings import config_dir

ACTOR = "config-files"
OUTLET_FIELDS = ("name", "kind", "domains", "aliases", "country", "network", "profile")


def _read(path: Path) -> Any:
    return yaml.safe_load(path.read_text()) if path.is_file() else None


def _config_body(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != "version"}


def apply_config_files(factory: sessionmaker[Session], directory: Path | None) -> tuple[str, Effects]:
    base = directory or config_dir()
    effects = Effects(cause="config files loaded")
    counts = {"config": 0, "profiles": 0, "outlets": 0}
    with transaction(factory) as session:
        scoring = _read(base / "scoring.yaml")
        if scoring is not None:
            from workers.scoring import validate_config_dict

            problems = validate_config_dict({**scoring, "version": 1})
            if problems:
                raise SystemExit(f"{base / 'scoring.yaml'} is invalid: {problems}")
            row = current_row(session)
            if row is None or _config_body(dict(row.body)) != _config_body(scoring):
                save_config(session, scoring, ACTOR, "load-config")
                counts["config"] = 1
                effects.outlets |= set(session.execute(select(Outlet.id)).scalars())
        for path in sorted((base / "profiles").glob("*.yaml")):
            data = _read(path)
            current = session.get(Profile, data["id"])
            wanted = {
                "criteria": data.get("criteria") or {},
                "prior_strength": data.get("prior_strength"),
                "notes": data.get("notes"),
            }
            if (
                current is not None
                and {
                    "criteria": current.criteria,
                    "prior_strength": current.prior_strength,
                    "notes": current.notes,
                }
                == wanted
            ):
                continue
            _, _, eff = put_profile(session, data["id"], wanted, ACTOR, None, cause="load-config")
            effects.merge(eff)
            counts["profiles"] += 1
        outlets = (_read(base / "outlets.yaml") or {}).get("outlets", [])
        for item in outlets:
            existing = session.get(Outlet, item["id"])
            wanted = {k: item.get(k) for k in OUTLET_FIELDS}
            wanted["domains"] = sorted(wanted["domains"] or [])
            wanted["aliases"] = list(clean_aliases(wanted["aliases"] or []).values())
            if existing is not None:
                body = outlet_body(existing)
                if {k: body[k] for k in OUTLET_FIELDS} == wanted:
                    continue
            _, _, eff = put_outlet(session, item["id"], wanted)
            effects.merge(eff)
            counts["outlets"] += 1
    summary = (
        f"loaded from {base}: config {'updated' if counts['config'] else 'unchanged'}, "
        f"{counts['profiles']} profiles and {counts['outlets']} outlets changed"
    )
    return summary, effects


def export_config(factory: sessionmaker[Session], directory: Path) -> str:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "profiles").mkdir(exist_ok=True)
    with factory() as session:
        body = _config_body(current_config(session))
        (directory / "scoring.yaml").write_text(yaml.safe_dump(body, sort_keys=False))
        profiles = session.execute(select(Profile).order_by(Profile.id)).scalars().all()
        for p in profiles:
            doc = {
                "id": p.id,
                "criteria": dict(p.criteria),
                "prior_strength": p.prior_strength,
                "notes": p.notes,
            }
            (directory / "profiles" / f"{p.id}.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
        outlets = session.execute(select(Outlet).order_by(Outlet.id)).scalars().all()
        items = [{"id": o.id} | {k: outlet_body(o)[k] for k in OUTLET_FIELDS} for o in outlets]
        (directory / "outlets.yaml").write_text(yaml.safe_dump({"outlets": items}, sort_keys=False))
    return f"wrote config, {len(profiles)} profiles and {len(outlets)} outlets to {directory}"
