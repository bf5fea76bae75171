"""learned reliability: each run's held-out check, and the evidence behind each estimate

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import service.models

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "learned_runs",
        sa.Column("run_id", sa.String(length=40), nullable=False),
        sa.Column("part", sa.Integer(), nullable=False),
        sa.Column("sources", sa.Integer(), nullable=False),
        sa.Column("check", sa.JSON(), nullable=False),
        sa.Column("applied", sa.Boolean(), nullable=False),
        sa.Column("computed_at", service.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("run_id", "part"),
    )
    with op.batch_alter_table("learned_reliability") as batch:
        batch.add_column(sa.Column("evidence", sa.JSON(), nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("learned_reliability") as batch:
        batch.drop_column("evidence")
    op.drop_table("learned_runs")
