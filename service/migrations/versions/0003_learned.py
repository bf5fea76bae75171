"""learned reliability and dependence

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import service.models

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "learned_reliability",
        sa.Column("outlet_id", sa.String(length=64), nullable=False),
        sa.Column("accuracy", sa.Float(), nullable=False),
        sa.Column("observations", sa.Float(), nullable=False),
        sa.Column("unit_key", sa.String(length=200), nullable=True),
        sa.Column("run_id", sa.String(length=40), nullable=False),
        sa.Column("computed_at", service.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["outlet_id"], ["outlets.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("outlet_id"),
    )
    op.create_table(
        "learned_dependence",
        sa.Column("outlet_a", sa.String(length=64), nullable=False),
        sa.Column("outlet_b", sa.String(length=64), nullable=False),
        sa.Column("probability", sa.Float(), nullable=False),
        sa.Column("run_id", sa.String(length=40), nullable=False),
        sa.Column("computed_at", service.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["outlet_a"], ["outlets.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["outlet_b"], ["outlets.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("outlet_a", "outlet_b"),
    )
    op.create_index("ix_learned_dependence_b", "learned_dependence", ["outlet_b"])


def downgrade() -> None:
    op.drop_index("ix_learned_dependence_b", table_name="learned_dependence")
    op.drop_table("learned_dependence")
    op.drop_table("learned_reliability")
