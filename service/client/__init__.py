"""A Python client for Credence, for newsroom tools (``from service.client import
Credence``). It speaks HTTP only and imports nothing else of the service (an
import-linter contract holds it to that), so a tool needs the distribution, not a
database or Redis.

    with Credence("http://127.0.0.1:8000", key) as credence:
        credence.lookup("https://www.reuters.com/world/x")["label"]
"""

from __future__ import annotations

from service.client.client import Credence
from service.client.errors import (
    BadRequest,
    Conflict,
    CredenceError,
    Forbidden,
    JobFailed,
    NotFound,
    PayloadTooLarge,
    PreconditionFailed,
    ProblemError,
    RateLimited,
    ServerError,
    TransportError,
    Unauthorized,
    Unavailable,
    ValidationFailed,
    WaitTimeout,
)
from service.client.ingest import Delivery
from service.client.signing import IngestSigner, secrets_from_env

__all__ = [
    "BadRequest",
    "Conflict",
    "Credence",
    "CredenceError",
    "Delivery",
    "Forbidden",
    "IngestSigner",
    "JobFailed",
    "NotFound",
    "PayloadTooLarge",
    "PreconditionFailed",
    "ProblemError",
    "RateLimited",
    "ServerError",
    "TransportError",
    "Unauthorized",
    "Unavailable",
    "ValidationFailed",
    "WaitTimeout",
    "secrets_from_env",
]
