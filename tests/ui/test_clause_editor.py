"""The clause editor on its own: every edit is one undo step and drives the modified mark."""

from __future__ import annotations

import datetime as dt

from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.domain.clause import Clause, Risk, Status
from app.ui.clause_editor import ClauseEditor
from tests.conftest import make_meta

CLAUSE = Clause(
    key="governing-law",
    meta=make_meta(),
    body="These Terms are governed by the laws of England.",
    version=3,
    updated_at=dt.datetime(2026, 1, 2, tzinfo=dt.UTC),
    lock_version=5,
)


def _editor(qtbot: QtBot) -> ClauseEditor:
    editor = ClauseEditor(CLAUSE)
    qtbot.addWidget(editor)
    editor.show()
    return editor


def test_opening_a_clause_is_not_a_change(qtbot: QtBot) -> None:
    editor = _editor(qtbot)
    assert not editor.is_modified()
    assert editor.current_meta() == CLAUSE.meta
    assert editor.body() == CLAUSE.body


def test_field_and_wording_edits_undo_in_reverse_order(qtbot: QtBot) -> None:
    editor = _editor(qtbot)
    QTest.keyClicks(editor.owner_edit, " Team")
    editor.risk_box.setCurrentIndex(editor.risk_box.findData("high"))
    editor.risk_box.activated.emit(editor.risk_box.currentIndex())
    editor.body_edit.moveCursor(editor.body_edit.textCursor().MoveOperation.End)
    QTest.keyClicks(editor.body_edit, " And Wales")
    assert editor.current_meta().risk is Risk.HIGH
    editor.undo_stack.undo()
    editor.undo_stack.undo()  # " And Wales" was two words
    assert editor.body() == CLAUSE.body
    editor.undo_stack.undo()
    assert editor.current_meta().risk is CLAUSE.meta.risk
    editor.undo_stack.undo()
    assert editor.owner_edit.text() == "Legal"
    assert not editor.is_modified()
    editor.undo_stack.redo()
    assert editor.owner_edit.text() == "Legal Team"


def test_typing_after_a_save_marks_the_editor_modified_again(qtbot: QtBot) -> None:
    editor = _editor(qtbot)
    editor.body_edit.moveCursor(editor.body_edit.textCursor().MoveOperation.End)
    QTest.keyClicks(editor.body_edit, "x")
    editor.mark_saved(CLAUSE)
    assert not editor.is_modified()
    QTest.keyClicks(editor.body_edit, "y")  # Qt would merge this into the step before the save
    assert editor.is_modified()


def test_snapshot_round_trips_into_a_fresh_editor(qtbot: QtBot) -> None:
    editor = _editor(qtbot)
    QTest.keyClicks(editor.title_edit, " (UK)")
    editor.status_box.setCurrentIndex(editor.status_box.findData("draft"))
    editor.status_box.activated.emit(editor.status_box.currentIndex())
    QTest.keyClicks(editor.notes_edit, "Check with Dublin office")
    snapshot = editor.snapshot()
    fresh = _editor(qtbot)
    fresh.apply_snapshot(snapshot)
    assert fresh.current_meta() == editor.current_meta()
    assert fresh.current_meta().status is Status.DRAFT
    assert fresh.is_modified()
    assert snapshot["lock_version"] == 5


def test_a_save_that_ends_after_more_typing_keeps_the_newer_typing_unsaved(
    qtbot: QtBot,
) -> None:
    editor = _editor(qtbot)
    editor.body_edit.moveCursor(editor.body_edit.textCursor().MoveOperation.End)
    QTest.keyClicks(editor.body_edit, " And Wales.")
    saved = Clause(CLAUSE.key, CLAUSE.meta, editor.body(), 4, CLAUSE.updated_at, lock_version=6)
    QTest.keyClicks(editor.body_edit, " More.")

    editor.mark_saved(saved, still_modified=True)

    assert editor.is_modified() and editor.lock_version == 6


def test_rebase_takes_their_lock_and_details_and_keeps_my_wording_one_undo_away(
    qtbot: QtBot,
) -> None:
    editor = _editor(qtbot)
    QTest.keyClicks(editor.owner_edit, " Team")
    editor.body_edit.selectAll()
    QTest.keyClicks(editor.body_edit, "Mine.")
    theirs = Clause(
        CLAUSE.key,
        make_meta(owner="Dublin office", risk=Risk.HIGH),
        "Theirs.",
        4,
        CLAUSE.updated_at,
        lock_version=9,
    )

    editor.rebase(theirs, "Theirs and mine.")

    assert editor.lock_version == 9 and editor.is_modified()
    assert editor.body() == "Theirs and mine."
    assert editor.current_meta().risk is Risk.HIGH  # I left the risk alone: theirs
    assert editor.owner_edit.text() == "Legal Team"  # I changed the owner: mine
    editor.undo_stack.undo()
    assert editor.body() == "Mine." and editor.is_modified()
    while editor.undo_stack.canUndo():
        editor.undo_stack.undo()
    assert editor.is_modified()  # never "saved" under their lock until it is saved
