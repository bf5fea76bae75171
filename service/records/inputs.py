"""Database → engine inputs. Bulk queries only: a batch of claims costs a handful of
round trips, not one per claim or appearance."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from service.models import Appearance, Claim, Outlet, OutletScore, Profile, Verdict
from service.models.learned import LearnedReliability
from workers.scoring import (
    AppearanceInput,
    ClaimInput,
    LearnedAccuracy,
    OutletInfo,
    OutletInput,
    ProfileInput,
    ScoringConfig,
    TrackRecordItem,
    VerdictInput,
    score_outlet,
)


def outlet_input(
    session: Session, outlet: Outlet, profile_override: ProfileInput | None = None
) -> OutletInput:
    """The engine's view of an outlet; ``profile_override`` stands in for its profile
    (previews score a proposed profile without saving it)."""
    profile = session.get(Profile, outlet.profile_id) if outlet.profile_id else None
    rows = session.execute(
        select(Appearance, Verdict)
        .join(Verdict, Verdict.claim_id == Appearance.claim_id)
        .where(or_(Appearance.outlet_id == outlet.id, Appearance.origin_id == outlet.id))
        .order_by(Verdict.id, Appearance.id)
    ).all()
    learned = session.get(LearnedReliability, outlet.id)
    items = [
        TrackRecordItem(
            claim=a.claim_id,
            verdict=v.id,
            reviewer=v.reviewer_id,
            rating=v.rating,
            reviewed_at=v.reviewed_at,
            stance=a.stance,
            hedged=a.hedged,
            is_origin=(a.origin_id == outlet.id) or (a.origin_id is None),
        )
        for a, v in rows
    ]
    return OutletInput(
        id=outlet.id,
        kind=outlet.kind,
        profile=profile_override
        or (
            ProfileInput(profile.id, profile.version, dict(profile.criteria), profile.prior_strength)
            if profile
            else None
        ),
        track_record=items,
        learned=LearnedAccuracy(learned.accuracy, learned.observations, dict(learned.evidence))
        if learned
        else None,
    )


def claim_inputs(
    session: Session, claim_ids: Iterable[str]
) -> tuple[dict[str, ClaimInput], dict[str, list[ClaimInput]], dict[str, int]]:
    """The claims, their competitors (same question) and the revisions read."""
    ids = list(claim_ids)
    claims = session.execute(select(Claim).where(Claim.id.in_(ids))).scalars().all()
    revisions = {c.id: c.revision for c in claims}
    questions = {c.question for c in claims if c.question}
    siblings = (
        session.execute(select(Claim).where(Claim.question.in_(questions))).scalars().all()
        if questions
        else []
    )
    every = {c.id: c for c in list(claims) + list(siblings)}
    apps: dict[str, list[AppearanceInput]] = defaultdict(list)
    verdicts: dict[str, list[VerdictInput]] = defaultdict(list)
    keys = list(every)
    for i in range(0, len(keys), 900):
        chunk = keys[i : i + 900]
        for a in session.execute(
            select(
                Appearance.id,
                Appearance.claim_id,
                Appearance.outlet_id,
                Appearance.origin_id,
                Appearance.stance,
                Appearance.hedged,
            ).where(Appearance.claim_id.in_(chunk))
        ):
            apps[a.claim_id].append(AppearanceInput(a.id, a.outlet_id, a.origin_id, a.stance, a.hedged))
        for v in session.execute(
            select(Verdict.id, Verdict.claim_id, Verdict.reviewer_id, Verdict.rating).where(
                Verdict.claim_id.in_(chunk)
            )
        ):
            verdicts[v.claim_id].append(VerdictInput(v.id, v.reviewer_id, v.rating))
    inputs = {
        cid: ClaimInput(cid, c.question, tuple(apps[cid]), tuple(verdicts[cid])) for cid, c in every.items()
    }
    by_question: dict[str, list[ClaimInput]] = defaultdict(list)
    for c in every.values():
        if c.question:
            by_question[c.question].append(inputs[c.id])
    competitors = {
        cid: [o for o in by_question[every[cid].question or ""] if o.id != cid] for cid in revisions
    }
    return {cid: inputs[cid] for cid in revisions}, competitors, revisions


def outlet_infos(
    session: Session, inputs: Iterable[ClaimInput], config: ScoringConfig, now: datetime
) -> dict[str, OutletInfo]:
    ids: set[str] = set()
    for c in inputs:
        for a in c.appearances:
            ids.add(a.publisher)
            if a.origin:
                ids.add(a.origin)
        ids.update(v.reviewer for v in c.verdicts)
    out: dict[str, OutletInfo] = {}
    keys = sorted(ids)
    for i in range(0, len(keys), 900):
        chunk = keys[i : i + 900]
        # Columns, not entities: a batch touches thousands of outlets and only these
        # three fields matter unless an outlet has never been scored.
        rows = session.execute(
            select(Outlet.id, Outlet.network, OutletScore.reliability, LearnedReliability.unit_key)
            .outerjoin(OutletScore, OutletScore.outlet_id == Outlet.id)
            .outerjoin(LearnedReliability, LearnedReliability.outlet_id == Outlet.id)
            .where(Outlet.id.in_(chunk))
        ).all()
        for outlet_id, network, reliability, unit_key in rows:
            if reliability is None:
                # Not scored yet (its job is queued): use what its profile alone gives, so
                # the claim is not held back; the outlet's job propagates any difference.
                outlet = session.get(Outlet, outlet_id)
                assert outlet is not None
                reliability = score_outlet(outlet_input(session, outlet), config, now).reliability
            out[outlet_id] = OutletInfo(reliability, network, unit_key)
    return out
