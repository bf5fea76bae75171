"""Synthetic data for the worker benchmark, bulk-inserted with SQLAlchemy Core.

Rows look like the service's own: ids from the ``service.util.ids`` formats (``c_``/``a_``/``v_``
+ 12 hex digits of milliseconds + 10 random hex digits; outlet ids are slugs), claims at
``revision=1, scored_revision=0`` (as ``create_claim`` leaves them), appearances with
``origin_key`` = origin id or ``''`` and unique ``(claim, url, origin_key)``.

Shape (defaults): 5,000 outlets of mixed kinds, ~20% in one of 150 networks, ~10% with a
rated profile, 60 fact-checkers; 100,000 claims with 6-14 (mean 10) appearances each,
publishers drawn with a mild popularity skew (the busiest outlet is in ~0.25% of the
appearances), ~30% relayed from another outlet (origin), ~10% hedged, ~5% refuting, ~5%
neutral; ~2% of claims carry a verdict; ~3% are answers to a shared question (2-3 answers).
"""

from __future__ import annotations

import bisect
import itertools
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, Table, event, insert, inspect
from tqdm import tqdm

from service.models import Appearance, Claim, Outlet, Profile, ProfileVersion, Verdict
from service.records.claims import normalise_text
from service.util.ids import slugify

KINDS = (
    ("news", 40),
    ("blog", 20),
    ("broadcaster", 8),
    ("magazine", 8),
    ("social", 6),
    ("wire", 3),
    ("ngo", 4),
    ("government", 3),
    ("official", 2),
    ("state_media", 3),
    ("unknown", 3),
)
CRITERIA = (
    "no_false_content",
    "responsible_gathering",
    "corrects_errors",
    "separates_news_opinion",
    "no_deceptive_headlines",
    "discloses_ownership",
    "labels_advertising",
    "reveals_management",
    "names_content_creators",
)
RATINGS = ("true", "mostly_true", "mixed", "mostly_false", "false", "unproven")
CHUNK = 20_000


@dataclass
class Generated:
    outlets: int
    profiles: int
    claims: int
    appearances: int
    verdicts: int
    questions: int
    seconds: float


class _Ids:
    """``service.util.ids.new_id`` formats, made from a seeded RNG (fast and reproducible)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.ms = int(time.time() * 1000)

    def new(self, prefix: str) -> str:
        self.ms += 1 if self.rng.random() < 0.01 else 0  # roughly time-ordered
        return f"{prefix}_{self.ms:012x}{self.rng.getrandbits(40):010x}"


def _chunks(rows: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    while True:
        chunk = list(itertools.islice(rows, size))
        if not chunk:
            return
        yield chunk


def _driver_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert through the DB-API directly (SQLAlchemy's per-value bind processing costs
    more than SQLite's own work at a million rows). Values must already be in the form the
    driver takes: datetimes as SQLite's stored text, booleans as 0/1 (both made by
    ``_stored``); PostgreSQL gets ``COPY``."""
    cols = list(rows[0])
    if conn.dialect.name == "postgresql":
        raw = conn.connection.dbapi_connection
        assert raw is not None
        with raw.cursor() as cur, cur.copy(f"COPY {table.name} ({', '.join(cols)}) FROM STDIN") as copy:  # type: ignore[attr-defined]
            for r in rows:
                copy.write_row([r[c] for c in cols])
        return
    marks = ", ".join("?" for _ in cols)
    conn.exec_driver_sql(
        f"INSERT INTO {table.name} ({', '.join(cols)}) VALUES ({marks})",  # noqa: S608 - names from the model
        [tuple(r[c] for c in cols) for r in rows],
    )


