"""Copying a library between SQLite and PostgreSQL: lossless, idempotent, all or nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from app.domain.clause import ClauseRecord, ClauseVersion, Risk, Status, Tier
from app.domain.errors import InvalidInputError, StorageError
from app.storage.clause_repository import ClauseRepository
from app.storage.database import Database, set_setting
from app.storage.rows import TermsDocumentRow, TermsDocumentVersionRow
from app.storage.transfer import copy_library, library_tables
from tests.conftest import make_meta

pytestmark = pytest.mark.postgres

AT = dt.datetime(2025, 6, 30, 23, 30, 15, 123456, tzinfo=dt.UTC)


def _versions(*bodies: str) -> tuple[ClauseVersion, ...]:
    return tuple(
        ClauseVersion(n, body, f"user{n}", f"reason {n}", AT + dt.timedelta(hours=n))
        for n, body in enumerate(bodies, start=1)
    )


def _fill(database: Database, poison: bool = False) -> None:
    """A small library with everything a copy must carry: tiers, retired clauses, unicode,
    several versions, settings, and a terms document with a saved version."""
    preferred = make_meta("Competitor training", type="competitor-training", tier=Tier.PREFERRED)
    fallback = make_meta(
        "Competitor training (fallback)",
        type="competitor-training",
        tier=Tier.FALLBACK,
        risk=Risk.HIGH,
        tags=("ai", "output"),
        jurisdiction="EU",
        notes="Use when the customer insists.\nSecond line.",
    )
    retired = make_meta("Old venue", status=Status.RETIRED, owner=None, category=None)
    with database.write() as session:
        repo = ClauseRepository(session)
        repo.add(ClauseRecord("no-competing-models", preferred, _versions("No models.", "None.")))
        repo.add(ClauseRecord("competing-fallback", fallback, _versions("Ünïcödé — “quotes” 🙂")))
        last = "poison" if poison else "Courts of Paris."
        repo.add(ClauseRecord("old-venue", retired, _versions("Courts of Lyon.", last)))
        set_setting(session, "shipped_library_loaded", "1")
        document = TermsDocumentRow(
            name="saas-terms",
            title="SaaS Terms",
            definition='{"sections": []}',
            updated_at=AT,
        )
        document.versions = [
            TermsDocumentVersionRow(
                number=1,
                label="v1",
                assembled='{"clauses": []}',
                variable_values="{}",
                author="alice",
                created_at=AT,
            )
        ]
        session.add(document)


def _content(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    from app.storage.transfer import _rows

    with database.read() as session:
        return {table.name: _rows(session, table) for table in library_tables()}


@pytest.fixture
def local(tmp_path: Path) -> Iterator[Database]:
    database = Database.open(f"sqlite:///{tmp_path / 'local.db'}")
    _fill(database)
    yield database
    database.dispose()


@pytest.fixture
def server(pg_url: str) -> Iterator[Database]:
    database = Database.open(pg_url)
    yield database
    database.dispose()


def test_sqlite_to_postgres_and_back_is_lossless(
    local: Database, server: Database, tmp_path: Path
) -> None:
    original = _content(local)
    report = copy_library(local, server)
    assert not report.already_there
    assert report.rows["clause"] == 3 and report.rows["clause_version"] == 5
    assert report.rows["terms_document_version"] == 1
    assert _content(server) == original

    back = Database.open(f"sqlite:///{tmp_path / 'back.db'}")
    try:
        copy_library(server, back)
        assert _content(back) == original
        for database in (server, back):
            with database.read() as session:
                hits = ClauseRepository(session).search("competitor")
            assert {h.key for h in hits} == {"no-competing-models", "competing-fallback"}
    finally:
        back.dispose()


def test_copying_again_writes_nothing(local: Database, server: Database) -> None:
    copy_library(local, server)
    again = copy_library(local, server)
    assert again.already_there
    assert again.rows["clause"] == 3
    assert _content(server) == _content(local)


def test_a_target_with_other_content_is_refused_and_left_alone(
    local: Database, server: Database
) -> None:
    with server.write() as session:
        version = _versions("Theirs.")
        ClauseRepository(session).add(ClauseRecord("team-only", make_meta(), version))
    before = _content(server)
    with pytest.raises(InvalidInputError, match="already holds other content"):
        copy_library(local, server)
    assert _content(server) == before


def test_a_copy_failing_halfway_leaves_the_target_empty(tmp_path: Path, server: Database) -> None:
    poisoned = Database.open(f"sqlite:///{tmp_path / 'poisoned.db'}")
    _fill(poisoned, poison=True)
    with server.write() as session:  # the server refuses the very last version row
        session.execute(
            text("ALTER TABLE clause_version ADD CONSTRAINT no_poison CHECK (body <> 'poison')")
        )
    try:
        with pytest.raises(StorageError):
            copy_library(poisoned, server)
    finally:
        poisoned.dispose()
    assert all(rows == [] for rows in _content(server).values())


def test_new_clauses_on_the_server_after_a_copy_get_fresh_ids(
    local: Database, server: Database
) -> None:
    copy_library(local, server)
    with server.write() as session:
        added = ClauseRepository(session).add(
            ClauseRecord("new-one", make_meta("New"), _versions("New."))
        )
    assert added.key == "new-one"
    with server.read() as session:
        assert ClauseRepository(session).count() == 4
