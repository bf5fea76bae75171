"""desk: sign-in sessions, the cookie-signing secret, list indexes

Revision ID: 0007
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import service.models

revision = "0007"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "desk_sessions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("key_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", service.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", service.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ended_at", service.models.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["key_id"], ["api_keys.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_desk_sessions_key_id", "desk_sessions", ["key_id"], unique=False)
    op.create_index("ix_desk_sessions_expires_at", "desk_sessions", ["expires_at"], unique=False)
    op.create_table(
        "desk_secrets",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", sa.String(length=128), nullable=False),
        sa.Column("created_at", service.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_index("ix_claim_scores_label", "claim_scores", ["label", "claim_id"], unique=False)
    op.create_index("ix_outlet_scores_label", "outlet_scores", ["label", "outlet_id"], unique=False)
    op.create_index("ix_articles_outlet", "articles", ["outlet_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_articles_outlet", table_name="articles")
    op.drop_index("ix_outlet_scores_label", table_name="outlet_scores")
    op.drop_index("ix_claim_scores_label", table_name="claim_scores")
    op.drop_table("desk_secrets")
    op.drop_index("ix_desk_sessions_expires_at", table_name="desk_sessions")
    op.drop_index("ix_desk_sessions_key_id", table_name="desk_sessions")
    op.drop_table("desk_sessions")
