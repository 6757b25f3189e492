"""Clause library: clauses, their versions, library settings and full-text search."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

FTS_COLUMNS = "title, body, tags, type, category"

TOKENIZER = "tokenize='porter unicode61 remove_diacritics 2'"

# clause_title_fts is a small second index over titles only: ranking "title matches first"
# for very common words must not scan the whole body index.
SQLITE_FTS = [
    f"""CREATE VIRTUAL TABLE clause_fts USING fts5({FTS_COLUMNS},
        content='clause', content_rowid='id', {TOKENIZER})""",
    f"""CREATE VIRTUAL TABLE clause_title_fts USING fts5(title,
        content='clause', content_rowid='id', {TOKENIZER})""",
    f"""CREATE TRIGGER clause_fts_ai AFTER INSERT ON clause BEGIN
        INSERT INTO clause_fts(rowid, {FTS_COLUMNS})
        VALUES (new.id, new.title, new.body, new.tags, new.type, new.category);
        INSERT INTO clause_title_fts(rowid, title) VALUES (new.id, new.title); END""",
    f"""CREATE TRIGGER clause_fts_ad AFTER DELETE ON clause BEGIN
        INSERT INTO clause_fts(clause_fts, rowid, {FTS_COLUMNS})
        VALUES ('delete', old.id, old.title, old.body, old.tags, old.type, old.category);
        INSERT INTO clause_title_fts(clause_title_fts, rowid, title)
        VALUES ('delete', old.id, old.title); END""",
    f"""CREATE TRIGGER clause_fts_au AFTER UPDATE ON clause BEGIN
        INSERT INTO clause_fts(clause_fts, rowid, {FTS_COLUMNS})
        VALUES ('delete', old.id, old.title, old.body, old.tags, old.type, old.category);
        INSERT INTO clause_fts(rowid, {FTS_COLUMNS})
        VALUES (new.id, new.title, new.body, new.tags, new.type, new.category);
        INSERT INTO clause_title_fts(clause_title_fts, rowid, title)
        VALUES ('delete', old.id, old.title);
        INSERT INTO clause_title_fts(rowid, title) VALUES (new.id, new.title); END""",
]

# PostgreSQL: an English configuration like SQLite's porter tokenizer: stemming, no stop words
# (FTS5 has none, so "in no event" must find the same clauses) and, where the server has the
# unaccent extension, accents ignored (FTS5's remove_diacritics).
SEARCH_CONFIG = "clausewright_english"
POSTGRES_CONFIG = [
    "CREATE TEXT SEARCH DICTIONARY clausewright_english_stem "
    "(TEMPLATE = snowball, Language = english)",
    f"CREATE TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} (COPY = english)",
]
WORD_TOKENS = "asciiword, asciihword, hword_asciipart, word, hword, hword_part"
# PostgreSQL's parser keeps e-mail addresses, host names and paths as single tokens where FTS5
# splits them into words; blanking those separators first lets "example" find "www.example.com".
SPLIT = "'@./:', '    '"
POSTGRES_FTS = [
    f"""ALTER TABLE clause ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('{SEARCH_CONFIG}', translate(coalesce(title, ''), {SPLIT})), 'A') ||
        setweight(to_tsvector('{SEARCH_CONFIG}', translate(coalesce(tags, '') || ' ' ||
                  coalesce(type, '') || ' ' || coalesce(category, ''), {SPLIT})), 'B') ||
        setweight(to_tsvector('{SEARCH_CONFIG}', translate(coalesce(body, ''), {SPLIT})), 'C')
        ) STORED""",
    "CREATE INDEX ix_clause_search_vector ON clause USING gin (search_vector)",
    # Titles alone, small: "title matches first" without reading every body's vector.
    f"""ALTER TABLE clause ADD COLUMN title_vector tsvector GENERATED ALWAYS AS (
        to_tsvector('{SEARCH_CONFIG}', translate(coalesce(title, ''), {SPLIT}))) STORED""",
    "CREATE INDEX ix_clause_title_vector ON clause USING gin (title_vector)",
]


def _create_postgres_search_config() -> None:
    for statement in POSTGRES_CONFIG:
        op.execute(statement)
    dictionaries = "clausewright_english_stem"
    if _unaccent_available():
        op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        dictionaries = "unaccent, " + dictionaries
    op.execute(
        f"ALTER TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} "
        f"ALTER MAPPING FOR {WORD_TOKENS} WITH {dictionaries}"
    )


def _unaccent_available() -> bool:
    """Installed already, or installable by this user (it is a trusted extension)."""
    bind = op.get_bind()
    installed = bind.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'unaccent'")
    if installed.first() is not None:
        return True
    query = (
        "SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent' "
        "AND has_database_privilege(current_database(), 'CREATE')"
    )
    return bind.exec_driver_sql(query).first() is not None


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
    if op.get_bind().dialect.name == "sqlite":
        statements = SQLITE_FTS
    else:
        _create_postgres_search_config()
        statements = POSTGRES_FTS
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("clause_fts_ai", "clause_fts_ad", "clause_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS clause_fts")
        op.execute("DROP TABLE IF EXISTS clause_title_fts")
    op.drop_table("library_setting")
    op.drop_table("clause_version")
    op.drop_table("clause")
    if op.get_bind().dialect.name != "sqlite":
        op.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {SEARCH_CONFIG}")
        op.execute("DROP TEXT SEARCH DICTIONARY IF EXISTS clausewright_english_stem")
