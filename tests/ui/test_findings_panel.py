"""The findings panel: a model that passes Qt's checks, sorting, and jumping to a finding."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtTest import QTest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.domain.findings import Finding, Severity
from app.ui.findings_panel import CATEGORY, EXPLANATION, SEVERITY, FindingsModel, FindingsPanel

FINDINGS = [
    Finding("governing-law", "law", Severity.LOW, 0, 8, "governed", "Chooses the law.", 2),
    Finding(
        "competitor-training",
        "ct",
        Severity.HIGH,
        4,
        18,
        "develop models",
        "Forbids building models.",
        0,
        "customer",
        "competing-models",
    ),
]


def test_findings_model_passes_qt_model_checks(qtmodeltester: ModelTester) -> None:
    model = FindingsModel()
    model.set_findings(FINDINGS)
    check: Callable[[QAbstractItemModel], None] = qtmodeltester.check  # pytest-qt is untyped
    check(model)
    assert model.index(1, CATEGORY).data() == "competitor-training (competing-models)"
    assert model.index(1, EXPLANATION).data() == "Forbids building models."
    assert model.index(1, SEVERITY).data() == "high"


def test_rows_are_in_clause_order_and_clicking_one_emits_it(qtbot: QtBot) -> None:
    panel = FindingsPanel()
    qtbot.addWidget(panel)
    panel.set_findings(FINDINGS)
    assert [panel.finding_at_row(r).rule for r in range(2)] == ["ct", "law"]
    index = panel.table.model().index(1, EXPLANATION)
    with qtbot.waitSignal(panel.finding_activated) as signal:
        rect = panel.table.visualRect(index)
        panel.show()
        QTest.mouseClick(
            panel.table.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            rect.center(),
        )
    assert signal.args == [FINDINGS[0]]


def test_sorting_by_severity_puts_high_first(qtbot: QtBot) -> None:
    panel = FindingsPanel()
    qtbot.addWidget(panel)
    panel.set_findings(list(reversed(FINDINGS)))
    panel.table.sortByColumn(SEVERITY, Qt.SortOrder.AscendingOrder)
    assert panel.finding_at_row(0).severity is Severity.HIGH
