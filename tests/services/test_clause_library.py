"""The clause library's use cases against a real SQLite file."""

from __future__ import annotations

import pytest

from app.domain.clause import Status
from app.domain.errors import ConflictError, InvalidInputError, NotFoundError
from app.services.clause_library import ClauseLibrary
from tests.conftest import make_meta

LAW = "These Terms are governed by the laws of England and Wales."


def test_create_then_get_returns_first_version(library: ClauseLibrary) -> None:
    clause = library.create(make_meta(), LAW)
    assert clause.key == "governing-law"
    assert clause.version == 1
    got = library.get("governing-law")
    assert got.body == LAW
    assert got.meta.tags == ("boilerplate",)
    [first] = library.history("governing-law")
    assert (first.number, first.author, first.reason) == (1, "alice", "Created")


def test_revise_adds_a_version_with_its_reason_and_keeps_the_old_wording(
    library: ClauseLibrary,
) -> None:
    library.create(make_meta(), LAW)
    revised = library.revise("governing-law", LAW.replace("England", "Ireland"), "Move to Dublin")
    assert revised.version == 2
    history = library.history("governing-law")
    assert [v.body for v in history] == [LAW, LAW.replace("England", "Ireland")]
    assert history[1].reason == "Move to Dublin"
    assert history[1].created_at > history[0].created_at


def test_revise_requires_a_reason_and_a_change(library: ClauseLibrary) -> None:
    library.create(make_meta(), LAW)
    with pytest.raises(InvalidInputError, match="why"):
        library.revise("governing-law", LAW + " Amended.", "  ")
    with pytest.raises(InvalidInputError, match="nothing changed"):
        library.revise("governing-law", LAW, "No-op")
    assert library.get("governing-law").version == 1


def test_stale_save_is_refused_and_nothing_is_written(library: ClauseLibrary) -> None:
    opened = library.create(make_meta(), LAW)
    library.revise("governing-law", LAW + " Bob's edit.", "Bob", expected_lock=opened.lock_version)
    with pytest.raises(ConflictError) as caught:
        library.revise(
            "governing-law", LAW + " Alice's edit.", "Alice", expected_lock=opened.lock_version
        )
    assert "changed by someone else" in str(caught.value)
    assert library.get("governing-law").body == LAW + " Bob's edit."


def test_retire_hides_from_default_list_and_restore_brings_back(library: ClauseLibrary) -> None:
    library.create(make_meta(), LAW)
    library.create(make_meta("Notices", type="notices", category=None), "Notices go by email.")
    library.retire("governing-law")
    assert [c.key for c in library.list_clauses()] == ["notices"]
    assert {c.key for c in library.list_clauses(include_retired=True)} == {
        "governing-law",
        "notices",
    }
    assert library.search("England") == []
    restored = library.restore("governing-law")
    assert restored.status is Status.DRAFT
    assert [h.key for h in library.search("England")] == ["governing-law"]


def test_duplicate_makes_a_draft_copy_with_a_new_key(library: ClauseLibrary) -> None:
    library.create(make_meta(), LAW)
    copy = library.duplicate("governing-law", title="Governing Law (fallback)")
    assert copy.key == "governing-law-fallback"
    assert copy.status is Status.DRAFT
    assert copy.body == LAW


def test_tag_merges_tags(library: ClauseLibrary) -> None:
    library.create(make_meta(), LAW)
    assert library.tag("governing-law", ["uk", "boilerplate"]).meta.tags == ("boilerplate", "uk")


def test_restore_version_creates_a_new_version(library: ClauseLibrary) -> None:
    library.create(make_meta(), LAW)
    library.revise("governing-law", "Delaware law applies.", "US entity")
    restored = library.restore_version("governing-law", 1)
    assert restored.version == 3
    assert restored.body == LAW
    assert library.history("governing-law")[-1].reason == "Restored version 1"


def test_unknown_clause_is_a_clear_error(library: ClauseLibrary) -> None:
    with pytest.raises(NotFoundError, match="no clause with key 'nope'"):
        library.get("nope")


def test_search_stems_and_ranks_with_snippets(library: ClauseLibrary) -> None:
    library.create(
        make_meta("Competing Models", type="competitor-training", category="competitor-training"),
        "You may not use Output to develop models that compete with ours.",
    )
    library.create(
        make_meta("Competitors", type="non-compete", category="non-compete"),
        "You will not work for a competitor of the Company.",
    )
    library.create(make_meta(), LAW)
    hits = library.search("compete")
    assert {h.key for h in hits} == {"competing-models", "competitors"}
    first = hits[0]
    assert first.highlights, "the snippet marks the matching words"
    assert "**" in first.marked_snippet()
    assert library.search('"develop models"')[0].key == "competing-models"
    assert library.search('AND OR NOT "(*') == []  # engine syntax never reaches FTS5
