"""Clause library: clauses, their versions, library settings and full-text search."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

FTS_COLUMNS = "title, body, tags, type, category"

SQLITE_FTS = [
    f"""CREATE VIRTUAL TABLE clause_fts USING fts5({FTS_COLUMNS},
        content='clause', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER clause_fts_ai AFTER INSERT ON clause BEGIN
        INSERT INTO clause_fts(rowid, {FTS_COLUMNS})
        VALUES (new.id, new.title, new.body, new.tags, new.type, new.category); END""",
    f"""CREATE TRIGGER clause_fts_ad AFTER DELETE ON clause BEGIN
        INSERT INTO clause_fts(clause_fts, rowid, {FTS_COLUMNS})
        VALUES ('delete', old.id, old.title, old.body, old.tags, old.type, old.category); END""",
    f"""CREATE TRIGGER clause_fts_au AFTER UPDATE ON clause BEGIN
        INSERT INTO clause_fts(clause_fts, rowid, {FTS_COLUMNS})
        VALUES ('delete', old.id, old.title, old.body, old.tags, old.type, old.category);
        INSERT INTO clause_fts(rowid, {FTS_COLUMNS})
        VALUES (new.id, new.title, new.body, new.tags, new.type, new.category); END""",
]

POSTGRES_FTS = [
    """ALTER TABLE clause ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(tags, '') || ' ' || coalesce(type, '') || ' '
                  || coalesce(category, '')), 'B') ||
        setweight(to_tsvector('english', coalesce(body, '')), 'C')) STORED""",
    "CREATE INDEX ix_clause_search_vector ON clause USING gin (search_vector)",
]


def upgrade() -> None:
    op.create_table(
        "clause",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(120), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("type", sa.String(120), nullable=False),
        sa.Column("category", sa.String(120), nullable=True),
        sa.Column("tier", sa.String(20), nullable=True),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("risk", sa.String(20), nullable=False),
        sa.Column("jurisdiction", sa.String(120), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("owner", sa.String(200), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("current_version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_clause"),
        sa.UniqueConstraint("key", name="uq_clause_key"),
    )
    op.create_index("ix_clause_type", "clause", ["type"])
    op.create_index("ix_clause_category", "clause", ["category"])
    op.create_index("ix_clause_status", "clause", ["status"])
    op.create_table(
        "clause_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("clause_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["clause_id"],
            ["clause.id"],
            name="fk_clause_version_clause_id_clause",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_clause_version"),
        sa.UniqueConstraint("clause_id", "number", name="uq_clause_version_clause_id"),
    )
    op.create_index("ix_clause_version_clause_id", "clause_version", ["clause_id"])
    op.create_table(
        "library_setting",
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_library_setting"),
    )
    statements = SQLITE_FTS if op.get_bind().dialect.name == "sqlite" else POSTGRES_FTS
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("clause_fts_ai", "clause_fts_ad", "clause_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS clause_fts")
    op.drop_table("library_setting")
    op.drop_table("clause_version")
    op.drop_table("clause")
