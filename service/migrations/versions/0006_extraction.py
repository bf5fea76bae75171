"""extraction: outlet aliases, extracted claims, article language and format, appearance
provenance and relay chain

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import service.models

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outlet_aliases",
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("outlet_id", sa.String(length=64), nullable=False),
        sa.Column("alias", sa.String(length=300), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["outlet_id"], ["outlets.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_outlet_aliases_outlet_id", "outlet_aliases", ["outlet_id"], unique=False)
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("text_format", sa.String(length=8), nullable=False, server_default="text"))
        batch.add_column(sa.Column("language", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("extractor", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("skipped_reason", sa.Text(), nullable=True))
        batch.create_check_constraint("ck_articles_text_format", "text_format IN ('text', 'html')")
    with op.batch_alter_table("appearances") as batch:
        batch.add_column(sa.Column("provenance", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("via", sa.JSON(), nullable=False, server_default="[]"))
        batch.create_check_constraint("ck_appearances_provenance", "provenance IN ('pipeline', 'extracted')")
    # Appearances an article job made before extraction existed came from the pipeline.
    op.execute("UPDATE appearances SET provenance = 'pipeline' WHERE article_id IS NOT NULL")
    op.create_table(
        "extracted_claims",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("article_id", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("origin_id", sa.String(length=64), nullable=True),
        sa.Column("resolution", sa.String(length=16), nullable=False),
        sa.Column("candidates", sa.JSON(), nullable=False),
        sa.Column("via", sa.JSON(), nullable=False),
        sa.Column("hedged", sa.Boolean(), nullable=False),
        sa.Column("stance", sa.String(length=16), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("extractor", sa.String(length=64), nullable=False),
        sa.Column("claim_id", sa.String(length=40), nullable=True),
        sa.Column("created_at", service.models.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "stance IN ('supports', 'refutes', 'neutral')", name="ck_extracted_claims_stance"
        ),
        sa.CheckConstraint(
            "resolution IN ('resolved', 'publisher', 'ambiguous', 'created')",
            name="ck_extracted_claims_resolution",
        ),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["origin_id"], ["outlets.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_extracted_claims_article_id", "extracted_claims", ["article_id"], unique=False)
    op.create_index("ix_extracted_claims_claim_id", "extracted_claims", ["claim_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_extracted_claims_claim_id", table_name="extracted_claims")
    op.drop_index("ix_extracted_claims_article_id", table_name="extracted_claims")
    op.drop_table("extracted_claims")
    with op.batch_alter_table("appearances") as batch:
        batch.drop_constraint("ck_appearances_provenance", type_="check")
        batch.drop_column("via")
        batch.drop_column("provenance")
    with op.batch_alter_table("articles") as batch:
        batch.drop_constraint("ck_articles_text_format", type_="check")
        batch.drop_column("skipped_reason")
        batch.drop_column("extractor")
        batch.drop_column("language")
        batch.drop_column("text_format")
    op.drop_index("ix_outlet_aliases_outlet_id", table_name="outlet_aliases")
    op.drop_table("outlet_aliases")
