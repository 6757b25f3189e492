"""The shared playbook row: saved with an optimistic lock on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from app.domain.errors import ConflictError
from app.domain.playbook import SharedPlaybook
from app.storage.database import Database
from app.storage.playbook_repository import PlaybookRepository

AT = dt.datetime(2026, 2, 1, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def database(backend_url: str) -> Iterator[Database]:
    database = Database.open(backend_url)
    yield database
    database.dispose()


def _save(database: Database, text: str, author: str, lock: int | None) -> SharedPlaybook:
    with database.write() as session:
        return PlaybookRepository(session).save(text, author=author, at=AT, expected_lock=lock)


def test_a_new_library_has_no_playbook_until_one_is_saved(database: Database) -> None:
    with database.read() as session:
        assert PlaybookRepository(session).get() is None
    saved = _save(database, "rules: []\n", "alice", None)
    with database.read() as session:
        assert PlaybookRepository(session).get() == saved
    assert (saved.updated_by, saved.updated_at, saved.lock_version) == ("alice", AT, 1)


def test_saving_over_a_newer_playbook_is_refused_with_theirs(database: Database) -> None:
    first = _save(database, "rules: []\n", "alice", None)
    _save(database, "disabled: [x]\nrules: []\n", "bob", first.lock_version)
    with pytest.raises(ConflictError, match="changed by bob") as refused:
        _save(database, "disabled: [y]\nrules: []\n", "carol", first.lock_version)
    theirs = refused.value.theirs
    assert isinstance(theirs, SharedPlaybook) and theirs.updated_by == "bob"
    with database.read() as session:
        stored = PlaybookRepository(session).get()
    assert stored is not None and stored.rules_text == "disabled: [x]\nrules: []\n"


def test_two_people_publishing_the_first_playbook_conflict(database: Database) -> None:
    _save(database, "rules: []\n", "alice", None)
    with pytest.raises(ConflictError):
        _save(database, "disabled: [z]\nrules: []\n", "bob", None)
