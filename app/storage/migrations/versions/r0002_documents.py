"""Terms documents: definitions (outline and variables as JSON) and their frozen versions."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "terms_document",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_terms_document"),
        sa.UniqueConstraint("name", name="uq_terms_document_name"),
    )
    op.create_table(
        "terms_document_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(500), nullable=False),
        sa.Column("assembled", sa.Text(), nullable=False),
        sa.Column("variable_values", sa.Text(), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["terms_document.id"],
            name="fk_terms_document_version_document_id_terms_document",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_terms_document_version"),
        sa.UniqueConstraint("document_id", "number", name="uq_terms_document_version_document_id"),
    )
    with op.batch_alter_table("terms_document_version") as batch:
        batch.create_index("ix_terms_document_version_document_id", ["document_id"])


def downgrade() -> None:
    with op.batch_alter_table("terms_document_version") as batch:
        batch.drop_index("ix_terms_document_version_document_id")
    op.drop_table("terms_document_version")
    op.drop_table("terms_document")
