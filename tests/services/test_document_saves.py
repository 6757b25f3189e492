"""What a retried document save relies on: a new document never overwrites another, and the
stored draft or version of an earlier attempt is recognised (SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.domain.errors import ConflictError
from app.domain.terms import Section, TermsDocument
from app.services.clause_library import ClauseLibrary
from app.services.drafting import Drafting
from tests.conftest import make_meta

NAME = "standard-terms"


@pytest.fixture
def drafting(library: ClauseLibrary) -> Drafting:
    for key in ("governing-law", "liability-cap"):
        library.create(make_meta(title=key.title()), f"The {key} clause.", key=key)
    drafting = Drafting(library.database, user="alice")
    outline = (Section(clause="governing-law"), Section(clause="liability-cap"))
    drafting.create(TermsDocument(name=NAME, title="Standard Terms", outline=outline))
    return drafting


def test_creating_a_document_whose_name_is_taken_is_refused_and_changes_nothing(
    drafting: Drafting,
) -> None:
    before = drafting.get(NAME)
    outline = (Section(clause="liability-cap"),)
    clash = TermsDocument(name=NAME, title="Other Terms", outline=outline)
    with pytest.raises(ConflictError, match="already exists") as refused:
        drafting.create(clash)
    assert refused.value.theirs == before
    assert drafting.get(NAME) == before


def test_the_stored_draft_is_found_only_when_it_holds_exactly_this_definition(
    drafting: Drafting,
) -> None:
    stored = drafting.get(NAME)
    assert drafting.stored_draft(replace(stored, lock_version=99)) == stored  # lock ignored
    assert drafting.stored_draft(replace(stored, outline=stored.outline[1:])) is None
    assert drafting.stored_draft(replace(stored, title="Renamed")) is None
    assert drafting.stored_draft(replace(stored, name="unknown")) is None


def test_a_stored_version_is_this_users_with_the_label_after_the_count(
    drafting: Drafting, library: ClauseLibrary
) -> None:
    assert drafting.version_count(NAME) == 0 and drafting.version_count("unknown") == 0
    drafting.save_version(NAME, "Sent to customer")
    bob = Drafting(library.database, user="bob")
    bob.save_version(NAME, "Signed")
    assert drafting.version_count(NAME) == 2

    mine = drafting.stored_version(NAME, " Sent to customer ", after=0)
    assert mine is not None and mine.number == 1
    assert drafting.stored_version(NAME, "Sent to customer", after=1) is None  # before it
    assert drafting.stored_version(NAME, "Signed", after=0) is None  # bob's, not mine
    assert bob.stored_version(NAME, "Signed", after=1) is not None
