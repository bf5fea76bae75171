"""The relational model, split by aggregate. The database is the source of truth; every
constraint the contract relies on (unique domains, unique appearances, enums, foreign
keys) lives in these tables.

Importing this package imports every table module, so ``Base.metadata`` is complete for
Alembic and for the tests that compare it with the migrations. It may import
``service.models.*`` and the engine's vocabulary (``workers.scoring.types``) only.
"""

from __future__ import annotations

from service.models.access import ApiKey, AuditEntry
from service.models.articles import Article, ExtractedClaim, WebhookDelivery
from service.models.base import (
    ARTICLE_STATUSES,
    MATCH_STATUSES,
    OUTLET_KINDS,
    PROVENANCES,
    RATINGS,
    RESOLUTIONS,
    ROLES,
    STANCES,
    TEXT_FORMATS,
    Base,
    UTCDateTime,
    utcnow,
)
from service.models.claims import Appearance, Claim, Verdict
from service.models.desk import DeskSecret, DeskSession
from service.models.learned import LearnedDependence, LearnedReliability, LearnedRun
from service.models.matching import ClaimMatch, ClaimMerge, ClaimVector
from service.models.notifications import (
    EVENT_TYPES,
    NotificationDelivery,
    NotificationOutbox,
    Subscription,
)
from service.models.outlets import Outlet, OutletAlias, OutletDomain
from service.models.profiles import Profile, ProfileVersion, ScoringConfigVersion
from service.models.scores import ClaimScore, ClaimScoreHistory, OutletScore, OutletScoreHistory

__all__ = [
    "ARTICLE_STATUSES",
    "EVENT_TYPES",
    "MATCH_STATUSES",
    "OUTLET_KINDS",
    "PROVENANCES",
    "RATINGS",
    "RESOLUTIONS",
    "ROLES",
    "STANCES",
    "TEXT_FORMATS",
    "ApiKey",
    "Appearance",
    "Article",
    "AuditEntry",
    "Base",
    "Claim",
    "ClaimMatch",
    "ClaimMerge",
    "ClaimScore",
    "ClaimScoreHistory",
    "ClaimVector",
    "DeskSecret",
    "DeskSession",
    "ExtractedClaim",
    "LearnedDependence",
    "LearnedReliability",
    "LearnedRun",
    "NotificationDelivery",
    "NotificationOutbox",
    "Outlet",
    "OutletAlias",
    "OutletDomain",
    "OutletScore",
    "OutletScoreHistory",
    "Profile",
    "ProfileVersion",
    "ScoringConfigVersion",
    "Subscription",
    "UTCDateTime",
    "Verdict",
    "WebhookDelivery",
    "utcnow",
]
