"""The rules manager: switching rules, editing and adding them with a live test, saving."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.files.rule_files import load_user_rules
from app.resources import resource_path
from app.services.scanning import Scanning
from app.ui.rules_dialog import ENABLED, ORIGIN, RulesDialog, RulesModel

LAW_RULE = "governing-law.choice-of-law"


def _dialog(qtbot: QtBot, folder: Path) -> RulesDialog:
    dialog = RulesDialog(Scanning.from_folders(resource_path("rules"), folder), folder)
    qtbot.addWidget(dialog)
    return dialog


def test_rules_model_passes_qt_model_checks(qtmodeltester: ModelTester) -> None:
    model = RulesModel()
    scanning = Scanning.from_folders(resource_path("rules"))
    model.set_rules(list(scanning.rules.rules), ["shipped"] * len(scanning.rules.rules))
    check: Callable[[QAbstractItemModel], None] = qtmodeltester.check  # pytest-qt is untyped
    check(model)


def test_switching_a_rule_off_is_saved_in_the_user_file(qtbot: QtBot, tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    dialog = _dialog(qtbot, folder)
    row = dialog.model.row_of(LAW_RULE)
    with qtbot.waitSignal(dialog.rules_saved) as saved:
        dialog.model.setData(
            dialog.model.index(row, ENABLED),
            Qt.CheckState.Unchecked,
            Qt.ItemDataRole.CheckStateRole,
        )
    assert load_user_rules(folder).disabled == {LAW_RULE}
    scanning: Scanning = saved.args[0]
    text = "This Agreement is governed by the laws of Texas."
    assert "governing-law" not in {f.category for f in scanning.scan_text(text)}


def test_live_test_pane_highlights_what_the_edited_rule_finds(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, tmp_path / "rules")
    dialog.editor.setPlainText(
        "id: mine.venue\ncategory: jurisdiction\nseverity: low\n"
        "explanation: Venue.\npatterns: ['venue']\n"
    )
    dialog.sample.setPlainText("😀 The venue is Paris.")
    qtbot.waitUntil(lambda: dialog.test_result.text().startswith("1 matches"))
    assert "venue" in dialog.test_result.text()


def test_an_invalid_rule_is_explained_and_not_saved(qtbot: QtBot, tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    dialog = _dialog(qtbot, folder)
    dialog.editor.setPlainText(
        "id: mine.bad\ncategory: jurisdiction\nseverity: low\n"
        "explanation: Bad.\npatterns: ['(unclosed']\n"
    )
    dialog.save_rule()
    assert "Rule not valid" in dialog.test_result.text()
    assert not (folder / "user_rules.yaml").exists()


def test_editing_a_shipped_rule_overrides_it_and_revert_restores_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    folder = tmp_path / "rules"
    dialog = _dialog(qtbot, folder)
    dialog.table.selectRow(dialog.model.row_of(LAW_RULE))
    edited = dialog.editor.toPlainText().replace("severity: low", "severity: high")
    dialog.editor.setPlainText(edited)
    dialog.save_rule()
    row = dialog.model.row_of(LAW_RULE)
    assert dialog.model.index(row, ORIGIN).data() == "edited"
    assert [r.severity.value for r in load_user_rules(folder).rules] == ["high"]
    assert dialog.scanning.rules.by_id(LAW_RULE).severity.value == "high"  # type: ignore[union-attr]
    dialog.table.selectRow(row)
    dialog.revert_button.click()
    assert load_user_rules(folder).rules == ()
    assert dialog.model.index(dialog.model.row_of(LAW_RULE), ORIGIN).data() == "shipped"


def test_a_new_user_rule_is_added_after_the_shipped_ones(qtbot: QtBot, tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    dialog = _dialog(qtbot, folder)
    dialog.new_button.click()
    dialog.editor.setPlainText(dialog.editor.toPlainText().replace("my-rules.example", "mine.one"))
    dialog.save_rule()
    row = dialog.model.row_of("mine.one")
    assert row == dialog.model.rowCount() - 1
    assert dialog.model.index(row, ORIGIN).data() == "yours"
