"""Two people edit the same clause: the second save shows the conflict, and nothing is lost.

Each choice (merge, overwrite, discard, cancel) is checked for the editor's text, its lock and
the versions stored, on a SQLite file shared by two libraries and on a real PostgreSQL server.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.services.clause_library import ClauseLibrary, SaveConflict
from app.services.paths import AppPaths
from app.storage.database import Database
from app.ui.clause_editor import ClauseEditor
from app.ui.conflict_dialog import ConflictChoice, ConflictDialog
from app.ui.main_window import MainWindow
from tests.conftest import make_meta
from tests.pg_server import BACKENDS, fresh_database_url
from tests.ui.conftest import SAVE_REASON, make_window

KEY = "governing-law"
LAW = (
    "These Terms are governed by the laws of England and Wales. "
    "The courts of London have exclusive jurisdiction."
)
THEIRS = LAW.replace("England and Wales", "Ireland")
MINE_SEPARATE = LAW.replace("exclusive", "non-exclusive")
MINE_SAME_PLACE = LAW.replace("England and Wales", "Scotland")


@pytest.fixture(params=BACKENDS)
def team_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from fresh_database_url(request.param, tmp_path)


@pytest.fixture
def alice(team_url: str) -> Iterator[ClauseLibrary]:
    library = ClauseLibrary(Database.open(team_url), user="alice")
    library.create(make_meta(title="Governing Law"), LAW, key=KEY)
    yield library
    library.database.dispose()


@pytest.fixture
def bob(team_url: str, alice: ClauseLibrary) -> Iterator[ClauseLibrary]:
    library = ClauseLibrary(Database.open(team_url), user="bob")
    yield library
    library.database.dispose()


@pytest.fixture
def team_window(
    qtbot: QtBot,
    alice: ClauseLibrary,
    app_paths: AppPaths,
    settings_file: Path,
    answers: dict[str, object],
) -> Iterator[MainWindow]:
    window = make_window(qtbot, alice, app_paths, settings_file)
    yield window
    window.close()
    window.runner.shutdown()


def _open(qtbot: QtBot, window: MainWindow) -> ClauseEditor:
    with qtbot.waitSignal(window.editor_opened, timeout=10_000):
        window.open_clause(KEY)
    window.runner.wait_until_idle()
    editor = window.workspace.current_editor()
    assert editor is not None
    return editor


def _type_wording(editor: ClauseEditor, wording: str) -> None:
    editor.body_edit.selectAll()
    QTest.keyClicks(editor.body_edit, wording)
    assert editor.body() == wording and editor.is_modified()


def _conflict_after_save(
    qtbot: QtBot, window: MainWindow, answers: dict[str, object], choice: ConflictChoice
) -> SaveConflict:
    answers["conflict"] = choice
    window.commands.save.trigger()
    window.runner.wait_until_idle()
    window.runner.wait_until_idle()  # an overwrite saves again
    conflicts = answers.get("conflicts")
    assert isinstance(conflicts, list) and len(conflicts) >= 1
    conflict = conflicts[0]
    assert isinstance(conflict, SaveConflict)
    return conflict


def _bodies(library: ClauseLibrary) -> list[str]:
    return [v.body for v in library.history(KEY)]


def test_the_conflict_shows_their_wording_who_and_when(
    qtbot: QtBot, team_window: MainWindow, bob: ClauseLibrary, answers: dict[str, object]
) -> None:
    editor = _open(qtbot, team_window)
    bob.revise(KEY, THEIRS, "Moved to Dublin")
    _type_wording(editor, MINE_SEPARATE)

    conflict = _conflict_after_save(qtbot, team_window, answers, ConflictChoice.CANCEL)

    assert conflict.theirs.body == THEIRS and conflict.theirs.version == 2
    assert conflict.author == "bob" and conflict.their_version.reason == "Moved to Dublin"
    assert conflict.overlaps == 0
    assert conflict.merged_body == LAW.replace("England and Wales", "Ireland").replace(
        "exclusive", "non-exclusive"
    )


def test_cancel_keeps_the_edit_modified_and_stores_nothing(
    qtbot: QtBot, team_window: MainWindow, bob: ClauseLibrary, answers: dict[str, object]
) -> None:
    editor = _open(qtbot, team_window)
    opened_lock = editor.lock_version
    bob.revise(KEY, THEIRS, "Moved to Dublin")
    _type_wording(editor, MINE_SEPARATE)

    _conflict_after_save(qtbot, team_window, answers, ConflictChoice.CANCEL)

    assert editor.body() == MINE_SEPARATE and editor.is_modified()
    assert editor.lock_version == opened_lock
    assert _bodies(bob) == [LAW, THEIRS]


def test_merge_puts_both_changes_in_the_editor_and_saves_over_theirs(
    qtbot: QtBot, team_window: MainWindow, bob: ClauseLibrary, answers: dict[str, object]
) -> None:
    editor = _open(qtbot, team_window)
    bob.revise(KEY, THEIRS, "Moved to Dublin")
    _type_wording(editor, MINE_SEPARATE)

    conflict = _conflict_after_save(qtbot, team_window, answers, ConflictChoice.MERGE)

    both = LAW.replace("England and Wales", "Ireland").replace("exclusive", "non-exclusive")
    assert editor.body() == both and editor.is_modified()
    assert editor.lock_version == conflict.theirs.lock_version
    assert _bodies(bob) == [LAW, THEIRS]
    editor.undo_stack.undo()  # the user's own wording is one Undo away
    assert editor.body() == MINE_SEPARATE and editor.is_modified()
    editor.undo_stack.redo()

    with qtbot.waitSignal(team_window.clause_saved, timeout=10_000):
        team_window.commands.save.trigger()
    team_window.runner.wait_until_idle()
    assert _bodies(bob) == [LAW, THEIRS, both]
    assert not editor.is_modified()
    assert len(answers["conflicts"]) == 1  # type: ignore[arg-type]


def test_merge_of_the_same_words_keeps_both_wordings_for_the_user_to_choose(
    qtbot: QtBot, team_window: MainWindow, bob: ClauseLibrary, answers: dict[str, object]
) -> None:
    editor = _open(qtbot, team_window)
    bob.revise(KEY, THEIRS, "Moved to Dublin")
    _type_wording(editor, MINE_SAME_PLACE)

    conflict = _conflict_after_save(qtbot, team_window, answers, ConflictChoice.MERGE)

    assert conflict.overlaps == 1
    assert "⟦Theirs: Ireland⟧" in editor.body() and "⟦Yours: Scotland⟧" in editor.body()
    assert "⟦Theirs⟧⟦Yours⟧" in team_window.statusBar().currentMessage()
    team_window.runner.wait_until_idle()  # the library and inspector reload: theirs shows
    assert team_window.inspector.clause is not None
    assert team_window.inspector.clause.version == 2
    assert team_window.grab().save("/tmp/merged-editor.png")
    assert editor.is_modified() and editor.lock_version == conflict.theirs.lock_version
    assert _bodies(bob) == [LAW, THEIRS]


def test_overwrite_saves_mine_as_a_new_version_that_names_the_one_it_replaced(
    qtbot: QtBot, team_window: MainWindow, bob: ClauseLibrary, answers: dict[str, object]
) -> None:
    editor = _open(qtbot, team_window)
    bob.revise(KEY, THEIRS, "Moved to Dublin")
    _type_wording(editor, MINE_SAME_PLACE)

    _conflict_after_save(qtbot, team_window, answers, ConflictChoice.OVERWRITE)

    history = bob.history(KEY)
    assert [v.body for v in history] == [LAW, THEIRS, MINE_SAME_PLACE]
    assert history[-1].reason == f"{SAVE_REASON} (overwrote version 2 by bob)"
    assert history[-1].author == "alice"
    assert not editor.is_modified() and editor.lock_version == bob.get(KEY).lock_version


def test_discard_reloads_their_version_unmodified(
    qtbot: QtBot, team_window: MainWindow, bob: ClauseLibrary, answers: dict[str, object]
) -> None:
    editor = _open(qtbot, team_window)
    bob.revise(KEY, THEIRS, "Moved to Dublin")
    _type_wording(editor, MINE_SEPARATE)

    _conflict_after_save(qtbot, team_window, answers, ConflictChoice.DISCARD)

    assert editor.body() == THEIRS and not editor.is_modified()
    assert editor.lock_version == bob.get(KEY).lock_version
    assert _bodies(bob) == [LAW, THEIRS]


def test_the_same_edit_saved_by_both_is_no_conflict(
    qtbot: QtBot, team_window: MainWindow, bob: ClauseLibrary, answers: dict[str, object]
) -> None:
    editor = _open(qtbot, team_window)
    bob.revise(KEY, THEIRS, "Moved to Dublin")
    _type_wording(editor, THEIRS)

    with qtbot.waitSignal(team_window.clause_saved, timeout=10_000):
        team_window.commands.save.trigger()
    team_window.runner.wait_until_idle()

    assert "conflicts" not in answers
    assert not editor.is_modified() and editor.lock_version == bob.get(KEY).lock_version
    assert _bodies(bob) == [LAW, THEIRS]


def test_the_conflict_dialog_shows_both_wordings_and_a_redline(
    qtbot: QtBot, alice: ClauseLibrary, bob: ClauseLibrary
) -> None:
    opened = alice.get(KEY)
    theirs = bob.revise(KEY, THEIRS, "Moved to Dublin")
    conflict = alice.explain_conflict(theirs, opened, MINE_SAME_PLACE)
    dialog = ConflictDialog(None, conflict, MINE_SAME_PLACE, opened.meta)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)

    assert dialog.their_text.toPlainText() == THEIRS
    assert dialog.your_text.toPlainText() == MINE_SAME_PLACE
    assert "saved by bob" in dialog.summary.text()
    redline = dialog.redline.toPlainText()
    assert "Ireland" in redline and "Scotland" in redline
    assert "1 word inserted" in dialog.redline_caption.text()
    assert "both wordings" in dialog.merge_note.text()
    assert dialog.grab().save("/tmp/conflict.png")

    dialog.overwrite_button.click()
    assert dialog.choice is ConflictChoice.OVERWRITE


def test_a_merge_still_holding_both_wordings_is_not_saved_until_one_is_kept(
    qtbot: QtBot, team_window: MainWindow, bob: ClauseLibrary, answers: dict[str, object]
) -> None:
    from PySide6.QtWidgets import QMessageBox

    editor = _open(qtbot, team_window)
    bob.revise(KEY, THEIRS, "Moved to Dublin")
    _type_wording(editor, MINE_SAME_PLACE)
    _conflict_after_save(qtbot, team_window, answers, ConflictChoice.MERGE)
    asked = answers["asked"]

    team_window.commands.save.trigger()
    team_window.runner.wait_until_idle()

    box = team_window.findChild(QMessageBox, "errorMessage")
    assert box is not None and "keep one wording" in box.text()
    box.close()
    assert answers["asked"] == asked  # not even asked why: it cannot be saved
    assert _bodies(bob) == [LAW, THEIRS] and editor.is_modified()

    _type_wording(editor, MINE_SAME_PLACE)  # the user keeps their own wording
    with qtbot.waitSignal(team_window.clause_saved, timeout=10_000):
        team_window.commands.save.trigger()
    team_window.runner.wait_until_idle()
    assert _bodies(bob) == [LAW, THEIRS, MINE_SAME_PLACE]


def test_merge_takes_their_details_where_the_user_left_them_alone(
    qtbot: QtBot, team_window: MainWindow, bob: ClauseLibrary, answers: dict[str, object]
) -> None:
    from dataclasses import replace

    from app.domain.clause import Tier

    editor = _open(qtbot, team_window)
    bob.revise(KEY, THEIRS, "Moved to Dublin", meta=replace(bob.get(KEY).meta, tier=Tier.FALLBACK))
    _type_wording(editor, MINE_SEPARATE)
    editor.owner_edit.selectAll()
    QTest.keyClicks(editor.owner_edit, "Alice")

    conflict = _conflict_after_save(qtbot, team_window, answers, ConflictChoice.MERGE)

    assert any("tier" in change.summary for change in conflict.their_changes)
    merged = editor.current_meta()
    assert merged.tier is Tier.FALLBACK and merged.owner == "Alice"
    with qtbot.waitSignal(team_window.clause_saved, timeout=10_000):
        team_window.commands.save.trigger()
    team_window.runner.wait_until_idle()
    stored = bob.get(KEY)
    assert stored.meta.tier is Tier.FALLBACK and stored.meta.owner == "Alice"


def test_a_conflict_over_details_names_who_changed_them(
    qtbot: QtBot, team_window: MainWindow, bob: ClauseLibrary, answers: dict[str, object]
) -> None:
    from dataclasses import replace

    editor = _open(qtbot, team_window)
    bob.update_metadata(KEY, replace(bob.get(KEY).meta, notes="Checked by the Dublin office"))
    _type_wording(editor, MINE_SEPARATE)

    conflict = _conflict_after_save(qtbot, team_window, answers, ConflictChoice.MERGE)

    assert conflict.author == "bob" and conflict.their_version.number == 1
    assert [c.summary for c in conflict.their_changes] == ["notes edited"]
    assert editor.body() == MINE_SEPARATE  # their wording did not change: mine stays
    assert editor.notes_edit.toPlainText() == "Checked by the Dublin office"
