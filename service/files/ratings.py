"""Bulk import of published domain ratings into source profiles.

A format is a reader yielding a ``RatingRow`` per row of the file, or a ``Skip`` saying
why a row cannot be read; adding one (say, a CSV with a column per criterion) is a
function and a line in ``FORMATS``. Every row not imported is reported with its line and
its reason (``ImportReport.skipped``), so an import never drops a row silently.

Imported profiles get their own ids (``<format>-<outlet>``) so an editor's hand-made
profile is never overwritten: an outlet that already points at another profile keeps it
and is reported as kept.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from tqdm import tqdm

from service.jobs.effects import Effects
from service.models import Outlet, OutletDomain, Profile, utcnow
from service.records import audit
from service.records.profiles import version_row
from service.records.scoring_config import current_config
from service.store import cache
from service.util import domains
from service.util.ids import slugify


@dataclass(frozen=True)
class RatingRow:
    domain: str
    criteria: dict[str, float]
    notes: str
    prior_strength: float | None = None
    line: int = 0  # in the file (the header is line 1)


@dataclass(frozen=True)
class Skip:
    """A row not imported: where it is, the domain it names, and why."""

    line: int
    domain: str
    reason: str


def _rows(path: Path, read: Callable[[dict[str, str]], RatingRow]) -> Iterator[RatingRow | Skip]:
    """Each CSV record through ``read``; a record it cannot read is a ``Skip`` naming the
    column, not an exception that would stop the whole import."""
    with path.open(newline="") as fh:
        records = csv.DictReader(fh)
        for rec in records:
            line = records.line_num
            try:
                row = read(rec)
            except KeyError as exc:
                yield Skip(line, rec.get("domain") or "", f"no {exc.args[0]} column")
            except (TypeError, ValueError) as exc:
                yield Skip(line, rec.get("domain") or "", f"unreadable: {exc}")
            else:
                yield RatingRow(row.domain, row.criteria, row.notes, row.prior_strength, line)


def _number(rec: dict[str, str], column: str) -> float:
    try:
        return float(rec[column])
    except (TypeError, ValueError):
        raise ValueError(f"{column} is not a number: {rec[column]!r}") from None


def read_lin2023(path: Path, criteria: list[str], strength: float | None) -> Iterator[RatingRow | Skip]:
    """Lin et al. 2023 (PNAS Nexus): one aggregate ``pc1`` in [0, 1] per domain. Rating
    every criterion at pc1 makes the profile prior exactly pc1; ``strength`` says how many
    observations that aggregate is worth."""

    def read(rec: dict[str, str]) -> RatingRow:
        pc1 = min(1.0, max(0.0, _number(rec, "pc1")))
        return RatingRow(
            rec["domain"],
            dict.fromkeys(criteria, round(pc1, 6)),
            f"Imported from Lin et al. 2023 (PNAS Nexus), aggregate pc1={pc1:.4f}.",
            strength,
        )

    return _rows(path, read)


def read_criteria_csv(path: Path, criteria: list[str], strength: float | None) -> Iterator[RatingRow | Skip]:
    """A CSV with a ``domain`` column and one column per criterion (blank = not rated)."""

    def read(rec: dict[str, str]) -> RatingRow:
        rated = {c: _number(rec, c) for c in criteria if rec.get(c) not in (None, "")}
        return RatingRow(
            rec["domain"],
            rated,
            rec.get("notes") or f"Imported from {path.name}.",
            _number(rec, "prior_strength") if rec.get("prior_strength") else strength,
        )

    return _rows(path, read)


Reader = Callable[[Path, list[str], float | None], Iterator[RatingRow | Skip]]
FORMATS: dict[str, Reader] = {"lin2023": read_lin2023, "criteria-csv": read_criteria_csv}


@dataclass
class ImportReport:
    created_outlets: list[str] = field(default_factory=list)
    created_profiles: list[str] = field(default_factory=list)
    updated_profiles: list[str] = field(default_factory=list)
    linked: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    unchanged: int = 0
    invalid: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)  # every row not imported, in file order

    def summary(self) -> dict[str, Any]:
        return {
            "created_outlets": len(self.created_outlets),
            "created_profiles": len(self.created_profiles),
            "updated_profiles": len(self.updated_profiles),
            "linked_outlets": len(self.linked),
            "kept_own_profile": len(self.kept),
            "unchanged": self.unchanged,
            "invalid": len(self.invalid),
            "duplicates": len(self.duplicates),
            "skipped": len(self.skipped),
        }


def import_ratings(
    session: Session,
    path: Path,
    fmt: str,
    *,
    strength: float | None,
    kind: str,
    actor: str,
    progress: bool = True,
) -> tuple[ImportReport, Effects]:
    criteria = list(current_config(session)["criteria"])
    # Progress on stderr from the first row read: a large file is read, then matched to
    # outlets, before anything is written, and a silent wait reads as a hang.
    read = tqdm(
        FORMATS[fmt](path, criteria, strength), desc=f"read {path.name}", unit="row", disable=not progress,
        file=sys.stderr,
    )  # fmt: skip
    rows = list(read)
    by_domain = {d.domain: d.outlet_id for d in session.execute(select(OutletDomain)).scalars()}
    outlets = {o.id: o for o in session.execute(select(Outlet)).scalars()}
    profiles = {p.id: p for p in session.execute(select(Profile)).scalars()}
    report, effects = ImportReport(), Effects(cause=f"import of {path.name} ({fmt})")
    now = utcnow()
    links: dict[str, str] = {}
    seen: dict[str, int] = {}
    for row in tqdm(rows, desc=f"import {fmt}", unit="row", disable=not progress, file=sys.stderr):
        if isinstance(row, Skip):
            report.invalid.append(row.domain)
            report.skipped.append(row)
            continue
        name = domains.normalise_domain(row.domain)
        outside = [f"{c}={v}" for c, v in row.criteria.items() if not 0 <= v <= 1]
        if name is None or outside:
            report.invalid.append(row.domain)
            why = "not a registrable domain" if name is None else f"outside [0, 1]: {', '.join(outside)}"
            report.skipped.append(Skip(row.line, row.domain, why))
            continue
        if name in seen:
            # Two rows folding to one domain (e.g. www. and bare) would flip-flop between
            # runs; the first one in the file wins, so a re-run changes nothing.
            report.duplicates.append(row.domain)
            report.skipped.append(Skip(row.line, row.domain, f"{name} again (line {seen[name]} imported it)"))
            continue
        seen[name] = row.line
        outlet_id = by_domain.get(name)
        if outlet_id is None:
            outlet_id = _free(slugify(name), outlets)
            outlet = Outlet(
                id=outlet_id,
                name=name,
                kind=kind,
                created_at=now,
                updated_at=now,
                revision=1,
                scored_revision=0,
            )
            session.add(outlet)
            session.add(OutletDomain(domain=name, outlet_id=outlet_id))
            outlets[outlet_id], by_domain[name] = outlet, outlet_id
            report.created_outlets.append(outlet_id)
            audit.record(session, actor, "import", "outlet", outlet_id, None, {"domain": name, "kind": kind})
        outlet = outlets[outlet_id]
        profile_id = f"{fmt}-{outlet_id}"[:64]
        if outlet.profile_id not in (None, profile_id):
            report.kept.append(outlet_id)
            why = f"outlet {outlet_id} keeps its own profile {outlet.profile_id}"
            report.skipped.append(Skip(row.line, row.domain, why))
            continue
        changed = _upsert_profile(session, profiles, profile_id, row, actor, now, report)
        if outlet.profile_id != profile_id:
            links[outlet_id] = profile_id
            report.linked.append(outlet_id)
            changed = True
        if changed:
            effects.outlets.add(outlet_id)
        else:
            report.unchanged += 1
    # Profiles and outlets are inserted before outlets point at profiles: there is no ORM
    # relationship between them to order the inserts.
    session.flush()
    for outlet_id, profile_id in links.items():
        outlets[outlet_id].profile_id = profile_id
    session.flush()
    if effects.outlets:
        session.execute(
            update(Outlet)
            .where(Outlet.id.in_(effects.outlets))
            .values(revision=Outlet.revision + 1)
            .execution_options(synchronize_session=False)
        )
    effects.drop_keys |= {cache.outlet(o) for o in effects.outlets} | {
        cache.outlet_score(o) for o in effects.outlets
    }
    effects.drop_keys |= {cache.domain(d) for d in by_domain if by_domain[d] in effects.outlets}
    return report, effects


def _free(base: str, taken: dict[str, Outlet]) -> str:
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _upsert_profile(
    session: Session,
    profiles: dict[str, Profile],
    profile_id: str,
    row: RatingRow,
    actor: str,
    now: Any,
    report: ImportReport,
) -> bool:
    current = profiles.get(profile_id)
    wanted = (row.criteria, row.prior_strength, row.notes)
    if current is not None and (dict(current.criteria), current.prior_strength, current.notes) == wanted:
        return False
    old = None
    if current is None:
        current = Profile(id=profile_id, version=1, created_at=now)
        session.add(current)
        profiles[profile_id] = current
        report.created_profiles.append(profile_id)
    else:
        old = {
            "criteria": dict(current.criteria),
            "prior_strength": current.prior_strength,
            "notes": current.notes,
            "version": current.version,
        }
        current.version += 1
        report.updated_profiles.append(profile_id)
    current.criteria, current.prior_strength, current.notes = (
        dict(row.criteria),
        row.prior_strength,
        row.notes,
    )
    current.updated_by, current.updated_at = actor, now
    session.add(version_row(current, "import"))
    audit.record(
        session,
        actor,
        "import",
        "profile",
        profile_id,
        old,
        {
            "criteria": row.criteria,
            "prior_strength": row.prior_strength,
            "notes": row.notes,
            "version": current.version,
        },
    )
    return True
