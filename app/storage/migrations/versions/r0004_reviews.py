"""Saved reviews of customers' contracts (the result as JSON, the lawyer's notes per clause)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contract_review",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("customer", sa.String(500), nullable=False),
        sa.Column("contract", sa.Text(), nullable=False),
        sa.Column("standard", sa.String(500), nullable=False),
        sa.Column("standard_version", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deviations", sa.Integer(), nullable=False),
        sa.Column("lost", sa.Text(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_contract_review"),
    )
    with op.batch_alter_table("contract_review") as batch:
        batch.create_index("ix_contract_review_customer", ["customer"])


def downgrade() -> None:
    with op.batch_alter_table("contract_review") as batch:
        batch.drop_index("ix_contract_review_customer")
    op.drop_table("contract_review")
