"""The shapes the service answers, as ``TypedDict``s for type checkers and editors. They
name the members a caller relies on (``total=False``: a member the service adds later is
still there at run time, just untyped); ``/openapi.json`` is the full contract."""

from __future__ import annotations

from typing import Any, TypedDict


class OutletSummary(TypedDict, total=False):
    id: str
    name: str
    kind: str
    country: str | None
    network: str | None


class LookupResult(TypedDict, total=False):
    url: str
    domain: str | None
    error: str
    outlet: OutletSummary | None
    score: int | None
    reliability: float | None
    interval: list[float] | None
    label: str


class Outlet(TypedDict, total=False):
    id: str
    name: str
    kind: str
    domains: list[str]
    aliases: list[str]
    country: str | None
    network: str | None
    profile: str | None


class Score(TypedDict, total=False):
    outlet: str
    score: int
    reliability: float
    interval: list[float]
    label: str
    explanation: dict[str, Any]


class Claim(TypedDict, total=False):
    id: str
    text: str
    question: str | None
    topics: list[str]
    appearances: list[dict[str, Any]]
    verdicts: list[dict[str, Any]]
    corroboration: dict[str, Any]
    stale: bool


class Job(TypedDict, total=False):
    id: str
    status: str  # queued | started | finished | failed
    enqueued_at: str | None
    started_at: str | None
    ended_at: str | None
    retries_left: int | None
    error: str | None


class CreatedKey(TypedDict, total=False):
    id: str
    name: str
    role: str
    key: str  # the secret, shown once


class Subscription(TypedDict, total=False):
    id: str
    url: str
    events: list[str]
    disabled_at: str | None
    disabled_reason: str | None
    failures: int
    pending: int
    secret: str  # the whsec_… signing secret, in the creation response only
