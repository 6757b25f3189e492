"""Saved reviews: stored with customer, file, standard version, date and notes; reopened whole."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect, update

from app.domain.comparison import (
    ClauseChange,
    Comparison,
    LibraryPosition,
    RiskDelta,
    ScopeChange,
    Summary,
)
from app.domain.errors import NotFoundError
from app.domain.review import Review, ReviewDecision
from app.storage.database import Database
from app.storage.review_repository import ReviewRepository
from app.storage.rows import ReviewRow
from app.storage.transfer import copy_library

MONDAY = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def db(backend_url: str) -> Iterator[Database]:
    database = Database.open(backend_url)
    yield database
    database.dispose()


def _review(customer: str = "Acme Corp", version: int | None = 3) -> Review:
    removed = ClauseChange(
        "removed", 0, None, "Use of Output", 0.0,
        (("delete", "1. Use of Output\nNo competing models."),),
        categories_lost=("competitor-training",),
        library_positions=(LibraryPosition("ct-fallback", "Fallback", "fallback"),),
        scopes_narrowed=(ScopeChange("competitor-training", "any-model", "competing-models"),),
    )  # fmt: skip
    fees = ClauseChange(
        "modified", 1, 0, "Fees", 0.8,
        (("equal", "2. Fees\nPay in "), ("delete", "30"), ("insert", "60"), ("equal", " days.")),
    )  # fmt: skip
    comparison = Comparison(
        "doc:terms@3", "acme.docx", (removed, fees), Summary(modified=1, removed=1),
        RiskDelta(lost=("competitor-training",)), warnings=("standard: terms version 3",),
        moved_from=((1, 0),),
    )  # fmt: skip
    return Review(comparison, "doc:terms@3", "acme.docx", version, customer, MONDAY)


def test_saved_review_reopens_with_the_same_result_and_notes(db: Database) -> None:
    review = _review()
    notes = (ReviewDecision(0, "restore", "We need this protection."),)
    with db.write() as session:
        saved = ReviewRepository(session).add(review, customer="Acme Corp", notes=notes, at=MONDAY)
    with db.read() as session:
        reopened = ReviewRepository(session).get(saved.id)
    assert reopened.customer == "Acme Corp"
    assert reopened.contract == "acme.docx"
    assert (reopened.standard, reopened.standard_version) == ("doc:terms@3", 3)
    assert reopened.created_at == MONDAY
    assert reopened.review.to_json() == review.to_json()
    assert reopened.review.comparison.moved_from == ((1, 0),)
    assert reopened.notes == notes
    assert reopened.note(0) == notes[0] and reopened.note(1) is None


def test_reviews_list_newest_first_with_deviations_and_lost_protections(db: Database) -> None:
    with db.write() as session:
        repo = ReviewRepository(session)
        repo.add(_review("Old Co"), customer="Old Co", notes=(), at=MONDAY)
        repo.add(
            _review("New Co", None), customer="New Co", notes=(),
            at=MONDAY + dt.timedelta(days=1),
        )  # fmt: skip
    with db.read() as session:
        listed = ReviewRepository(session).summaries()
    assert [r.customer for r in listed] == ["New Co", "Old Co"]
    assert listed[0].standard_version is None and listed[1].standard_version == 3
    assert listed[0].deviations == 2
    assert listed[0].lost == ("competitor-training",)


def test_notes_can_be_replaced(db: Database) -> None:
    with db.write() as session:
        saved = ReviewRepository(session).add(_review(), customer="Acme", notes=(), at=MONDAY)
    decision = ReviewDecision(1, "fallback", "Offer 45 days.", position_key="fees-fallback")
    with db.write() as session:
        ReviewRepository(session).set_notes(saved.id, (decision,))
    with db.read() as session:
        assert ReviewRepository(session).get(saved.id).notes == (decision,)


def test_unknown_review_is_not_found(db: Database) -> None:
    with db.read() as session, pytest.raises(NotFoundError, match="42"):
        ReviewRepository(session).get(42)


def test_migration_creates_the_review_table(db: Database) -> None:
    assert "contract_review" in inspect(db.engine).get_table_names()


def test_note_on_an_undecided_clause_is_saved_and_reopened_exactly(db: Database) -> None:
    notes = (
        ReviewDecision.note_only(0, "Ask the partner before we restore this.\nCall Friday."),
        ReviewDecision(1, "accept", "Sixty days is fine."),
    )
    with db.write() as session:
        saved = ReviewRepository(session).add(_review(), customer="Acme", notes=notes, at=MONDAY)
    with db.read() as session:
        reopened = ReviewRepository(session).get(saved.id)
    assert reopened.notes == notes
    note = reopened.note(0)
    assert note is not None and note.choice is None and not note.decided
    assert note.comment == "Ask the partner before we restore this.\nCall Friday."


def test_a_review_saved_before_notes_without_decisions_still_opens(db: Database) -> None:
    with db.write() as session:
        saved = ReviewRepository(session).add(_review(), customer="Acme", notes=(), at=MONDAY)
    # The notes column as every earlier version wrote it: each entry a decision.
    old_notes = (
        '[{"choice": "restore", "clause": 0, "comment": "Must have.", "position_key": null}]'
    )
    with db.write() as session:
        session.execute(update(ReviewRow).values(notes=old_notes))
    with db.read() as session:
        reopened = ReviewRepository(session).get(saved.id)
    assert reopened.notes == (ReviewDecision(0, "restore", "Must have."),)


def test_copying_the_library_keeps_notes_on_undecided_clauses(
    backend_url: str, tmp_path: Path
) -> None:
    """SQLite -> the backend under test -> SQLite: the saved notes come back exactly."""
    notes = (ReviewDecision.note_only(0, "Check with sales."), ReviewDecision(1, "restore"))
    source = Database.open(f"sqlite:///{tmp_path / 'source.db'}")
    middle = Database.open(backend_url)
    back = Database.open(f"sqlite:///{tmp_path / 'back.db'}")
    try:
        with source.write() as session:
            saved = ReviewRepository(session).add(
                _review(), customer="Acme", notes=notes, at=MONDAY
            )
        copy_library(source, middle)
        copy_library(middle, back)
        for database in (middle, back):
            with database.read() as session:
                reopened = ReviewRepository(session).get(saved.id)
            assert reopened.notes == notes
            assert reopened.review.to_json() == _review().to_json()
    finally:
        for database in (source, middle, back):
            database.dispose()
