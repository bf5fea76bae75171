"""Processing an ingested article: the claims the pipeline sent and the claims Credence
extracted from its text become claims and appearances; the extraction itself is stored,
claim by claim, beside the article.

The extraction is computed before this runs (by the processing job, where the language
model lives), so the transaction here holds no lock while a model parses text.
Idempotent: re-processing an unchanged article changes nothing and rescores nothing, and a
new extraction replaces the article's extracted appearances as a set — never duplicated,
the pipeline's untouched.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

from service.jobs.effects import Effects
from service.models import Appearance, Article, Claim, ExtractedClaim, Outlet, utcnow
from service.records.claims import create_claim, mark_claim, normalise_text
from service.records.matching import Match, store_vectors
from service.records.merges import survivor_of
from service.records.outlets import resolve_ref
from service.records.review import link_candidates
from service.util.ids import new_id
from workers.extraction import ArticleExtraction
from workers.extraction import ExtractedClaim as Extracted


@dataclass(frozen=True)
class ToRead:
    """What the job needs to extract an article's claims."""

    id: str
    text: str | None
    title: str | None
    url: str
    html: bool
    claim_texts: tuple[str, ...]  # the claims the pipeline sent


def to_read(session: Session, article_id: str) -> ToRead | None:
    """The pending article to extract, or None when there is nothing to do."""
    article = session.get(Article, article_id)
    if article is None or article.status == "processed":
        return None
    return ToRead(
        article.id,
        article.text,
        article.title,
        article.url,
        article.text_format == "html",
        tuple(c["text"] for c in article.claims),
    )


@dataclass
class Matching:
    """The matcher's decisions for the texts of one article, and the claims this run gave
    each text (a text decided ``same`` as an earlier text of the same batch names it
    ``new:<that text>``)."""

    decided: Mapping[str, Match] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    # The claim each text became the last time this article was read: processing it
    # again keeps those decisions, whatever the index learned since.
    previous: Mapping[str, str] = field(default_factory=dict)

    def claim_for(self, session: Session, claim_text: str, effects: Effects) -> Claim:
        """The claim a text is: the same normalised text, else what the matcher decided —
        the known claim it is (``same``), or a new claim, linked to its likely duplicates
        for review (``candidate``)."""
        claim = self.claims.get(claim_text) or self._claim(session, claim_text, effects)
        self.claims[claim_text] = claim
        return claim

    def _claim(self, session: Session, claim_text: str, effects: Effects) -> Claim:
        before = self.previous.get(claim_text)
        kept = survivor_of(session, before) if before else None
        if kept is not None:
            return kept
        known = find_claim(session, claim_text)
        if known is not None:
            return known
        match = self.decided.get(claim_text)
        if match is not None and match.outcome == "same" and match.claim_id:
            if match.claim_id.startswith("new:"):
                return self.claim_for(session, match.claim_id[4:], effects)
            same = survivor_of(session, match.claim_id)
            if same is not None:
                return same
        claim = claim_for(session, claim_text, effects)
        if match is not None:
            claim.matched_at = utcnow()
            if match.vector is not None and match.model:
                store_vectors(session, match.model, len(match.vector) // 4, [(claim.id, match.vector)])
            if match.outcome == "candidate":
                likely = [(c, p, list(why)) for c, p, why in match.candidates if not c.startswith("new:")]
                link_candidates(session, claim.id, likely)
        return claim


def find_claim(session: Session, claim_text: str) -> Claim | None:
    """The claim with the same normalised text (its survivor, if it was merged)."""
    found = (
        session.execute(
            select(Claim)
            .where(Claim.normalized_text == normalise_text(claim_text))
            .order_by(Claim.created_at, Claim.id)
        )
        .scalars()
        .first()
    )
    return (survivor_of(session, found.id) or found) if found is not None else None


def claim_for(session: Session, claim_text: str, effects: Effects) -> Claim:
    """The claim a text is (same normalised text), created when there is none."""
    normalized = normalise_text(claim_text)
    if session.get_bind().dialect.name == "postgresql":
        # Two workers meeting the same new claim text at once would each create it; the
        # lock (held to commit) makes the second one find the first one's claim. SQLite
        # needs none: the article job holds the database's single write lock.
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": normalized})
    found = find_claim(session, claim_text)
    if found is not None:
        return found
    claim, created = create_claim(session, {"text": claim_text})
    effects.merge(created)
    return claim


@dataclass
class _Wanted:
    """The appearances the article should have, by (claim, origin key)."""

    fields: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)

    def add(self, claim: Claim, origin_id: str | None, values: dict[str, Any]) -> bool:
        key = (claim.id, origin_id or "")
        if key in self.fields:
            return False  # the same claim from the same origin twice in one article is one appearance
        self.fields[key] = values | {"origin_id": origin_id}
        self.claims[claim.id] = claim
        return True


