"""Work the database says is owed: outlets and claims whose revision is ahead of the one
last scored, articles still ``pending``, notifications still ``pending``. The reconciler
re-enqueues all of it, so a lost queue delays work but never loses it."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from service.models import Article, Claim, Outlet
from service.records.notifications import owed_deliveries

# A backlog of claims owed a match (Redis lost with their jobs) is worked off in rounds.
UNMATCHED_PER_ROUND = 1000


@dataclass
class Owed:
    outlets: list[str] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    notifications: list[tuple[str, str]] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"re-enqueued {len(self.outlets)} outlets, {len(self.claims)} claims, "
            f"{len(self.articles)} articles, {len(self.notifications)} notifications, "
            f"{len(self.unmatched)} claims to match"
        )


def stale_outlets(session: Session) -> list[str]:
    return list(session.execute(select(Outlet.id).where(Outlet.revision > Outlet.scored_revision)).scalars())


def stale_claims(session: Session) -> list[str]:
    """Claims owed a score; a merged claim is not scored any more (its survivor is)."""
    return list(
        session.execute(
            select(Claim.id).where(Claim.revision > Claim.scored_revision, Claim.merged_into.is_(None))
        ).scalars()
    )


def owed_work(session: Session, max_article_attempts: int = 1) -> Owed:
    """Everything owed. A ``failed`` article is owed too while it has had fewer than
    ``max_article_attempts`` runs: its retry lived in Redis (RQ's schedule), which a
    restart empties, or with a scheduler that was killed."""
    retry = and_(Article.status == "failed", Article.attempts < max_article_attempts)
    return Owed(
        outlets=stale_outlets(session),
        claims=stale_claims(session),
        # Oldest first: a backlog is worked through in arrival order.
        articles=list(
            session.execute(
                select(Article.id)
                .where(or_(Article.status == "pending", retry))
                .order_by(Article.created_at, Article.id)
            ).scalars()
        ),
        notifications=owed_deliveries(session),
        unmatched=list(
            session.execute(
                select(Claim.id)
                .where(Claim.matched_at.is_(None), Claim.merged_into.is_(None))
                .order_by(Claim.id)
                .limit(UNMATCHED_PER_ROUND)
            ).scalars()
        ),
    )
