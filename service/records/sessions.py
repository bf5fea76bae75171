"""Desk sign-in sessions, the server side of the desk's cookie.

Signing in with an API key opens a session row bound to that key; the cookie carries
the session token (random, 256 bits) and the key id, signed. A request is signed in
while the row is open and unexpired *and* the key is live, so revoking a key ends every
desk session it opened at once. Only the token's SHA-256 is stored.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.jobs.effects import Effects
from service.models import DeskSecret, DeskSession, utcnow
from service.store import cache
from service.util.timefmt import rfc3339

SIGNING_SECRET_NAME = "cookie-signing"  # noqa: S105 - the row's name, not a secret
# Ended and expired rows are kept this long (for whoever looks), then deleted.
KEEP_CLOSED = timedelta(days=7)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(session: Session, key_id: str, lifetime: timedelta) -> tuple[str, DeskSession]:
    """A new session for ``key_id`` (whose secret the caller has verified): the token for
    the cookie, shown to nobody else, and the row."""
    now = utcnow()
    token = secrets.token_urlsafe(32)
    row = DeskSession(id=token_hash(token), key_id=key_id, created_at=now, expires_at=now + lifetime)
    session.add(row)
    # Sign-ins are rare: they pay for sweeping what ended a while ago.
    session.execute(delete(DeskSession).where(DeskSession.expires_at < now - KEEP_CLOSED))
    session.flush()
    return token, row


def session_record(session: Session, hashed: str) -> dict[str, Any]:
    """What a request checks (and Redis caches): the key and the expiry of an open
    session; ``{}`` for one that ended or never existed."""
    row = session.get(DeskSession, hashed)
    if row is None or row.ended_at is not None:
        return {}
    return {"key_id": row.key_id, "expires_at": rfc3339(row.expires_at)}


def is_open(record: dict[str, Any], key_id: str, now: datetime) -> bool:
    if not record or record.get("key_id") != key_id:
        return False
    return datetime.fromisoformat(str(record["expires_at"]).replace("Z", "+00:00")) > now


def close_session(session: Session, hashed: str) -> Effects:
    """End the session (sign-out); its cached record goes after the commit."""
    row = session.get(DeskSession, hashed)
    if row is not None and row.ended_at is None:
        row.ended_at = utcnow()
    return Effects(drop_keys={cache.desk_session(hashed)})


def signing_secret(session: Session) -> str:
    """The cookie-signing secret every web process shares: read, or created by the first
    process to ask (a concurrent creator loses the insert and reads the winner's)."""
    stmt = select(DeskSecret.value).where(DeskSecret.name == SIGNING_SECRET_NAME)
    found = session.execute(stmt).scalar()
    if found is not None:
        return str(found)
    row = DeskSecret(name=SIGNING_SECRET_NAME, value=secrets.token_urlsafe(48), created_at=utcnow())
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        pass
    return str(session.execute(stmt).scalar_one())