def process(
    session: Session,
    article_id: str,
    extraction: ArticleExtraction | None = None,
    *,
    failure: str | None = None,
    matches: Mapping[str, Match] | None = None,
) -> tuple[dict[str, Any], Effects]:
    """Match or create the article's claims, make its appearances exactly what the payload
    and the extraction say, store the extraction, mark the article processed — or, when
    the extraction itself failed (``failure``), keep the pipeline's claims and the last
    extraction's and mark it failed with the reason."""
    effects = Effects(cause=f"article {article_id} processed")
    # Bump attempts first: the UPDATE takes the row lock (PostgreSQL) or the write lock
    # (SQLite) before anything is read, so a concurrent re-delivery of the article waits
    # for this run instead of being overwritten by a stale "processed".
    # A duplicate run (the reconciler raced the queue) finds it processed and stops.
    bumped = session.execute(
        update(Article)
        .where(Article.id == article_id, Article.status != "processed")
        .values(attempts=Article.attempts + 1)
    )
    article = session.get(Article, article_id, populate_existing=True)
    if article is None or not bumped.rowcount:  # type: ignore[attr-defined]
        status = "gone" if article is None else article.status
        return {"article": article_id, "status": status, "changed": 0}, effects
    publisher = resolve_ref(session, article.outlet_ref, effects)
    last_read = select(ExtractedClaim.text, ExtractedClaim.claim_id).where(
        ExtractedClaim.article_id == article.id
    )
    previous = {text: claim_id for text, claim_id in session.execute(last_read) if claim_id}
    matching = Matching(matches or {}, previous=previous)
    wanted = _Wanted()
    for item in article.claims:
        origin = resolve_ref(session, item["origin"], effects) if item.get("origin") else None
        claim = matching.claim_for(session, item["text"], effects)
        wanted.add(
            claim,
            origin.id if origin is not None and origin.id != publisher.id else None,
            {
                "stance": item.get("stance") or "supports",
                "hedged": bool(item.get("hedged")),
                "excerpt": item.get("excerpt"),
                "via": [],
                "provenance": "pipeline",
            },
        )
    if extraction is not None:
        _apply_extraction(session, article, publisher, extraction, wanted, effects, matching)
    touched, vouchers = _reconcile(session, article, publisher, wanted, keep_extracted=failure is not None)
    for claim in touched.values():
        mark_claim(session, claim, effects)
    if touched:
        # A verdict on any of these claims is part of the vouching outlets' track record.
        effects.outlets |= vouchers
    article.outlet_id = publisher.id
    article.status = "failed" if failure else "processed"
    article.error = failure[:2000] if failure else None
    article.processed_at = utcnow()
    return {"article": article_id, "status": article.status, "changed": len(touched)}, effects


def _reconcile(
    session: Session, article: Article, publisher: Outlet, wanted: _Wanted, *, keep_extracted: bool
) -> tuple[dict[str, Claim], set[str]]:
    """Make the article's appearances ``wanted``: add, update, delete (but for the
    extracted ones when ``keep_extracted``: no new extraction replaces them). Returns the
    claims touched and the outlets that vouch for them."""
    existing = {
        (a.claim_id, a.origin_key): a
        for a in session.execute(select(Appearance).where(Appearance.url == article.url)).scalars()
    }
    touched: dict[str, Claim] = {}
    vouchers: set[str] = {publisher.id}
    for key, values in wanted.fields.items():
        claim = wanted.claims[key[0]]
        if values["origin_id"]:
            vouchers.add(values["origin_id"])
        values = values | {"outlet_id": publisher.id, "published_at": article.published_at}
        app = existing.get(key)
        if app is None:
            session.add(
                Appearance(
                    id=new_id("a"),
                    claim_id=claim.id,
                    url=article.url,
                    origin_key=values["origin_id"] or "",
                    article_id=article.id,
                    created_at=utcnow(),
                    **values,
                )
            )
            touched[claim.id] = claim
        elif app.article_id == article.id and any(getattr(app, k) != v for k, v in values.items()):
            # Ours and changed by a re-delivery or a new extraction. One entered by hand
            # for this URL (no article) is an editor's record: left exactly as it is.
            for k, v in values.items():
                setattr(app, k, v)
            touched[claim.id] = claim
    for key, app in existing.items():
        if keep_extracted and app.provenance == "extracted":
            continue
        if app.article_id == article.id and key not in wanted.fields:
            # The updated article (or its new extraction) no longer carries this claim.
            gone = session.get(Claim, app.claim_id)
            if app.origin_id:
                vouchers.add(app.origin_id)
            session.delete(app)
            if gone is not None:
                touched[gone.id] = gone
    session.flush()
    return touched, vouchers


