"""Outlets: create/replace (with domains and aliases), resolve references (id, domain or
``{name, kind, network}``), and the alias table source resolution is built from."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, lazyload

from service.jobs.effects import Effects
from service.models import Appearance, Claim, Outlet, OutletAlias, OutletDomain, Profile, utcnow
from service.records.errors import Conflict, Invalid
from service.store import cache
from service.util import domains
from service.util.ids import SLUG_RE, slugify
from service.util.timefmt import rfc3339
from workers.extraction.resolve import alias_key


def outlet_body(o: Outlet) -> dict[str, Any]:
    return {
        "id": o.id,
        "name": o.name,
        "kind": o.kind,
        "domains": [d.domain for d in o.domains],
        "aliases": [a.alias for a in o.aliases],
        "country": o.country,
        "network": o.network,
        "profile": o.profile_id,
        "created_at": rfc3339(o.created_at),
        "updated_at": rfc3339(o.updated_at),
    }


def outlet_summaries(session: Session, outlet_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Name, kind and network of each outlet named (one query, no domains), for pages
    that mention many outlets by id."""
    wanted = sorted(set(outlet_ids))
    if not wanted:
        return {}
    rows = session.execute(
        select(Outlet.id, Outlet.name, Outlet.kind, Outlet.network).where(Outlet.id.in_(wanted))
    )
    return {r.id: {"name": r.name, "kind": r.kind, "network": r.network} for r in rows}


def touch_outlet_claims(session: Session, outlet_id: str, effects: Effects) -> None:
    """Mark every claim the outlet appears in (as publisher or origin) as owing a rescore.

    One statement with a subquery: an outlet may appear in more claims than a database
    accepts bind parameters."""
    appears = (
        select(Appearance.claim_id)
        .where((Appearance.outlet_id == outlet_id) | (Appearance.origin_id == outlet_id))
        .scalar_subquery()
    )
    claim_ids = set(
        session.execute(
            update(Claim)
            .where(Claim.id.in_(appears))
            .values(revision=Claim.revision + 1)
            .returning(Claim.id)
            .execution_options(synchronize_session=False)
        ).scalars()
    )
    effects.claims |= claim_ids
    effects.drop_keys |= {cache.claim(c) for c in claim_ids}


def put_outlet(session: Session, outlet_id: str, data: Mapping[str, Any]) -> tuple[Outlet, bool, Effects]:
    effects = Effects(cause=f"outlet {outlet_id} updated")
    wanted = []
    for raw in data.get("domains") or []:
        name = domains.normalise_domain(raw)
        if name is None:
            raise Invalid({"domains": [f"{raw!r} is not a domain with a public suffix."]})
        if name not in wanted:
            wanted.append(name)
    if wanted:
        clash = (
            session.execute(
                select(OutletDomain).where(
                    OutletDomain.domain.in_(wanted), OutletDomain.outlet_id != outlet_id
                )
            )
            .scalars()
            .first()
        )
        if clash is not None:
            raise Conflict(
                f"Domain {clash.domain} already belongs to outlet {clash.outlet_id}.", "duplicate-domain"
            )
    aliases = _wanted_aliases(session, outlet_id, data.get("aliases") or [])
    profile = data.get("profile")
    if profile is not None and session.get(Profile, profile) is None:
        raise Invalid({"profile": [f"No profile {profile!r}."]})
    outlet = session.get(Outlet, outlet_id, with_for_update=True)
    created = outlet is None
    old_domains: set[str] = set()
    if outlet is None:
        outlet = Outlet(id=outlet_id, created_at=utcnow(), revision=1, scored_revision=0)
        session.add(outlet)
        network_changed = False
    else:
        old_domains = {d.domain for d in outlet.domains}
        network_changed = outlet.network != data.get("network")
        outlet.revision += 1
    outlet.name = data["name"]
    outlet.kind = data["kind"]
    outlet.country = data.get("country")
    outlet.network = data.get("network")
    outlet.profile_id = profile
    outlet.updated_at = utcnow()
    current = {d.domain: d for d in outlet.domains}
    for name in list(current):
        if name not in wanted:
            outlet.domains.remove(current[name])
    session.flush()
    for name in wanted:
        if name not in current:
            outlet.domains.append(OutletDomain(domain=name))
    had = {a.key: a for a in outlet.aliases}
    for key in list(had):
        if key not in aliases:
            outlet.aliases.remove(had[key])
    session.flush()
    for position, (key, alias) in enumerate(aliases.items()):
        row = had.get(key)
        if row is None:
            outlet.aliases.append(OutletAlias(key=key, alias=alias, position=position))
        else:
            row.alias, row.position = alias, position
    session.flush()
    effects.outlets.add(outlet_id)
    effects.drop_keys |= {cache.outlet(outlet_id), cache.outlet_score(outlet_id)}
    effects.drop_keys |= {cache.domain(d) for d in old_domains | set(wanted)}
    if network_changed:
        touch_outlet_claims(session, outlet_id, effects)
    return outlet, created, effects


