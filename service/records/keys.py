"""API keys: ``crd_<id>_<secret>``, stored as a SHA-256 of the secret.

The secret is 256 random bits, so a fast hash is enough (no dictionary to guard against);
the record is looked up by its public id and the hash compared in constant time (by the
HTTP layer, ``service.http.auth``). Keys are created by the CLI or an admin, shown once,
revoked with an audit row; revoking drops the cached record after the commit.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from service.jobs.effects import Effects
from service.models import ROLES, ApiKey, utcnow
from service.records import audit
from service.records.errors import NotFound
from service.store import cache
from service.util.timefmt import rfc3339

RANK = {role: i for i, role in enumerate(ROLES)}
# What new_key makes: 12 hex digits of id, token_urlsafe(32) of secret. A token of any
# other shape names no key, and is refused without a lookup.
_ID = re.compile(r"[0-9a-f]{12}")
_SECRET = re.compile(r"[A-Za-z0-9_-]{43}")


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def parse_key(token: str) -> tuple[str, str] | None:
    """(key id, secret) of a well-formed ``crd_<id>_<secret>``, else None."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != "crd" or not _ID.fullmatch(parts[1]) or not _SECRET.fullmatch(parts[2]):
        return None
    return parts[1], parts[2]


def new_key(session: Session, name: str, role: str) -> tuple[ApiKey, str]:
    if role not in RANK:
        raise ValueError(f"unknown role {role!r}")
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    row = ApiKey(id=key_id, name=name, role=role, key_hash=hash_secret(secret))
    session.add(row)
    return row, f"crd_{key_id}_{secret}"


def key_body(k: ApiKey) -> dict[str, Any]:
    """The public view: never the hash, and the secret only in the creation response."""
    return {
        "id": k.id,
        "name": k.name,
        "role": k.role,
        "created_at": rfc3339(k.created_at),
        "last_used_at": rfc3339(k.last_used_at),
        "revoked_at": rfc3339(k.revoked_at),
    }


def create_key(session: Session, actor: str, name: str, role: str) -> dict[str, Any]:
    """A new key, audited; its body carries the secret as ``key``, this once."""
    row, secret = new_key(session, name, role)
    session.flush()
    body = key_body(row)
    audit.record(session, actor, "create", "api_key", row.id, None, body)
    return body | {"key": secret}


def revoke_key(session: Session, actor: str, key_id: str) -> Effects:
    row = session.get(ApiKey, key_id)
    if row is None:
        raise NotFound(f"No key {key_id!r}.")
    old = key_body(row)
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        audit.record(session, actor, "revoke", "api_key", key_id, old, key_body(row))
    return Effects(drop_keys={cache.api_key(key_id)})


def key_record(session: Session, key_id: str) -> dict[str, Any] | None:
    """What authentication caches for a key id: name, role and hash; ``{}`` for a revoked
    key (cacheable: there are only as many as were ever made); None for an id that names
    no key — not cached, since anyone can make up any number of those."""
    row = session.get(ApiKey, key_id)
    if row is None:
        return None
    if row.revoked_at is not None:
        return {}
    return {"name": row.name, "role": row.role, "hash": row.key_hash}


def key_works(session: Session, token: str) -> bool:
    """Whether ``token`` is a live key (constant-time hash comparison)."""
    parsed = parse_key(token)
    rec = key_record(session, parsed[0]) if parsed else None
    return bool(parsed and rec and hmac.compare_digest(rec["hash"], hash_secret(parsed[1])))


def touch_key(session: Session, key_id: str) -> None:
    session.execute(update(ApiKey).where(ApiKey.id == key_id).values(last_used_at=utcnow()))
