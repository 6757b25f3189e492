"""Every change to a clause records who and when: wording as versions, details as changes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from app.domain.clause import Tier
from app.services.clause_library import ClauseLibrary
from app.services.library_transfer import copy_library
from app.storage.database import Database
from tests.conftest import FixedClock, make_meta

LAW = "These Terms are governed by the laws of England and Wales."


def test_detail_changes_record_who_what_and_when(database: Database) -> None:
    clock = FixedClock()
    alice = ClauseLibrary(database, user="alice", clock=clock)
    bob = ClauseLibrary(database, user="bob", clock=clock)
    alice.create(make_meta(), LAW, key="law")

    bob.retire("law")
    alice.update_metadata("law", make_meta(tier=Tier.FALLBACK, tags=("boilerplate", "eu")))

    changes = alice.changes("law")
    assert [(c.author, c.summary) for c in changes] == [
        ("bob", "status: approved → retired"),
        ("alice", "tier: preferred → fallback; tags: boilerplate → boilerplate, eu; "
                  "status: retired → approved"),
    ]  # fmt: skip
    assert changes[0].at < changes[1].at


def test_a_revision_that_also_changes_details_records_both(database: Database) -> None:
    library = ClauseLibrary(database, user="carol", clock=FixedClock())
    created = library.create(make_meta(), LAW, key="law")
    meta = replace(created.meta, title="Governing Law (UK)", notes="checked")
    library.revise("law", LAW + " Courts of London.", "Venue", meta=meta)

    [_first, version_two] = library.history("law")
    assert (version_two.author, version_two.reason) == ("carol", "Venue")
    [change] = library.changes("law")
    assert change.author == "carol" and change.at == version_two.created_at
    assert change.summary == "title: Governing Law → Governing Law (UK); notes edited"


def test_nothing_is_recorded_when_nothing_changed(database: Database) -> None:
    library = ClauseLibrary(database, user="dan", clock=FixedClock())
    created = library.create(make_meta(), LAW, key="law")
    library.update_metadata("law", created.meta)
    assert library.changes("law") == []


@pytest.mark.postgres
def test_the_audit_trail_moves_with_the_library(tmp_path: Path, pg_url: str) -> None:
    local_url = f"sqlite:///{tmp_path / 'local.db'}"
    local = Database.open(local_url)
    library = ClauseLibrary(local, user="erin", clock=FixedClock())
    library.create(make_meta(), LAW, key="law")
    library.retire("law")
    before = library.changes("law")
    local.dispose()

    copy_library(local_url, pg_url)

    server = Database.open(pg_url)
    try:
        assert ClauseLibrary(server).changes("law") == before
    finally:
        server.dispose()
