"""An exception in a slot shows the error dialog, is logged, and the window keeps working;
closing with unsaved edits never discards them without asking."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.services.clause_library import ClauseLibrary
from app.services.paths import AppPaths
from app.ui.dialogs import Choice
from app.ui.main_window import MainWindow


def _boom(_key: str) -> None:
    raise ZeroDivisionError("boom in a slot")


def _other_key(window: MainWindow, library: ClauseLibrary, *avoid: str) -> str:
    current = window.library_panel.current_key()
    return next(c.key for c in library.list_clauses() if c.key not in (current, *avoid))


@pytest.mark.qt_no_exception_capture
@pytest.mark.usefixtures("answers")
def test_an_exception_in_a_slot_is_shown_logged_and_the_window_keeps_working(
    qtbot: QtBot,
    window: MainWindow,
    shipped_library: ClauseLibrary,
    app_paths: AppPaths,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # both restored after the test
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    window.errors.install()  # as the application does at start
    broken = _other_key(window, shipped_library)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(window, "_show_in_inspector", _boom)
        with qtbot.waitSignal(window.errors.error_shown, timeout=5000):
            window.library_panel.select_clause(broken)  # the selection slot raises
    box = window.findChild(QMessageBox, "errorMessage")
    assert box is not None and "details were written" in box.text()
    assert "ZeroDivisionError: boom in a slot" in box.detailedText()
    log = app_paths.log_file.read_text("utf-8")
    assert "ZeroDivisionError: boom in a slot" in log and "_boom" in log
    box.close()

    # the slot works again; the window must not be left broken
    working = _other_key(window, shipped_library, broken)
    window.library_panel.select_clause(working)
    qtbot.waitUntil(
        lambda: window.inspector.clause is not None and window.inspector.clause.key == working,
        timeout=5000,
    )
    window.commands.new.trigger()
    editor = window.workspace.current_editor()
    assert editor is not None
    editor.title_edit.selectAll()
    QTest.keyClicks(editor.title_edit, "After The Error")
    QTest.keyClicks(editor.body_edit, "Still saved.")
    with qtbot.waitSignal(window.clause_saved, timeout=10_000):
        window.commands.save.trigger()
    assert any(s.title == "After The Error" for s in shipped_library.list_clauses())


def _unsaved_edit(qtbot: QtBot, window: MainWindow, library: ClauseLibrary) -> str:
    key = library.list_clauses()[0].key
    window.open_clause(key)
    qtbot.waitUntil(lambda: window.workspace.current_editor() is not None, timeout=10_000)
    editor = window.workspace.current_editor()
    assert editor is not None
    editor.body_edit.selectAll()
    QTest.keyClicks(editor.body_edit, "Unsaved wording")
    assert editor.is_modified()
    return key


def test_closing_with_unsaved_edits_asks_and_cancel_keeps_them(
    qtbot: QtBot, window: MainWindow, shipped_library: ClauseLibrary, answers: dict[str, object]
) -> None:
    key = _unsaved_edit(qtbot, window, shipped_library)
    before = shipped_library.get(key).body
    answers["unsaved"] = Choice.CANCEL
    assert window.close() is False
    assert answers.get("unsaved_asked")
    editor = window.workspace.current_editor()
    assert editor is not None and editor.body() == "Unsaved wording"
    assert shipped_library.get(key).body == before


def test_discard_is_only_ever_the_users_answer(
    qtbot: QtBot, window: MainWindow, shipped_library: ClauseLibrary, answers: dict[str, object]
) -> None:
    key = _unsaved_edit(qtbot, window, shipped_library)
    before = shipped_library.get(key).body
    answers["unsaved"] = Choice.DISCARD
    assert window.close() is True
    assert answers.get("unsaved_asked"), "the edit was discarded without asking"
    assert shipped_library.get(key).body == before
