"""Signed ingest deliveries for ``bench.ingest_bench`` (and ``bench.ingest_profile``).

Every delivery is distinct: its own ``webhook-id``, article URL and claim texts (so each
article creates three new claims and nothing coalesces). Publishers are given as domains,
known (``reuters.com``, ``rt.com``…) or not (``bench-news-N.example``, which becomes an
``unknown`` outlet on first sight); claim origins mix known outlet ids (``reuters``,
``ru-svr``…), a few recurring new ``{name, kind}`` sources, and none (first-hand).
Signed exactly as Standard Webhooks says (the ``standardwebhooks`` package, as ``credence
ingest`` does), with the current time as ``webhook-timestamp``.
"""

from __future__ import annotations

import base64
import json
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from standardwebhooks.webhooks import Webhook

PUBLISHER_DOMAINS = (
    "reuters.com", "apnews.com", "bbc.co.uk", "theguardian.com", "rt.com", "tass.com",
    "thecanary.co", "bench-news-1.example", "bench-news-2.example", "bench-news-3.example",
)
KNOWN_ORIGINS = ("reuters", "ru-svr", "ru-kremlin", "tass", "associated-press", "ru-mfa",
                 "opcw", "sohr", "bbc", "ua-government")
NEW_ORIGINS = tuple({"name": f"Bench Source {k}", "kind": kind}
                    for k, kind in enumerate(("official", "government", "ngo", "news", "blog") * 2))
STANCES = ("supports", "supports", "neutral", "refutes")


def new_secret() -> str:
    return "whsec_" + base64.b64encode(os.urandom(32)).decode()


@dataclass(frozen=True)
class Delivery:
    msg_id: str
    body: bytes
    url: str


def make_delivery(tag: str, n: int) -> Delivery:
    """Delivery ``n`` of the batch ``tag``: an article with three new claims."""
    domain = PUBLISHER_DOMAINS[n % len(PUBLISHER_DOMAINS)]
    url = f"https://www.{domain}/bench/{tag}/{n}"
    claims = []
    for j in range(3):
        k = n * 3 + j
        origin: object
        if j == 0:
            origin = KNOWN_ORIGINS[k % len(KNOWN_ORIGINS)]
        elif j == 1:
            origin = NEW_ORIGINS[k % len(NEW_ORIGINS)]
        else:
            origin = None if n % 2 else KNOWN_ORIGINS[(k + 3) % len(KNOWN_ORIGINS)]
        claims.append({
            "text": f"Bench claim {tag}-{n}-{j}: officials said convoy {k} crossed the "
                    f"border near checkpoint {k % 97} on the night of the report.",
            "stance": STANCES[k % len(STANCES)],
            "origin": origin,
            "hedged": bool(k % 3 == 0),
            "excerpt": f"…convoy {k} crossed the border…",
        })
    body = {
        "type": "article.ingested",
        "article": {
            "url": url,
            "outlet": domain,
            "title": f"Bench article {tag} #{n}",
            "published_at": "2026-11-01T12:00:00+00:00",
            "authors": [f"Reporter {n % 13}"],
            "text": "A benchmark article. " * 40,
            "claims": claims,
        },
    }
    return Delivery(f"msg_{tag}_{n}_{uuid.uuid4().hex[:8]}",
                    json.dumps(body, separators=(",", ":")).encode(), url)


def sign(hook: Webhook, d: Delivery, now: datetime | None = None) -> dict[str, str]:
    """The headers of one delivery, signed at ``now`` (default: this second)."""
    now = now or datetime.now(UTC)
    return {
        "Content-Type": "application/json",
        "webhook-id": d.msg_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": hook.sign(d.msg_id, now, d.body.decode()),
    }


def write_replay_file(path: Path, secret: str, tag: str, count: int) -> list[Delivery]:
    """``count`` deliveries signed now, one a line for ``ingest_wrk_replay.lua``."""
    hook = Webhook(secret)
    now = datetime.now(UTC)
    out = []
    with open(path, "w", encoding="utf-8") as f:
        for n in range(count):
            d = make_delivery(tag, n)
            h = sign(hook, d, now)
            body = d.body.decode()
            assert "\t" not in body and "\n" not in body
            f.write(f"{h['webhook-id']}\t{h['webhook-timestamp']}\t{h['webhook-signature']}\t{body}\n")
            out.append(d)
    return out
