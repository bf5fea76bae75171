"""outlets: index on lower(name)

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_outlets_name_lower", "outlets", [sa.text("lower(name)")], unique=False)


def downgrade() -> None:
    op.drop_index("ix_outlets_name_lower", table_name="outlets")
