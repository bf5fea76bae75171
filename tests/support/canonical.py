"""The canonical example as hand-written records (``tests/e2e/fixtures/canonical.yaml``:
the seeds' claims with verbatim excerpts): a check of the scoring that does not depend on
reading the articles."""

from __future__ import annotations

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

FIXTURE = Path(__file__).resolve().parents[1] / "e2e" / "fixtures" / "canonical.yaml"
APPEARANCE_FIELDS = ("outlet", "url", "published_at", "stance", "origin", "hedged", "excerpt")


def load_demo(factory: sessionmaker[Session], path: Path | None = None) -> tuple[dict[str, str], Effects]:
    """Load the demo outlets and claims (idempotent); returns claim key → claim id."""
    doc = yaml.safe_load((path or FIXTURE).read_text())
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
    """Each hand-written claim's stored score, by its key in the fixture."""
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
                    "unit_keys": ", ".join(u["key"] for u in units),
                }
            )
    return rows
