"""matching: claim vectors, candidate links for review, merges (undoable), merged claims

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import service.models

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("merged_into", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("matched_at", service.models.UTCDateTime(timezone=True), nullable=True))
        batch.create_foreign_key("fk_claims_merged_into", "claims", ["merged_into"], ["id"])
        batch.create_index("ix_claims_merged_into", ["merged_into"], unique=False)
        batch.create_index("ix_claims_updated_at", ["updated_at"], unique=False)
        batch.create_index("ix_claims_unmatched", ["matched_at"], unique=False)
    # Claims that predate matching are what they are: none is owed a decision (which could
    # merge long-settled claims behind everyone's back).
    op.execute("UPDATE claims SET matched_at = created_at")
    op.create_table(
        "claim_vectors",
        sa.Column("claim_id", sa.String(length=40), nullable=False),
        sa.Column("model", sa.String(length=200), nullable=False),
        sa.Column("dim", sa.Integer(), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", service.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("claim_id"),
    )
    op.create_table(
        "claim_matches",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("claim_id", sa.String(length=40), nullable=False),
        sa.Column("candidate_id", sa.String(length=40), nullable=False),
        sa.Column("probability", sa.Float(), nullable=False),
        sa.Column("why", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", service.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=128), nullable=True),
        sa.Column("decided_at", service.models.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('pending', 'merged', 'rejected')", name="ck_claim_matches_status"),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["candidate_id"], ["claims.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("claim_id", "candidate_id", name="uq_claim_matches_pair"),
    )
    op.create_index("ix_claim_matches_claim_id", "claim_matches", ["claim_id"], unique=False)
    op.create_index("ix_claim_matches_candidate_id", "claim_matches", ["candidate_id"], unique=False)
    op.create_index("ix_claim_matches_status", "claim_matches", ["status", "id"], unique=False)
    op.create_table(
        "claim_merges",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("merged_id", sa.String(length=40), nullable=False),
        sa.Column("survivor_id", sa.String(length=40), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("cause", sa.String(length=200), nullable=False),
        sa.Column("moved_appearances", sa.JSON(), nullable=False),
        sa.Column("moved_verdicts", sa.JSON(), nullable=False),
        sa.Column("merged_at", service.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("undone_by", sa.String(length=128), nullable=True),
        sa.Column("undone_at", service.models.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["merged_id"], ["claims.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["survivor_id"], ["claims.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_claim_merges_merged_id", "claim_merges", ["merged_id"], unique=False)
    op.create_index("ix_claim_merges_survivor_id", "claim_merges", ["survivor_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_claim_merges_survivor_id", table_name="claim_merges")
    op.drop_index("ix_claim_merges_merged_id", table_name="claim_merges")
    op.drop_table("claim_merges")
    op.drop_index("ix_claim_matches_status", table_name="claim_matches")
    op.drop_index("ix_claim_matches_candidate_id", table_name="claim_matches")
    op.drop_index("ix_claim_matches_claim_id", table_name="claim_matches")
    op.drop_table("claim_matches")
    op.drop_table("claim_vectors")
    with op.batch_alter_table("claims") as batch:
        batch.drop_index("ix_claims_unmatched")
        batch.drop_index("ix_claims_updated_at")
        batch.drop_index("ix_claims_merged_into")
        batch.drop_constraint("fk_claims_merged_into", type_="foreignkey")
        batch.drop_column("matched_at")
        batch.drop_column("merged_into")
