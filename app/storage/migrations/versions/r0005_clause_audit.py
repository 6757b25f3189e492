"""Audit trail: who changed a clause's details (title, status, tier, tags...) and when."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "clause_change",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("clause_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["clause_id"],
            ["clause.id"],
            name="fk_clause_change_clause_id_clause",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_clause_change"),
    )
    op.create_index("ix_clause_change_clause_id", "clause_change", ["clause_id"])


def downgrade() -> None:
    op.drop_table("clause_change")
