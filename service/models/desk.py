"""The desk's sign-in sessions and the secret that signs its cookies.

A session row is the server side of a signed cookie: the cookie names the session (and
its API key), the row says whether it is still open. Rows live in the database, not
Redis, so losing Redis signs nobody out; Redis only caches them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from service.models.base import Base, utcnow


class DeskSession(Base):
    __tablename__ = "desk_sessions"
    # SHA-256 of the session token, so a read of this table cannot be replayed as a cookie.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    key_id: Mapped[str] = mapped_column(
        ForeignKey("api_keys.id", ondelete="CASCADE"), nullable=False, index=True
    )
    created_at: Mapped[datetime] = mapped_column(nullable=False, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(nullable=False, index=True)
    ended_at: Mapped[datetime | None] = mapped_column()


class DeskSecret(Base):
    """Secrets every web process must agree on (the cookie-signing key), created once by
    whichever process needs one first, unless configured (``CREDENCE_SECRET_KEY``)."""

    __tablename__ = "desk_secrets"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(128), nullable=False)
    created_at: Mapped[datetime] = mapped_column(nullable=False, default=utcnow)
