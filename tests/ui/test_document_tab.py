"""The document tab driven like a user: outline, variables, conditions, preview, save, export."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import docx
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytest import MonkeyPatch
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.domain.clause import Status
from app.services.clause_library import ClauseLibrary
from app.services.drafting import Drafting
from app.services.paths import AppPaths
from app.ui.compare_tab import CompareTab, SavePathDialog
from app.ui.dialogs import RecoveryDialog
from app.ui.document_tab import DocumentTab, VersionLabelDialog
from app.ui.main_window import MainWindow
from app.ui.outline_model import OutlineModel, OutlineRow, rows_from_sections, sections_from_rows
from tests.conftest import make_meta
from tests.ui.conftest import make_window

SAMPLE = "terms-of-service-ai-api"


def _open(qtbot: QtBot, window: MainWindow, name: str = SAMPLE) -> DocumentTab:
    with qtbot.waitSignal(window.document_opened, timeout=10_000) as opened:
        window.open_document(name)
    tab = opened.args[0]
    assert isinstance(tab, DocumentTab)
    _settle(qtbot, window, tab)
    return tab


def _settle(qtbot: QtBot, window: MainWindow, tab: DocumentTab) -> None:
    """Let the debounce fire and the preview arrive."""
    if tab._timer.isActive():
        with qtbot.waitSignal(tab.preview_updated, timeout=10_000):
            pass
    window.runner.wait_until_idle()


def _type_value(tab: DocumentTab, label: str, text: str) -> None:
    field = next(w for w in tab.form.findChildren(QLineEdit) if w.accessibleName() == label)
    field.setText(text)
    field.textEdited.emit(text)


def _check(tester: ModelTester, model: QAbstractItemModel) -> None:
    check: Callable[[QAbstractItemModel], None] = tester.check  # pytest-qt is untyped
    check(model)


# -- the outline model (no window) ------------------------------------------------------------

ROWS = (
    OutlineRow(1, heading="Part A"),
    OutlineRow(2, clause="one"),
    OutlineRow(2, clause="two"),
    OutlineRow(1, heading="Part B"),
    OutlineRow(2, clause="three"),
)


def test_outline_rows_round_trip_to_sections() -> None:
    assert rows_from_sections(sections_from_rows(ROWS)) == ROWS


def test_outline_model_is_a_valid_qt_model(qtmodeltester: ModelTester) -> None:
    model = OutlineModel()
    model.set_rows(ROWS)
    _check(qtmodeltester, model)


def test_dragging_a_part_moves_it_with_its_clauses(qtmodeltester: ModelTester) -> None:
    model = OutlineModel()
    model.set_rows(ROWS)
    data = model.mimeData([model.index(3)])  # Part B
    model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert [r.heading or r.clause for r in model.rows] == [
        "Part B",
        "three",
        "Part A",
        "one",
        "two",
    ]
    assert [r.depth for r in model.rows] == [1, 2, 1, 2, 2]
    _check(qtmodeltester, model)


def test_dropping_library_clauses_adds_them_where_dropped(
    window: MainWindow, qtmodeltester: ModelTester
) -> None:
    library_model = window.library_panel.model
    data = library_model.mimeData([library_model.index(0, 0), library_model.index(1, 0)])
    keys = [library_model.clause_at(0).key, library_model.clause_at(1).key]
    model = OutlineModel()
    model.set_rows(ROWS)
    assert model.canDropMimeData(data, Qt.DropAction.CopyAction, 2, 0, QModelIndex())
    model.dropMimeData(data, Qt.DropAction.CopyAction, 2, 0, QModelIndex())
    assert [r.clause for r in model.rows[2:4]] == keys
    assert all(r.depth == 2 for r in model.rows[2:4])


def test_indent_and_outdent_keep_the_outline_a_tree() -> None:
    model = OutlineModel()
    model.set_rows(ROWS)
    model.shift(0, 1)  # the first row cannot go deeper than the top
    assert model.rows[0].depth == 1
    model.shift(2, 1)  # "two" under "one"
    assert [r.depth for r in model.rows[:3]] == [1, 2, 3]
    model.shift(2, -1)
    assert model.rows == ROWS


# -- the tab in the window --------------------------------------------------------------------


def test_sample_document_shows_outline_variables_and_highlighted_preview(
    qtbot: QtBot, window: MainWindow
) -> None:
    tab = _open(qtbot, window)
    assert tab.model.rowCount() > 20
    text = tab.preview.toPlainText()
    assert "Terms of Service" in text and "Example AI Ltd" in text
    assert not tab.problems()
    assert tab.export_action.isEnabled()
    assert any("competitor" in tip.lower() for tip in _finding_tips(tab))


def _finding_tips(tab: DocumentTab) -> list[str]:
    """The tooltips of the preview's marked spans (each a finding's explanation)."""
    tips = []
    block = tab.preview.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            if tip := fragments.fragment().charFormat().toolTip():
                tips.append(tip)
            fragments += 1
        block = block.next()
    return tips


def test_variable_edit_updates_the_preview_and_undo_restores_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    tab = _open(qtbot, window)
    _type_value(tab, "Company name", "Northwind Models plc")
    assert tab.is_modified()
    _settle(qtbot, window, tab)
    assert "Northwind Models plc" in tab.preview.toPlainText()
    window.commands.undo.trigger()
    _settle(qtbot, window, tab)
    assert "Northwind Models plc" not in tab.preview.toPlainText()
    assert not tab.is_modified()


def test_wrong_type_value_is_named_and_export_is_refused(qtbot: QtBot, window: MainWindow) -> None:
    tab = _open(qtbot, window)
    _type_value(tab, "Effective date", "next Tuesday")
    _settle(qtbot, window, tab)
    assert any("Effective date" in str(p) for p in tab.problems())
    assert not tab.export_action.isEnabled()
    _type_value(tab, "Effective date", "2026-04-01")
    _settle(qtbot, window, tab)
    assert not tab.problems() and tab.export_action.isEnabled()


def test_condition_on_an_unknown_variable_points_at_the_clause(
    qtbot: QtBot, window: MainWindow
) -> None:
    tab = _open(qtbot, window)
    row = next(k for k, r in enumerate(tab.model.rows) if r.clause)
    key = tab.model.rows[row].clause
    tab.outline_view.setCurrentIndex(tab.model.index(row))
    tab.condition_edit.setText("offers_teleportation")
    tab.condition_edit.editingFinished.emit()
    _settle(qtbot, window, tab)
    problems = tab.problems()
    assert problems and problems[0].clause == key and "unknown variable" in problems[0].message
    assert key in tab.model.problem_clauses
    assert not tab.export_action.isEnabled()
    window.commands.undo.trigger()
    _settle(qtbot, window, tab)
    assert not tab.problems()


def test_template_syntax_error_in_an_added_clause_is_shown(
    qtbot: QtBot, window: MainWindow, shipped_library: ClauseLibrary
) -> None:
    shipped_library.create(
        make_meta("Broken Wording", type="broken-wording", status=Status.APPROVED),
        "The {{ company_name shall notify.",
        reason="Test",
    )
    window.reload_library()
    window.runner.wait_until_idle()
    tab = _open(qtbot, window)
    key = next(
        c.key for c in window.library_panel.model.all_clauses() if c.title == "Broken Wording"
    )
    tab.model.insert_clauses([key], 1)
    _settle(qtbot, window, tab)
    assert any(p.clause == key for p in tab.problems())


def test_reordering_and_saving_stores_the_outline(
    qtbot: QtBot, window: MainWindow, shipped_library: ClauseLibrary
) -> None:
    tab = _open(qtbot, window)
    first = tab.model.rows[0]
    tab.outline_view.setCurrentIndex(tab.model.index(0))
    tab.move_current(1)
    assert tab.model.rows[0] != first
    with qtbot.waitSignal(tab.document_saved, timeout=10_000):
        window.commands.save.trigger()
    saved = Drafting(shipped_library.database).get(SAMPLE)
    assert saved.outline[0].heading != first.heading
    assert not tab.is_modified()


def test_stale_save_opens_the_conflict_view_and_cancel_keeps_the_edit(
    qtbot: QtBot, window: MainWindow, shipped_library: ClauseLibrary, answers: dict[str, object]
) -> None:
    tab = _open(qtbot, window)
    drafting = Drafting(shipped_library.database)
    theirs = drafting.get(SAMPLE)
    edited = replace(theirs, title="Terms of Service (their edit)")
    drafting.save(edited, expected_lock=theirs.lock_version)  # someone else saved meanwhile
    tab.model.remove(0)
    window.commands.save.trigger()
    window.runner.wait_until_idle()
    asked = answers["document_conflicts"]
    assert isinstance(asked, list) and len(asked) == 1
    shown, new = asked[0]
    assert shown.title == "Terms of Service (their edit)" and not new
    assert tab.is_modified()  # Cancel (the default answer): the edit stays, nothing saved
    assert drafting.get(SAMPLE).outline == theirs.outline


def test_versions_are_listed_and_compared_with_the_draft(
    qtbot: QtBot, window: MainWindow, monkeypatch: MonkeyPatch
) -> None:
    tab = _open(qtbot, window)
    monkeypatch.setattr(VersionLabelDialog, "ask", staticmethod(lambda _p: "Sent to customer"))
    tab.version_action.trigger()
    window.runner.wait_until_idle()
    window.runner.wait_until_idle()
    assert tab.versions_list.count() == 1
    tab.versions_list.item(0).setSelected(True)
    _type_value(tab, "Company name", "Northwind Models plc")
    tab.compare_button.click()
    compare = window.workspace.current_page()
    assert isinstance(compare, CompareTab)
    with qtbot.waitSignal(compare.comparison_finished, timeout=20_000):
        pass
    assert "Northwind Models plc" in compare.inline_view.toPlainText()


def test_export_to_word_writes_the_document(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: MonkeyPatch
) -> None:
    tab = _open(qtbot, window)
    target = tmp_path / "terms.docx"
    monkeypatch.setattr(SavePathDialog, "ask", staticmethod(lambda *_a: target))
    with qtbot.waitSignal(tab.exported, timeout=20_000):
        tab.export_action.trigger()
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "Example AI Ltd" in text


def test_closing_an_edited_document_asks_and_cancel_keeps_it(
    qtbot: QtBot, window: MainWindow, answers: dict[str, object]
) -> None:
    from app.ui.dialogs import Choice

    tab = _open(qtbot, window)
    tab.model.remove(0)
    answers["unsaved"] = Choice.CANCEL
    window.commands.close_tab.trigger()
    assert tab in window.workspace.pages()
    answers["unsaved"] = Choice.DISCARD
    window.commands.close_tab.trigger()
    QApplication.processEvents()
    assert tab not in window.workspace.pages()


def test_screenshot_can_open_the_sample_terms_document(tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    from tests.ui.test_screenshot import _run

    png = tmp_path / "document.png"
    result = _run(tmp_path, "--screenshot", str(png), "--open", SAMPLE)
    assert result.returncode == 0, result.stderr
    assert QImage(str(png)).width() >= 800


def test_headings_whose_cross_references_loop_are_shown_as_a_problem(
    qtbot: QtBot, window: MainWindow
) -> None:
    tab = _open(qtbot, window)
    first, second = [k for k, r in enumerate(tab.model.rows) if r.clause][:2]
    keys = [tab.model.rows[first].clause, tab.model.rows[second].clause]
    for row, target in ((first, keys[1]), (second, keys[0])):
        tab.outline_view.setCurrentIndex(tab.model.index(row))
        tab.heading_edit.setText(f"As in Section {{{{ ref('{target}') }}}}")
        tab.heading_edit.editingFinished.emit()
    _settle(qtbot, window, tab)
    loops = [p for p in tab.problems() if "loop" in p.message]
    assert loops and loops[0].clause in keys
    assert not tab.export_action.isEnabled()


def test_unsaved_outline_edits_are_autosaved_and_recovered(
    qtbot: QtBot,
    window: MainWindow,
    *,
    shipped_library: ClauseLibrary,
    app_paths: AppPaths,
    tmp_path: Path,
    monkeypatch: MonkeyPatch,
) -> None:
    tab = _open(qtbot, window)
    removed = tab.model.rows[0]
    tab.model.remove(0)
    _type_value(tab, "Company name", "Northwind Models plc")
    window.autosave.write_now()
    lock = window.autosave._lock
    assert lock is not None
    lock.unlock()  # as if the process had been killed: the session's lock is gone
    monkeypatch.setattr(RecoveryDialog, "ask", staticmethod(lambda _p, titles: [0]))
    second = make_window(qtbot, shipped_library, app_paths, tmp_path / "second.ini")
    second.offer_recovery()
    recovered = second.workspace.current_page()
    assert isinstance(recovered, DocumentTab) and recovered.document.name == SAMPLE
    assert recovered.is_modified()
    assert recovered.model.rows[0] != removed
    assert recovered.form.raw_values()["company_name"] == "Northwind Models plc"
    second.commands.undo.trigger()  # back to the saved outline
    assert recovered.model.rows[0] == removed
    second.runner.wait_until_idle()
    recovered._stack.setClean()
    second.close()
    second.runner.shutdown()