def _apply_extraction(
    session: Session,
    article: Article,
    publisher: Outlet,
    extraction: ArticleExtraction,
    wanted: _Wanted,
    effects: Effects,
    matching: Matching,
) -> None:
    """Store the extraction (replacing the last one) and add the appearances it carries.
    A claim the pipeline also sent is the pipeline's: its appearance wins."""
    session.execute(delete(ExtractedClaim).where(ExtractedClaim.article_id == article.id))
    article.language = extraction.language
    article.extractor = extraction.extractor
    article.skipped_reason = extraction.skipped_reason
    pipeline_claims = set(wanted.claims)
    for position, found in enumerate(extraction.claims):
        resolution, origin_id = _origin(session, found, effects)
        if origin_id == publisher.id:
            origin_id = None
        claim = None
        if resolution != "ambiguous":
            # An ambiguous source is never guessed: the extracted claim waits, unattached,
            # for an editor to name the outlet (an alias), and re-processing to use it.
            claim = matching.claim_for(session, found.text, effects)
            if claim.id not in pipeline_claims:
                wanted.add(
                    claim,
                    origin_id,
                    {
                        "stance": found.stance,
                        "hedged": found.hedged,
                        "excerpt": found.quote,
                        "via": _via(found),
                        "provenance": "extracted",
                    },
                )
        session.add(
            ExtractedClaim(
                id=new_id("xc"),
                article_id=article.id,
                position=position,
                text=found.text,
                quote=found.quote,
                start_offset=found.start,
                end_offset=found.end,
                source=found.source,
                origin_id=origin_id if resolution != "publisher" else None,
                resolution=resolution,
                candidates=list(found.candidates),
                via=_via(found),
                hedged=found.hedged,
                stance=found.stance,
                confidence=found.confidence,
                extractor=extraction.extractor,
                claim_id=claim.id if claim is not None else None,
                created_at=utcnow(),
            )
        )


def _origin(session: Session, found: Extracted, effects: Effects) -> tuple[str, str | None]:
    """How the extracted source becomes an origin: (resolution, outlet id or None)."""
    if not found.source or not _identifiable(found.source):
        # The article's own voice, or a source nobody could name ("a spokesman", "experts"):
        # the publisher vouches for it.
        return "publisher", None
    if found.origin and session.get(Outlet, found.origin) is not None:
        return "resolved", found.origin
    if found.candidates:
        return "ambiguous", None
    kind = found.kind_guess or "unknown"
    outlet = resolve_ref(session, {"name": found.source[:300], "kind": kind}, effects)
    return "created", outlet.id


def _identifiable(source: str) -> bool:
    """A source that names someone: some word of it is capitalised (a name, an agency),
    not only lower-case common nouns."""
    return any(word[:1].isupper() for word in source.split()[1:]) or (
        source[:1].isupper() and source.split()[0].lower() not in _GENERIC_OPENERS
    )


# Words that open a source without naming anyone ("The ministry", "A spokeswoman", "He").
_GENERIC_OPENERS = frozenset(
    (
        "a", "an", "the", "this", "that", "these", "those", "he", "she", "it", "they", "we", "i",
        "you", "some", "many", "several", "most", "few", "officials", "experts", "critics", "analysts",
        "sources", "observers", "residents", "witnesses", "reports",
    )
)


def _via(found: Extracted) -> list[str]:
    """The relay chain: outlet ids where a relay names a known outlet, else its words."""
    origins = found.via_origins or (None,) * len(found.via)
    return [origin or words for words, origin in zip(found.via, origins, strict=True)]
