"""Two people editing one library: a stale save is refused with their text, nothing is lost."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import event

from app.domain.clause import Clause, Status
from app.domain.errors import ConflictError, ConnectionLostError
from app.services.clause_library import ClauseLibrary
from app.storage.database import Database
from tests.conftest import FixedClock, make_meta
from tests.pg_server import postgres_server

LAW = "These Terms are governed by the laws of England and Wales."


@pytest.fixture
def alice_and_bob(backend_url: str) -> Iterator[tuple[ClauseLibrary, ClauseLibrary]]:
    """Two users, each with their own connection pool, on the same library."""
    first = Database.open(backend_url)
    second = Database.open(backend_url)
    clock = FixedClock()
    yield (
        ClauseLibrary(first, user="alice", clock=clock),
        ClauseLibrary(second, user="bob", clock=clock),
    )
    first.dispose()
    second.dispose()


def test_a_stale_save_is_refused_with_their_text_and_nothing_is_lost(
    alice_and_bob: tuple[ClauseLibrary, ClauseLibrary],
) -> None:
    alice, bob = alice_and_bob
    alice.create(make_meta(), LAW, key="law")
    alice_opened = alice.get("law")
    bob_opened = bob.get("law")
    ireland = LAW.replace("England and Wales", "Ireland")
    alice.revise("law", ireland, "Move to Dublin", expected_lock=alice_opened.lock_version)

    scotland = LAW.replace("England and Wales", "Scotland")
    with pytest.raises(ConflictError) as refused:
        bob.revise("law", scotland, "Move to Edinburgh", expected_lock=bob_opened.lock_version)

    theirs = refused.value.theirs
    assert isinstance(theirs, Clause)
    assert theirs.body == ireland
    assert "changed by someone else" in str(refused.value)
    history = bob.history("law")
    assert [(v.body, v.author) for v in history] == [(LAW, "alice"), (ireland, "alice")]


def test_after_a_conflict_the_user_can_save_a_merge_over_the_version_they_saw(
    alice_and_bob: tuple[ClauseLibrary, ClauseLibrary],
) -> None:
    alice, bob = alice_and_bob
    alice.create(make_meta(), LAW, key="law")
    bob_opened = bob.get("law")
    alice.revise("law", LAW + " Courts of London.", "Venue", expected_lock=1)
    with pytest.raises(ConflictError) as refused:
        bob.revise("law", LAW + " English text prevails.", "Language", expected_lock=1)
    theirs = refused.value.theirs
    assert isinstance(theirs, Clause) and bob_opened.lock_version != theirs.lock_version

    merged = LAW + " Courts of London. English text prevails."
    saved = bob.revise("law", merged, "Language (merged)", expected_lock=theirs.lock_version)

    assert saved.body == merged
    history = alice.history("law")
    assert [(v.number, v.author, v.reason) for v in history] == [
        (1, "alice", "Created"),
        (2, "alice", "Venue"),
        (3, "bob", "Language (merged)"),
    ]
    assert history[2].created_at > history[1].created_at > history[0].created_at


def test_metadata_changes_and_retiring_also_refuse_stale_locks(
    alice_and_bob: tuple[ClauseLibrary, ClauseLibrary],
) -> None:
    alice, bob = alice_and_bob
    alice.create(make_meta(), LAW, key="law")
    seen = bob.get("law")
    alice.update_metadata("law", make_meta(notes="checked"), expected_lock=seen.lock_version)
    with pytest.raises(ConflictError):
        bob.retire("law", expected_lock=seen.lock_version)
    with pytest.raises(ConflictError):
        bob.update_metadata("law", make_meta(notes="mine"), expected_lock=seen.lock_version)
    now = alice.get("law")
    assert (now.status, now.meta.notes) == (Status.APPROVED, "checked")


@pytest.mark.postgres
def test_a_connection_dropped_during_a_save_keeps_the_edit_for_a_retry(pg_url: str) -> None:
    database = Database.open(pg_url)
    library = ClauseLibrary(database, user="alice", clock=FixedClock())
    library.create(make_meta(), LAW, key="law")
    opened = library.get("law")
    edit = LAW.replace("England and Wales", "Ireland")
    dropped: list[int] = []

    @event.listens_for(database.engine, "before_cursor_execute")
    def drop_during_version_insert(conn, cursor, statement, *_args):  # type: ignore[no-untyped-def]
        if statement.startswith("INSERT INTO clause_version") and not dropped:
            dropped.append(conn.connection.dbapi_connection.info.backend_pid)
            postgres_server().admin(f"SELECT pg_terminate_backend({dropped[0]})")

    try:
        with pytest.raises(ConnectionLostError, match="your edit is kept"):
            library.revise("law", edit, "Move to Dublin", expected_lock=opened.lock_version)
        assert [v.body for v in library.history("law")] == [LAW]
        assert library.get("law").lock_version == opened.lock_version

        saved = library.revise("law", edit, "Move to Dublin", expected_lock=opened.lock_version)
        assert saved.body == edit and dropped
    finally:
        database.dispose()