def _stored(engine: Engine, value: datetime | bool) -> Any:
    """A value as the driver takes it (see ``_driver_rows``)."""
    if engine.dialect.name != "sqlite":
        return value
    if isinstance(value, bool):
        return int(value)
    # SQLAlchemy's SQLite DateTime storage format (UTCDateTime stores UTC, naive).
    return value.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def _fast_sqlite(engine: Engine) -> None:
    """Generation only: no fsync (the data is thrown away after the run)."""

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA synchronous=OFF")
        cur.execute("PRAGMA cache_size=-1000000")  # 1 GB: random index inserts stay in memory
        cur.execute("PRAGMA temp_store=MEMORY")
        cur.close()


def generate(
    engine: Engine,
    *,
    outlets: int = 5000,
    claims: int = 100_000,
    apps_per_claim: int = 10,
    seed: int = 1,
    progress: bool = True,
) -> Generated:
    t0 = time.perf_counter()
    rng = random.Random(seed)
    ids = _Ids(rng)
    now = datetime.now(UTC)
    if engine.dialect.name == "sqlite":
        _fast_sqlite(engine)
        engine.dispose()

    # ---------------------------------------------------------------- outlets + profiles
    kinds, weights = zip(*KINDS, strict=True)
    n_fc = max(5, outlets // 80)
    networks = [f"network-{i}" for i in range(max(1, outlets // 33))]
    outlet_rows: list[dict[str, Any]] = []
    profile_rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i in range(outlets):
        kind = "fact_checker" if i < n_fc else rng.choices(kinds, weights)[0]
        slug = slugify(f"Bench {kind} {i}")
        assert slug not in seen
        seen.add(slug)
        profile_id = None
        if rng.random() < 0.10:
            profile_id = slug
            profile_rows.append(
                {
                    "id": slug,
                    "version": 1,
                    "criteria": {c: rng.choice((0, 0.5, 1, 1, 1)) for c in CRITERIA if rng.random() < 0.9},
                    "prior_strength": None,
                    "notes": "bench",
                    "updated_by": "bench",
                    "created_at": now,
                    "updated_at": now,
                }
            )
        outlet_rows.append(
            {
                "id": slug,
                "name": f"Bench {kind} {i}",
                "kind": kind,
                "country": rng.choice(("GB", "US", "FR", "DE", None)),
                "network": rng.choice(networks) if rng.random() < 0.2 and i >= n_fc else None,
                "profile_id": profile_id,
                "revision": 1,
                "scored_revision": 0,
                "created_at": now,
                "updated_at": now,
            }
        )
    outlet_ids = [o["id"] for o in outlet_rows]
    reviewers = outlet_ids[:n_fc]
    media = outlet_ids[n_fc:]
    # Mild popularity skew: weight 1/(rank + 100); cumulative weights for bisect.
    cum: list[float] = []
    total = 0.0
    for rank in range(len(media)):
        total += 1.0 / (rank + 100)
        cum.append(total)

    def pick() -> str:
        return media[min(bisect.bisect(cum, rng.random() * total), len(media) - 1)]

    with engine.begin() as conn:
        if profile_rows:
            conn.execute(insert(Profile), profile_rows)
            conn.execute(
                insert(ProfileVersion),
                [
                    {
                        "profile_id": p["id"],
                        "version": 1,
                        "criteria": p["criteria"],
                        "prior_strength": None,
                        "notes": "bench",
                        "updated_by": "bench",
                        "updated_at": now,
                        "cause": "create",
                    }
                    for p in profile_rows
                ],
            )
        conn.execute(insert(Outlet), outlet_rows)

    # ---------------------------------------------------------------- claims
    claim_ids = [ids.new("c") for _ in range(claims)]
    questions: dict[int, str] = {}
    q = 0
    i = 0
    while i < claims:
        if rng.random() < 0.012:  # a question with 2-3 competing answers
            k = rng.choice((2, 3))
            for j in range(i, min(i + k, claims)):
                questions[j] = f"bench-question-{q}"
            q += 1
            i += k
        else:
            i += 1

    def claim_rows() -> Iterator[dict[str, Any]]:
        for n, cid in enumerate(claim_ids):
            text = f"Bench claim number {n}: something happened somewhere."
            yield {
                "id": cid,
                "text": text,
                "normalized_text": normalise_text(text),
                "question": questions.get(n),
                "topics": [],
                "revision": 1,
                "scored_revision": 0,
                "created_at": now,
                "updated_at": now,
            }

    counts = {"appearances": 0, "verdicts": 0}
    stored_now = _stored(engine, now)
    hedged = {False: _stored(engine, False), True: _stored(engine, True)}

    def app_rows() -> Iterator[dict[str, Any]]:
        lo, hi = max(1, apps_per_claim - 4), apps_per_claim + 4
        for n, cid in enumerate(claim_ids):
            for j in range(rng.randint(lo, hi)):
                publisher = pick()
                origin = None
                if rng.random() < 0.3:
                    origin = pick()
                    if origin == publisher:
                        origin = None
                roll = rng.random()
                stance = "refutes" if roll < 0.05 else "neutral" if roll < 0.10 else "supports"
                counts["appearances"] += 1
                yield {
                    "id": ids.new("a"),
                    "claim_id": cid,
                    "outlet_id": publisher,
                    "url": f"https://{publisher}.example/news/{n}/{j}",
                    "published_at": None,
                    "stance": stance,
                    "origin_id": origin,
                    "origin_key": origin or "",
                    "hedged": hedged[rng.random() < 0.10],
                    "excerpt": None,
                    "article_id": None,
                    "created_at": stored_now,
                }

    def verdict_rows() -> Iterator[dict[str, Any]]:
        for n, cid in enumerate(claim_ids):
            if rng.random() < 0.02:
                reviewer = rng.choice(reviewers)
                counts["verdicts"] += 1
                yield {
                    "id": ids.new("v"),
                    "claim_id": cid,
                    "reviewer_id": reviewer,
                    "rating": rng.choice(RATINGS),
                    "url": f"https://{reviewer}.example/checks/{n}",
                    "reviewed_at": now - timedelta(days=rng.uniform(0, 900)),
                    "created_at": now,
                }

    bar_opts = {"file": sys.stderr, "disable": not progress, "unit": "row", "unit_scale": True}
    with engine.begin() as conn, tqdm(total=claims, desc="claims", **bar_opts) as bar:
        for chunk in _chunks(claim_rows(), CHUNK):
            conn.execute(insert(Claim), chunk)
            bar.update(len(chunk))
    # Secondary indexes are dropped for the load and built again after it (one sorted
    # build is far cheaper than a million random inserts into each).
    table = Appearance.__table__
    assert isinstance(table, Table)
    with engine.connect() as conn:
        indexes = [ix for ix in inspect(conn).get_indexes(table.name) if not ix.get("unique")]
    with engine.begin() as conn:
        for ix in indexes:
            conn.exec_driver_sql(f"DROP INDEX {ix['name']}")
    with engine.begin() as conn, tqdm(total=claims * apps_per_claim, desc="appearances", **bar_opts) as bar:
        for chunk in _chunks(app_rows(), CHUNK):
            _driver_rows(conn, table, chunk)
            bar.update(len(chunk))
    with engine.begin() as conn:
        for ix in tqdm(indexes, desc="indexes", file=sys.stderr, disable=not progress):
            cols = ", ".join(c for c in ix["column_names"] if c)
            conn.exec_driver_sql(f"CREATE INDEX {ix['name']} ON {table.name} ({cols})")
    with engine.begin() as conn:
        for chunk in _chunks(verdict_rows(), CHUNK):
            conn.execute(insert(Verdict), chunk)
    if engine.dialect.name == "postgresql":
        # Autovacuum would get there soon after a real bulk load; do it now. (SQLite has no
        # automatic statistics, so it is left without, as a real deployment would be.)
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    return Generated(
        outlets=len(outlet_rows),
        profiles=len(profile_rows),
        claims=claims,
        appearances=counts["appearances"],
        verdicts=counts["verdicts"],
        questions=q,
        seconds=time.perf_counter() - t0,
    )
