"""The clause repository behaves the same on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from app.domain.clause import ClauseRecord, ClauseVersion, Status
from app.domain.errors import ConflictError, NewerSchemaError
from app.storage import migrate
from app.storage.clause_repository import ClauseRepository
from app.storage.database import Database
from app.storage.rows import ClauseRow
from tests.conftest import make_meta

T0 = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)


def record(key: str, *bodies: str, title: str = "Governing Law") -> ClauseRecord:
    history = tuple(
        ClauseVersion(n, body, f"author{n}", f"reason {n}", T0 + dt.timedelta(days=n))
        for n, body in enumerate(bodies, start=1)
    )
    return ClauseRecord(key, make_meta(title), history)


@pytest.fixture
def database(backend_url: str) -> Iterator[Database]:
    database = Database.open(backend_url)
    yield database
    database.dispose()


def test_a_clause_with_its_history_reads_back_exactly(database: Database) -> None:
    original = record("law", "Governed by English law.", "Governed by Irish law.")
    with database.write() as session:
        ClauseRepository(session).add(original)
    with database.read() as session:
        repo = ClauseRepository(session)
        assert repo.record("law") == original
        clause = repo.get("law")
        assert (clause.body, clause.version, clause.lock_version) == (
            "Governed by Irish law.",
            2,
            1,
        )
        assert clause.updated_at == original.history[-1].created_at
        assert repo.count() == 1
        assert repo.categories() == {"governing-law": 1}


def test_add_version_appends_and_advances_the_lock(database: Database) -> None:
    with database.write() as session:
        ClauseRepository(session).add(record("law", "One."))
    with database.write() as session:
        saved = ClauseRepository(session).add_version(
            "law", "Two.", author="bob", reason="clarify", at=T0, expected_lock=1
        )
    assert (saved.version, saved.lock_version) == (2, 2)
    with database.read() as session:
        history = ClauseRepository(session).history("law")
    assert [(v.number, v.body, v.author) for v in history] == [
        (1, "One.", "author1"),
        (2, "Two.", "bob"),
    ]


def test_a_stale_lock_is_refused_with_their_text_and_nothing_is_written(
    database: Database,
) -> None:
    with database.write() as session:
        ClauseRepository(session).add(record("law", "One."))
    with database.write() as session:
        ClauseRepository(session).add_version("law", "Theirs.", author="a", reason="r", at=T0)
    with pytest.raises(ConflictError) as refused, database.write() as session:
        ClauseRepository(session).add_version(
            "law", "Mine.", author="b", reason="r", at=T0, expected_lock=1
        )
    assert refused.value.theirs is not None
    assert refused.value.theirs.body == "Theirs."  # type: ignore[attr-defined]
    with database.read() as session:
        assert [v.body for v in ClauseRepository(session).history("law")] == ["One.", "Theirs."]


@pytest.mark.postgres
def test_a_save_between_load_and_flush_is_a_conflict_on_postgres(pg_url: str) -> None:
    """The ORM's version counter catches a save made while another transaction held the row.

    (On SQLite the writer's BEGIN IMMEDIATE already serializes such transactions.)
    """
    database = Database.open(pg_url)
    try:
        with database.write() as session:
            ClauseRepository(session).add(record("law", "One."))
        with pytest.raises(ConflictError), database.write() as mine:
            row = mine.query(ClauseRow).filter_by(key="law").one()
            with database.write() as theirs:
                theirs.query(ClauseRow).filter_by(key="law").one().notes = "first"
            row.notes = "second"
        with database.read() as session:
            assert ClauseRepository(session).get("law").meta.notes == "first"
    finally:
        database.dispose()


def test_new_database_is_migrated_to_the_head_revision(database: Database) -> None:
    assert migrate.current_revision(database.engine) == migrate.head_revision()
    with database.read() as session:
        assert ClauseRepository(session).count() == 0


def test_a_newer_schema_is_refused_on_both_backends(backend_url: str) -> None:
    Database.open(backend_url).dispose()
    database = Database.open(backend_url)
    with database.write() as session:
        ClauseRepository(session).add(record("law", "Kept."))
        session.execute(text("UPDATE alembic_version SET version_num = 'f00d'"))
    database.dispose()
    with pytest.raises(NewerSchemaError, match="newer version of Clausewright"):
        Database.open(backend_url)
    from app.storage.engine import make_engine

    engine = make_engine(backend_url)
    try:
        assert migrate.current_revision(engine) == "f00d"
        with engine.connect() as conn:
            assert conn.execute(text("SELECT body FROM clause")).scalar() == "Kept."
    finally:
        engine.dispose()


def test_reopening_an_up_to_date_library_changes_nothing(backend_url: str) -> None:
    first = Database.open(backend_url)
    with first.write() as session:
        ClauseRepository(session).add(record("law", "Kept."))
    first.dispose()
    again = Database.open(backend_url)
    try:
        assert again.backup_path is None
        with again.read() as session:
            assert ClauseRepository(session).get("law").body == "Kept."
    finally:
        again.dispose()


def test_retired_clauses_are_searched_only_on_request(database: Database) -> None:
    retired = record("old-law", "Governed by the laws of Ruritania.")
    with database.write() as session:
        repo = ClauseRepository(session)
        repo.add(retired)
        repo.update_meta(
            "old-law", make_meta("Governing Law", status=Status.RETIRED), at=T0, expected_lock=1
        )
    with database.read() as session:
        repo = ClauseRepository(session)
        assert repo.search("Ruritania") == []
        assert [h.key for h in repo.search("Ruritania", include_retired=True)] == ["old-law"]


@pytest.mark.parametrize(
    "query", ['"unterminated', "a:b & c | !d", "NEAR(x y)", "title:foo", "*", "ab'cd", "_"]
)
def test_any_typed_query_is_safe(database: Database, query: str) -> None:
    with database.write() as session:
        ClauseRepository(session).add(record("law", "The foo of ab cd, near x and y."))
    with database.read() as session:
        ClauseRepository(session).search(query)  # must not raise
