"""What a refused save is told: their clause, who saved it and when, and a proposed merge;
and whether a retried save finds its own edit already stored."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.domain.clause import Tier
from app.domain.errors import ConflictError
from app.services.clause_library import ClauseLibrary
from app.storage.database import Database
from tests.conftest import FixedClock, make_meta

LAW = "Governed by the laws of England and Wales. The courts of London decide."
THEIRS = LAW.replace("England and Wales", "Ireland")
MINE = LAW.replace("London", "Leeds")


@pytest.fixture
def bob(database: Database) -> ClauseLibrary:
    return ClauseLibrary(database, user="bob", clock=FixedClock())


def test_a_conflict_tells_who_saved_what_and_merges_separate_edits(
    library: ClauseLibrary, bob: ClauseLibrary
) -> None:
    opened = library.create(make_meta(), LAW, key="law")
    bob.revise("law", THEIRS, "Moved to Dublin", meta=replace(opened.meta, tier=Tier.FALLBACK))
    with pytest.raises(ConflictError) as refused:
        library.revise("law", MINE, "Leeds courts", expected_lock=opened.lock_version)

    conflict = library.explain_conflict(refused.value.theirs, opened, MINE)  # type: ignore[arg-type]

    assert conflict.theirs.body == THEIRS and conflict.their_version.author == "bob"
    assert conflict.their_version.reason == "Moved to Dublin"
    assert conflict.author == "bob"
    assert [c.summary for c in conflict.their_changes] == ["tier: preferred → fallback"]
    assert conflict.overlaps == 0
    assert conflict.merged_body == THEIRS.replace("London", "Leeds")


def test_a_stored_edit_is_recognised_only_when_it_is_exactly_what_was_saved(
    library: ClauseLibrary, bob: ClauseLibrary
) -> None:
    opened = library.create(make_meta(), LAW, key="law")
    lock = opened.lock_version
    assert library.stored_edit("law", opened.meta, MINE, lock=lock) is None

    library.revise("law", MINE, "Leeds courts", expected_lock=lock, meta=opened.meta)

    found = library.stored_edit("law", opened.meta, MINE, lock=lock)
    assert found is not None and found.body == MINE and found.version == 2
    other_meta = replace(opened.meta, owner="Someone")
    assert library.stored_edit("law", other_meta, MINE, lock=lock) is None
    assert library.stored_edit("law", opened.meta, THEIRS, lock=lock) is None


def test_a_new_clause_already_created_by_me_is_found_not_by_someone_else(
    library: ClauseLibrary, bob: ClauseLibrary
) -> None:
    meta = make_meta(title="Data Residency")
    assert library.stored_edit(None, meta, "Data stays in the EU.", lock=None) is None
    bob.create(meta, "Data stays in the EU.")
    assert library.stored_edit(None, meta, "Data stays in the EU.", lock=None) is None
    mine = library.create(meta, "Data stays in the EU.")
    assert library.stored_edit(None, meta, "Data stays in the EU.", lock=None) == mine
