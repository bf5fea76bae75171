"""The canonical example: the seeds' claims as records, scored, shown as a table."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from service.jobs.effects import Effects
from service.models import Claim, ClaimScore, Outlet
from service.records.claims import create_claim, normalise_text
from service.records.outlets import put_outlet
from service.store.db import transaction
from service.store.settings import REPO_ROOT, config_dir

APPEARANCE_FIELDS = ("outlet", "url", "published_at", "stance", "origin", "hedged", "excerpt")


def demo_file() -> Path:
    return config_dir() / "demo" / "canonical.yaml"


def seeds_dir() -> Path | None:
    """Where the seed articles are: ``CREDENCE_SEEDS_DIR``, else ``shared/seeds`` beside
    the checkout (they are read, never copied into the repository)."""
    env = os.environ.get("CREDENCE_SEEDS_DIR")
    candidates = [Path(env)] if env else []
    candidates += [REPO_ROOT.parent / "shared" / "seeds", Path("/work/shared/seeds")]
    return next((d for d in candidates if d.is_dir()), None)


def seed_articles(directory: Path | None = None) -> list[dict[str, Any]]:
    """Each seed as a pipeline sends it (``config/demo/seeds.yaml`` beside its text);
    empty when the seeds are not found."""
    where = directory or seeds_dir()
    if where is None:
        return []
    manifest = yaml.safe_load((config_dir() / "demo" / "seeds.yaml").read_text())["seeds"]
    return [
        {k: v for k, v in item.items() if k != "file"} | {"text": (where / item["file"]).read_text("utf-8")}
        for item in manifest
        if (where / item["file"]).is_file()
    ]


def load_demo(factory: sessionmaker[Session], path: Path | None = None) -> tuple[dict[str, str], Effects]:
    """Load the demo outlets and claims (idempotent); returns claim key → claim id."""
    doc = yaml.safe_load((path or demo_file()).read_text())
    effects = Effects(cause="demo loaded")
    ids: dict[str, str] = {}
    with transaction(factory) as session:
        for item in doc.get("outlets") or []:
            if session.get(Outlet, item["id"]) is None:
                fields = {
                    k: item.get(k) for k in ("name", "kind", "domains", "country", "network", "profile")
                }
                effects.merge(put_outlet(session, item["id"], fields)[2])
        for item in doc["claims"]:
            digest = normalise_text(item["text"])
            existing = session.execute(select(Claim).where(Claim.normalized_text == digest)).scalars().first()
            if existing is not None:
                ids[item["key"]] = existing.id
                continue
            data: dict[str, Any] = {
                "text": item["text"],
                "question": item.get("question"),
                "topics": item.get("topics") or [],
                "appearances": [
                    {k: _time(k, a.get(k)) for k in APPEARANCE_FIELDS} for a in item.get("appearances") or []
                ],
                "verdicts": [
                    {k: _time(k, v.get(k)) for k in ("reviewer", "rating", "url", "reviewed_at")}
                    for v in item.get("verdicts") or []
                ],
            }
            claim, eff = create_claim(session, data)
            effects.merge(eff)
            ids[item["key"]] = claim.id
    return ids, effects


def _time(key: str, value: Any) -> Any:
    from datetime import datetime

    if key in ("published_at", "reviewed_at") and isinstance(value, str):
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value


def table(factory: sessionmaker[Session], ids: dict[str, str]) -> list[dict[str, Any]]:
    rows = []
    with factory() as session:
        for key, cid in ids.items():
            score = session.get(ClaimScore, cid)
            body = score.body if score else {}
            units = [u for u in body.get("units", []) if u["stance"] == "supports"]
            rows.append(
                {
                    "claim": key,
                    "score": body.get("score"),
                    "label": body.get("label", "not scored"),
                    "appearances": body.get("appearances"),
                    "publishers": body.get("publishers"),
                    "units": body.get("independent_units"),
                    "support": body.get("support"),
                    "dispute": body.get("dispute"),
                    "unit_keys": ", ".join(u["key"] for u in units),
                }
            )
    return rows


def render(rows: list[dict[str, Any]]) -> str:
    head = (
        f"{'claim':<42} {'score':>5} {'label':<24} {'appear':>6} {'publ':>4} {'units':>5}  supporting units"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(
            f"{r['claim']:<42} {r['score']!s:>5} {r['label']:<24} {r['appearances']!s:>6} "
            f"{r['publishers']!s:>4} {r['units']!s:>5}  {r['unit_keys']}"
        )
    return "\n".join(lines)
