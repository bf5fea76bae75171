"""desk: sign-in sessions, the cookie-signing secret, list indexes, claim text search

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import service.models

# An external-content FTS5 table over claims.text with the trigram tokenizer (substring
# MATCH, case-folded), kept in step by triggers, and filled from the claims already there.
SQLITE_FTS = (
    "CREATE VIRTUAL TABLE claims_text_fts USING fts5(text, content='claims', tokenize='trigram')",
    "CREATE TRIGGER claims_text_fts_ai AFTER INSERT ON claims BEGIN "
    "INSERT INTO claims_text_fts(rowid, text) VALUES (new.rowid, new.text); END",
    "CREATE TRIGGER claims_text_fts_ad AFTER DELETE ON claims BEGIN "
    "INSERT INTO claims_text_fts(claims_text_fts, rowid, text) VALUES ('delete', old.rowid, old.text); END",
    "CREATE TRIGGER claims_text_fts_au AFTER UPDATE OF text ON claims BEGIN "
    "INSERT INTO claims_text_fts(claims_text_fts, rowid, text) VALUES ('delete', old.rowid, old.text); "
    "INSERT INTO claims_text_fts(rowid, text) VALUES (new.rowid, new.text); END",
    "INSERT INTO claims_text_fts(claims_text_fts) VALUES ('rebuild')",
)
revision = "0010"
down_revision = "0009"
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
    op.create_index("ix_articles_outlet_ref", "articles", ["outlet_ref"], unique=False)
    # Claim text search without reading every claim (service.records.queries.ClaimTextContains).
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX ix_claims_text_trgm ON claims USING gin (lower(text) gin_trgm_ops)")
    else:
        for statement in SQLITE_FTS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_claims_text_trgm")
    else:
        for name in ("claims_text_fts_ai", "claims_text_fts_ad", "claims_text_fts_au"):
            op.execute(f"DROP TRIGGER {name}")
        op.execute("DROP TABLE claims_text_fts")
    op.drop_index("ix_articles_outlet_ref", table_name="articles")
    op.drop_index("ix_articles_outlet", table_name="articles")
    op.drop_index("ix_outlet_scores_label", table_name="outlet_scores")
    op.drop_index("ix_claim_scores_label", table_name="claim_scores")
    op.drop_table("desk_secrets")
    op.drop_index("ix_desk_sessions_expires_at", table_name="desk_sessions")
    op.drop_index("ix_desk_sessions_key_id", table_name="desk_sessions")
    op.drop_table("desk_sessions")
