"""What the desk shows beyond claims and outlets, bulk-inserted for ``bench.desk_bench``:
ingested articles, outlet score history, profile versions, audit entries, keys,
subscriptions and their delivery log. Sizes are a busy newsroom's months, not a toy's."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert, select, update

from service.models import (
    ApiKey,
    Article,
    AuditEntry,
    Claim,
    NotificationDelivery,
    Outlet,
    OutletScore,
    OutletScoreHistory,
    Profile,
    ProfileVersion,
    Subscription,
)
from service.records.keys import hash_secret

PARAGRAPH = (
    "Officials said on Tuesday that the figures would be reviewed again next month, while "
    "opposition members disputed the account and asked for the underlying data to be published. "
)


def extras(
    engine: Engine,
    *,
    articles: int = 20_000,
    history_outlets: int = 2_000,
    audit: int = 5_000,
    deliveries: int = 10_000,
    seed: int = 2,
) -> dict[str, int]:
    rng = random.Random(seed)
    now = datetime.now(UTC)
    with engine.connect() as conn:
        outlets = list(conn.execute(select(Outlet.id).order_by(Outlet.id)).scalars())
        claims = list(conn.execute(select(Claim.text).limit(5_000)).scalars())
        profiles = list(conn.execute(select(Profile.id).order_by(Profile.id).limit(200)).scalars())
        scores = {
            r.outlet_id: r.score for r in conn.execute(select(OutletScore.outlet_id, OutletScore.score))
        }

    article_rows = []
    for n in range(articles):
        status = rng.choices(("processed", "pending", "failed"), (90, 5, 5))[0]
        outlet = rng.choice(outlets)
        at = now - timedelta(minutes=articles - n)
        article_rows.append(
            {
                "id": f"art_{int(at.timestamp() * 1000):012x}{rng.getrandbits(40):010x}",
                "url": f"https://{outlet}.example/story/{n}",
                "outlet_ref": outlet,
                "outlet_id": outlet if status == "processed" else None,
                "title": f"Story {n}: what was said about the figures",
                "published_at": at,
                "authors": ["A. Writer"],
                "text": "\n\n".join([PARAGRAPH * 4] * 5),
                "claims": [
                    {"text": rng.choice(claims), "stance": "supports"} for _ in range(rng.randint(0, 3))
                ],
                "status": status,
                "error": "source unreachable" if status == "failed" else None,
                "attempts": 1,
                "created_at": at,
                "updated_at": at,
                "processed_at": at if status == "processed" else None,
            }
        )

    history_rows: list[dict[str, Any]] = []
    for outlet in rng.sample(outlets, min(history_outlets, len(outlets))):
        score = scores.get(outlet, 50)
        for k in range(10):
            old, score = score, max(0, min(100, score + rng.randint(-6, 6)))
            history_rows.append(
                {
                    "outlet_id": outlet,
                    "at": now - timedelta(days=10 - k),
                    "cause": "verdict added",
                    "old_score": old,
                    "new_score": score,
                    "old_label": "mixed",
                    "new_label": "mixed",
                    "reliability": score / 100,
                    "profile_version": None,
                    "config_version": 1,
                }
            )

    version_rows = []
    for profile in profiles:
        for version in range(2, 6):
            version_rows.append(
                {
                    "profile_id": profile,
                    "version": version,
                    "criteria": {"no_false_content": rng.choice((0, 0.5, 1)), "corrects_errors": 1},
                    "prior_strength": None,
                    "notes": "bench",
                    "updated_by": "bench",
                    "updated_at": now - timedelta(days=6 - version),
                    "cause": "update",
                }
            )

    actors = ["standards-desk", "alice", "bob", "config-files", "importer"]
    audit_rows = [
        {
            "at": now - timedelta(minutes=audit - n),
            "actor": rng.choice(actors),
            "action": "update",
            "entity_type": "profile",
            "entity_id": rng.choice(profiles) if profiles else "p",
            "old": {"criteria": {"no_false_content": 0.5}, "version": 1},
            "new": {"criteria": {"no_false_content": 1}, "version": 2},
        }
        for n in range(audit)
    ]
    keys = [
        {
            "id": f"{n:012x}",
            "name": f"tool-{n}",
            "role": rng.choice(("reader", "editor")),
            "key_hash": hash_secret(f"bench-{n}"),
            "created_at": now,
        }
        for n in range(50)
    ]
    subs = [
        {
            "id": f"sub_bench{n}",
            "url": f"https://hooks{n}.example/credence",
            "events": ["claim.score_changed"],
            "secret": "whsec_bench",
            "created_at": now,
            "created_by": "bench",
            "failures": 0,
        }
        for n in range(5)
    ]
    delivery_rows = [
        {
            "subscription_id": f"sub_bench{n % 5}",
            "event_type": "claim.score_changed",
            "event_id": f"evt_{n:08x}",
            "payload": {"claim": "c"},
            "attempt": 1,
            "status_code": 200,
            "error": None,
            "at": now - timedelta(seconds=deliveries - n),
            "duration_ms": 12.5,
        }
        for n in range(deliveries)
    ]
    with engine.begin() as conn:
        for start in range(0, len(article_rows), 2_000):
            conn.execute(insert(Article), article_rows[start : start + 2_000])
        conn.execute(insert(OutletScoreHistory), history_rows)
        if version_rows:
            conn.execute(insert(ProfileVersion), version_rows)
            conn.execute(update(Profile).where(Profile.id.in_(profiles)).values(version=5))
        conn.execute(insert(AuditEntry), audit_rows)
        conn.execute(insert(ApiKey), keys)
        conn.execute(insert(Subscription), subs)
        conn.execute(insert(NotificationDelivery), delivery_rows)
    return {
        "articles": len(article_rows),
        "outlet_history": len(history_rows),
        "profile_versions": len(version_rows),
        "audit": len(audit_rows),
        "deliveries": len(delivery_rows),
    }
