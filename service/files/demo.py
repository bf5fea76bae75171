"""The canonical example: the seed articles as a pipeline sends them, and the table of what
Credence made of them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from service.models import Claim, ClaimScore
from service.store.settings import REPO_ROOT, config_dir


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


def claim_table(factory: sessionmaker[Session], minimum: int = 2) -> list[dict[str, Any]]:
    """Every live claim seen at least ``minimum`` times, most independent support first."""
    rows = []
    with factory() as session:
        scored = session.execute(
            select(Claim, ClaimScore)
            .join(ClaimScore, ClaimScore.claim_id == Claim.id)
            .where(Claim.merged_into.is_(None))
        ).all()
        for claim, score in scored:
            body = score.body or {}
            if (body.get("appearances") or 0) < minimum:
                continue
            units = [u for u in body.get("units", []) if u["stance"] == "supports"]
            rows.append(
                {
                    "claim": claim.text,
                    "score": body.get("score"),
                    "label": body.get("label", "not scored"),
                    "appearances": body.get("appearances"),
                    "publishers": body.get("publishers"),
                    "units": body.get("independent_units"),
                    "unit_keys": ", ".join(u["key"] for u in units),
                }
            )
    return sorted(rows, key=lambda r: (-(r["units"] or 0), -(r["score"] or 0), r["claim"]))


def render(rows: list[dict[str, Any]]) -> str:
    head = (
        f"{'claim':<60} {'score':>5} {'label':<22} {'appear':>6} {'publ':>4} {'units':>5}  supporting units"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(
            f"{_short(r['claim'], 60):<60} {r['score']!s:>5} {r['label']:<22} {r['appearances']!s:>6} "
            f"{r['publishers']!s:>4} {r['units']!s:>5}  {r['unit_keys']}"
        )
    return "\n".join(lines)


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
