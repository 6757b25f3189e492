"""A dropped server connection: a clear message, nothing half-written, a new connection next."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.domain.clause import ClauseRecord, ClauseVersion
from app.domain.errors import ConnectionLostError, StorageError
from app.storage.clause_repository import ClauseRepository
from app.storage.database import Database, set_setting
from tests.conftest import make_meta
from tests.pg_server import postgres_server

pytestmark = pytest.mark.postgres

AT = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


@pytest.fixture
def database(pg_url: str) -> Iterator[Database]:
    database = Database.open(pg_url)
    with database.write() as session:
        version = ClauseVersion(1, "Governed by English law.", "alice", "Created", AT)
        ClauseRepository(session).add(ClauseRecord("law", make_meta(), (version,)))
    yield database
    database.dispose()


def _kill_own_connection(session: Session) -> None:
    pid = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
    postgres_server().admin(f"SELECT pg_terminate_backend({int(pid)})")


def test_a_connection_dropped_mid_save_is_reported_and_nothing_is_half_written(
    database: Database,
) -> None:
    with pytest.raises(ConnectionLostError) as lost, database.write() as session:
        repo = ClauseRepository(session)
        repo.add_version("law", "Irish law.", author="bob", reason="move", at=AT, expected_lock=1)
        _kill_own_connection(session)
        set_setting(session, "half", "written")
        session.flush()
    message = str(lost.value)
    assert "connection to the library server" in message
    assert "nothing was half-written" in message and "your edit is kept" in message
    with database.read() as session:
        repo = ClauseRepository(session)
        assert [v.body for v in repo.history("law")] == ["Governed by English law."]
        assert repo.get("law").lock_version == 1
    assert database.get_setting("half") is None


def test_saving_again_after_the_drop_succeeds_on_a_new_connection(database: Database) -> None:
    with pytest.raises(ConnectionLostError), database.write() as session:
        _kill_own_connection(session)
        ClauseRepository(session).add_version(
            "law", "Irish law.", author="bob", reason="move", at=AT, expected_lock=1
        )
    with database.write() as session:
        saved = ClauseRepository(session).add_version(
            "law", "Irish law.", author="bob", reason="move", at=AT, expected_lock=1
        )
    assert saved.version == 2


def test_a_read_is_retried_once_on_a_fresh_connection(database: Database) -> None:
    attempts: list[int] = []

    def count_clauses(session: Session) -> int:
        attempts.append(1)
        if len(attempts) == 1:
            _kill_own_connection(session)
        return ClauseRepository(session).count()

    assert database.read_retrying(count_clauses) == 1
    assert len(attempts) == 2


def test_an_unreachable_server_is_a_clear_error_without_the_password() -> None:
    url = "postgresql+psycopg://alice:sekrit@127.0.0.1:1/library"
    with pytest.raises(StorageError, match="cannot open the library database") as refused:
        Database.open(url)
    assert "sekrit" not in str(refused.value)