def clean_aliases(raw: Iterable[str]) -> dict[str, str]:
    """Folded key → alias as written, in the order given, the first of several that fold
    alike ("The AP", "AP") kept; 422 for an alias that folds to nothing."""
    wanted: dict[str, str] = {}
    for alias in raw:
        key = alias_key(alias)
        if not key:
            message = f"{alias!r} folds to nothing a text can be matched on (Latin letters, digits)."
            raise Invalid({"aliases": [message]})
        wanted.setdefault(key, alias.strip())
    return wanted


def _wanted_aliases(session: Session, outlet_id: str, raw: list[str]) -> dict[str, str]:
    """``clean_aliases``, and 409 for one another outlet already has (the extractor could
    not tell them apart)."""
    wanted = clean_aliases(raw)
    if wanted:
        clash = session.execute(
            select(OutletAlias).where(OutletAlias.key.in_(list(wanted)), OutletAlias.outlet_id != outlet_id)
        ).scalars().first()
        if clash is not None:
            raise Conflict(
                f"Alias {wanted[clash.key]!r} already belongs to outlet {clash.outlet_id} "
                f"(as {clash.alias!r}).",
                "duplicate-alias",
            )
    return wanted


def alias_table(session: Session) -> list[dict[str, Any]]:
    """Every outlet's name, aliases and domains: what the extractor's resolver is built
    from (``workers.extraction.AliasIndex``)."""
    aliases: dict[str, list[str]] = {}
    for outlet_id, alias in session.execute(
        select(OutletAlias.outlet_id, OutletAlias.alias).order_by(OutletAlias.outlet_id, OutletAlias.position)
    ):
        aliases.setdefault(outlet_id, []).append(alias)
    domains: dict[str, list[str]] = {}
    for domain, outlet_id in session.execute(select(OutletDomain.domain, OutletDomain.outlet_id)):
        domains.setdefault(outlet_id, []).append(domain)
    return [
        {"id": oid, "name": name, "aliases": aliases.get(oid, []), "domains": domains.get(oid, [])}
        for oid, name in session.execute(select(Outlet.id, Outlet.name).order_by(Outlet.id))
    ]


def outlets_version(session: Session) -> tuple[int, str]:
    """Changes whenever an outlet is created or edited (names, aliases and domains change
    only with ``updated_at``): a process may keep its resolver while this stays the same."""
    count, latest = session.execute(select(func.count(), func.max(Outlet.updated_at))).one()
    return int(count), str(latest)


# Resolving a reference needs the outlet row, not its domains: they load if touched.
_BARE = (lazyload(Outlet.domains), lazyload(Outlet.aliases))


def find_by_domain(session: Session, value: str) -> Outlet | None:
    for name in domains.candidates(value):
        row = session.get(OutletDomain, name)
        if row is not None:
            return session.get(Outlet, row.outlet_id, options=_BARE)
    return None


def find_by_name(session: Session, name: str) -> Outlet | None:
    """The first outlet (by id) whose name matches, ignoring case (an indexed lookup)."""
    return (
        session.execute(
            select(Outlet).where(func.lower(Outlet.name) == name.lower()).order_by(Outlet.id).options(*_BARE)
        )
        .scalars()
        .first()
    )


def _free_slug(session: Session, base: str) -> str:
    slug, n = base, 1
    while session.get(Outlet, slug) is not None:
        n += 1
        slug = f"{base}-{n}"
    return slug


def resolve_ref(session: Session, ref: Any, effects: Effects) -> Outlet:
    """An outlet for an id, a domain/URL, or ``{name, kind, network}``; unknown ones are
    created (kind ``unknown`` unless given) rather than rejected — an ingest pipeline
    meets new sources every day."""
    if isinstance(ref, Mapping):
        name = str(ref["name"]).strip()
        found = find_by_name(session, name)
        if found is not None:
            return found
        outlet = Outlet(
            id=_free_slug(session, slugify(name)),
            name=name,
            kind=ref.get("kind") or "unknown",
            network=ref.get("network"),
            created_at=utcnow(),
            updated_at=utcnow(),
            revision=1,
            scored_revision=0,
        )
        session.add(outlet)
        session.flush()
        effects.outlets.add(outlet.id)
        return outlet
    text = str(ref).strip()
    lowered = text.lower()
    if SLUG_RE.match(lowered):
        found_outlet = session.get(Outlet, lowered, options=_BARE)
        if found_outlet is not None:
            return found_outlet
    by_domain = find_by_domain(session, text)
    if by_domain is not None:
        return by_domain
    domain = domains.normalise_domain(text) if "." in text else None
    if domain is None:
        # A bare name, or a host with no public suffix ("gazette.internal"): the outlet
        # this created on first sight is found by its name, not created once per article.
        by_name = find_by_name(session, text)
        if by_name is not None:
            return by_name
    base = slugify(domain or text)
    outlet = Outlet(
        id=_free_slug(session, base),
        name=domain or text,
        kind="unknown",
        created_at=utcnow(),
        updated_at=utcnow(),
        revision=1,
        scored_revision=0,
    )
    if domain and session.get(OutletDomain, domain) is None:
        outlet.domains.append(OutletDomain(domain=domain))
    session.add(outlet)
    session.flush()
    effects.outlets.add(outlet.id)
    if domain:
        effects.drop_keys.add(cache.domain(domain))
    return outlet
