"""The comparison tab driven like a user: compare two files, step through changes, export."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import QAbstractItemModel, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QTextCursor
from pytest import MonkeyPatch
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.domain.comparison import Comparison
from app.ui.compare_tab import ComparePickDialog, CompareTab, SavePathDialog, files_request
from app.ui.main_window import MainWindow

OLD = """# Master Terms

## 1. Use of Output

You may not use Output to develop models that compete with us.

## 2. Fees

The Customer shall pay the fees within thirty days of the invoice.

## 3. Notices

Notices must be given in writing to the address on the order form.

## 4. Term

This agreement runs for one year.
"""

NEW = """# Master Terms

## 1. Use of Output

You own the Output and may use it for any lawful purpose.

## 2. Fees

The Customer shall pay the fees within sixty days of the invoice.

## 3. Notices

notices must be given in writing to the address on the order form.

## 4. Term

This agreement runs for one year.
"""


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    return old, new


def _compare(qtbot: QtBot, window: MainWindow, pair: tuple[Path, Path]) -> CompareTab:
    tab = window.open_comparison(files_request(*pair))
    with qtbot.waitSignal(tab.comparison_finished, timeout=20_000):
        pass
    window.runner.wait_until_idle()
    return tab


def _texts(tab: CompareTab) -> tuple[str, str, str]:
    sbs = tab.side_by_side
    return (
        tab.inline_view.toPlainText(),
        sbs.old_view.toPlainText(),
        sbs.new_view.toPlainText(),
    )


def _format_at(tab: CompareTab, text: str, word: str) -> tuple[bool, bool]:
    """(struck out, underlined) of ``word`` in the inline redline."""
    position = tab.inline_view.toPlainText().index(word) + 1
    cursor = QTextCursor(tab.inline_view.document())
    cursor.setPosition(position)
    fmt = cursor.charFormat()
    return fmt.fontStrikeOut(), fmt.fontUnderline()


def test_comparing_two_files_lists_changes_and_shows_the_redline(
    qtbot: QtBot, window: MainWindow, pair: tuple[Path, Path]
) -> None:
    tab = _compare(qtbot, window, pair)
    assert window.workspace.current_page() is tab
    rows = [tab.model.index(r, 0).data() for r in range(tab.model.rowCount())]
    assert any("Use of Output" in r for r in rows) and any("Fees" in r for r in rows)
    assert not any(r.split(". ")[-1] == "Term" for r in rows)  # unchanged clauses are not listed
    inline, old, new = _texts(tab)
    assert "thirty" in inline and "sixty" in inline
    assert _format_at(tab, inline, "thirty") == (True, False)
    assert _format_at(tab, inline, "sixty") == (False, True)
    assert "thirty" in old and "sixty" not in old
    assert "sixty" in new and "thirty" not in new


def test_dropped_competitor_training_prohibition_is_summarised_and_highlighted(
    qtbot: QtBot, window: MainWindow, pair: tuple[Path, Path]
) -> None:
    tab = _compare(qtbot, window, pair)
    assert tab.comparison is not None
    assert "competitor-training" in tab.comparison.risk.lost
    assert "competitor-training" in tab.summary_label.text()
    row = next(
        r for r in range(tab.model.rowCount()) if "Use of Output" in tab.model.index(r, 0).data()
    )
    assert "drops competitor-training" in tab.model.index(row, 2).data()
    old_view = tab.side_by_side.old_view
    position = old_view.toPlainText().index("develop models")
    cursor = QTextCursor(old_view.document())
    cursor.setPosition(position + 1)
    assert cursor.charFormat().toolTip()  # the finding's explanation
    assert cursor.charFormat().underlineStyle() != cursor.charFormat().UnderlineStyle.NoUnderline


def test_next_and_previous_change_jump_to_each_changed_clause_and_wrap(
    qtbot: QtBot, window: MainWindow, pair: tuple[Path, Path]
) -> None:
    tab = _compare(qtbot, window, pair)
    rows = tab.model.rowCount()
    assert rows >= 2
    tab.next_change.trigger()
    assert tab.change_table.currentIndex().row() == 0
    assert tab.shown_clause_position() == tab.model.position(0)
    tab.next_change.trigger()
    assert tab.shown_clause_position() == tab.model.position(1)
    tab.previous_change.trigger()
    tab.previous_change.trigger()
    assert tab.change_table.currentIndex().row() == rows - 1  # wrapped around


def test_hiding_trivial_changes_drops_a_case_only_change(
    qtbot: QtBot, window: MainWindow, pair: tuple[Path, Path]
) -> None:
    tab = _compare(qtbot, window, pair)
    before = tab.model.rowCount()
    with qtbot.waitSignal(tab.comparison_finished, timeout=10_000):
        tab.hide_trivial.setChecked(True)
    statuses = [tab.model.index(r, 1).data() for r in range(tab.model.rowCount())]
    assert tab.model.rowCount() == before - 1
    assert not any("only" in s for s in statuses)


def test_side_by_side_scrolling_keeps_the_same_clause_at_the_top(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    long_old = "# T\n\n" + "\n\n".join(
        f"## {n}. Clause {n}\n\n" + ("Word " * 60 * (1 + n % 3)) for n in range(1, 60)
    )
    long_new = long_old.replace("## 5. Clause 5\n\n", "## 5. Clause 5\n\n" + "Extra " * 400)
    (tmp_path / "a.md").write_text(long_old, encoding="utf-8")
    (tmp_path / "b.md").write_text(long_new, encoding="utf-8")
    tab = _compare(qtbot, window, (tmp_path / "a.md", tmp_path / "b.md"))
    tab.views.setCurrentWidget(tab.side_by_side)
    sbs = tab.side_by_side
    sbs.new_view.verticalScrollBar().setValue(sbs.new_view.verticalScrollBar().maximum() // 2)
    new_clause, _ = sbs.clause_at_top(sbs.new_view)
    old_clause, _ = sbs.clause_at_top(sbs.old_view)
    assert new_clause > 5
    assert old_clause == new_clause


def test_exports_write_a_word_redline_and_an_html_page(
    qtbot: QtBot,
    window: MainWindow,
    pair: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: MonkeyPatch,
) -> None:
    tab = _compare(qtbot, window, pair)
    target = {"path": tmp_path / "out" / "redline.docx"}
    monkeypatch.setattr(SavePathDialog, "ask", staticmethod(lambda *_a: target["path"]))
    with qtbot.waitSignal(tab.exported, timeout=10_000):
        tab.export_word.trigger()
    body = docx.Document(str(target["path"])).element.body.xml
    assert "w:ins" in body and "w:del" in body
    target["path"] = tmp_path / "redline.html"
    with qtbot.waitSignal(tab.exported, timeout=10_000):
        tab.export_html.trigger()
    page = target["path"].read_text(encoding="utf-8")
    assert "<del>" in page and "sixty" in page


def test_file_menu_and_a_drop_of_two_files_open_comparisons(
    qtbot: QtBot, window: MainWindow, pair: tuple[Path, Path], monkeypatch: MonkeyPatch
) -> None:
    monkeypatch.setattr(ComparePickDialog, "ask", staticmethod(lambda _parent: pair))
    window.commands.compare.trigger()
    assert len(window.workspace.pages()) == 1
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in pair])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    assert len(window.workspace.pages()) == 2
    window.runner.wait_until_idle()
    window.commands.close_tab.trigger()
    assert len(window.workspace.pages()) == 1


def test_a_missing_file_is_reported_and_changes_nothing(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: MonkeyPatch
) -> None:
    reported: list[BaseException] = []
    monkeypatch.setattr(window.errors, "report", reported.append)
    tab = window.open_comparison(files_request(tmp_path / "gone.md", tmp_path / "also.md"))
    window.runner.wait_until_idle()
    assert reported and "no such file" in str(reported[0])
    assert tab.comparison is None and tab.model.rowCount() == 0
    assert "failed" in tab.summary_label.text()


def test_change_list_model_is_a_valid_qt_model(
    qtbot: QtBot, window: MainWindow, pair: tuple[Path, Path], qtmodeltester: ModelTester
) -> None:
    tab = _compare(qtbot, window, pair)
    assert isinstance(tab.comparison, Comparison)
    check: Callable[[QAbstractItemModel], None] = qtmodeltester.check  # pytest-qt is untyped
    check(tab.model)
