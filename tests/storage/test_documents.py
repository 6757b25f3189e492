"""Terms documents in the database: definitions, optimistic locking, frozen versions, and the
migration that adds them to an existing clause library."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from alembic import command

from app.domain.clause import ClauseRecord, ClauseVersion
from app.domain.errors import ConflictError, NotFoundError
from app.domain.terms import (
    AssembledClause,
    AssembledDocument,
    AssembledParagraph,
    Section,
    TermsDocument,
    Variable,
)
from app.storage import migrate
from app.storage.clause_repository import ClauseRepository
from app.storage.database import Database
from app.storage.document_repository import DocumentRepository
from app.storage.engine import make_engine, writer
from tests.conftest import make_meta

AT = dt.datetime(2026, 2, 1, 12, 0, tzinfo=dt.UTC)
LAW = ClauseRecord(
    "governing-law",
    make_meta(),
    (
        ClauseVersion(1, "Old law wording.", "Legal", "First", AT),
        ClauseVersion(2, "Governed by {{ law }}.", "Legal", "Variable", AT),
    ),
)
DOCUMENT = TermsDocument(
    name="tos",
    title="Terms",
    variables=(Variable("law", default="Ireland"),),
    outline=(Section(heading="General", items=(Section(clause="governing-law"),)),),
)


def _assembled(text: str) -> AssembledDocument:
    clause = AssembledClause("1", 1, "General", (AssembledParagraph((text,)),), "_Ref0001_x")
    return AssembledDocument("tos", "Terms", (clause,), values=(("law", "Ireland"),))


def test_definition_is_stored_and_read_back(database: Database) -> None:
    with database.write() as session:
        ClauseRepository(session).add(LAW)
        saved = DocumentRepository(session).add(DOCUMENT, at=AT)
    assert saved.lock_version == 1
    with database.read() as session:
        got = DocumentRepository(session).get("tos")
    assert (got.title, got.variables, got.outline) == (
        DOCUMENT.title,
        DOCUMENT.variables,
        DOCUMENT.outline,
    )
    assert got.updated_at == AT


def test_stale_update_is_refused_and_nothing_is_written(database: Database) -> None:
    with database.write() as session:
        opened = DocumentRepository(session).add(DOCUMENT, at=AT)
    retitled = TermsDocument(**{**DOCUMENT.__dict__, "title": "Bob's Terms"})
    with database.write() as session:
        DocumentRepository(session).update(retitled, at=AT, expected_lock=opened.lock_version)
    mine = TermsDocument(**{**DOCUMENT.__dict__, "title": "Alice's Terms"})
    with pytest.raises(ConflictError, match="changed by someone else"), database.write() as session:
        DocumentRepository(session).update(mine, at=AT, expected_lock=opened.lock_version)
    with database.read() as session:
        assert DocumentRepository(session).get("tos").title == "Bob's Terms"


def test_versions_are_numbered_and_counted(database: Database) -> None:
    with database.write() as session:
        repo = DocumentRepository(session)
        repo.add(DOCUMENT, at=AT)
        first = repo.add_version("tos", _assembled("a"), label="Draft", author="alice", at=AT)
        second = repo.add_version("tos", _assembled("b"), label="Sent", author="bob", at=AT)
    assert (first.number, second.number) == (1, 2)
    with database.read() as session:
        repo = DocumentRepository(session)
        assert [s.versions for s in repo.summaries()] == [2]
        got = repo.version("tos", 2)
        assert (got.label, got.author, got.values) == ("Sent", "bob", (("law", "Ireland"),))
        assert got.assembled == _assembled("b")
        with pytest.raises(NotFoundError):
            repo.version("tos", 3)


def test_wordings_give_current_and_pinned_versions(database: Database) -> None:
    pinned = TermsDocument(
        name="pinned",
        title="Pinned",
        outline=(
            Section(clause="governing-law"),
            Section(clause="governing-law", version=1, anchor="old-law"),
        ),
    )
    with database.write() as session:
        ClauseRepository(session).add(LAW)
    with database.read() as session:
        repo = DocumentRepository(session)
        wordings = repo.wordings(pinned)
        assert wordings[("governing-law", None)].body == "Governed by {{ law }}."
        assert wordings[("governing-law", 1)].body == "Old law wording."
        missing = TermsDocument(
            "m", "M", outline=(Section(clause="governing-law", version=9), Section(clause="ghost"))
        )
        assert repo.missing_clauses(missing) == [
            "clause 'governing-law' has no version 9",
            "clause 'ghost' is not in the library",
        ]


def test_upgrade_from_the_clause_library_schema_keeps_clauses(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    config = migrate._config()
    with writer(engine).connect() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    assert migrate.current_revision(engine) == "0001"
    from sqlalchemy.orm import Session

    with Session(engine) as session, session.begin():
        ClauseRepository(session).add(LAW)
    engine.dispose()

    database = Database.open(url)
    try:
        assert migrate.current_revision(database.engine) == migrate.head_revision()
        assert database.backup_path is not None and database.backup_path.exists()
        with database.read() as session:
            assert ClauseRepository(session).get("governing-law").version == 2
        with database.write() as session:
            DocumentRepository(session).add(DOCUMENT, at=AT)
        with database.read() as session:
            assert [d.name for d in DocumentRepository(session).all()] == ["tos"]
    finally:
        database.dispose()
