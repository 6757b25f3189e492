"""The findings panel: every finding of a text with its severity and explanation.

Use::

    panel = FindingsPanel()
    panel.set_findings(findings)
    panel.finding_activated.connect(view_jump_to)   # receives the Finding clicked
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.findings import Finding
from app.ui.highlighting import is_dark, severity_line, tooltip_text
from app.ui.table_model import HeaderedTableModel

SEVERITY, CATEGORY, CLAUSE, EXPLANATION, TEXT = range(5)
HEADERS = ("Severity", "Category", "Clause", "Why it matters", "Text")
FINDING_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


class FindingsModel(HeaderedTableModel):
    """A thin table over a list of findings."""

    HEADERS = HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._findings: list[Finding] = []
        self._dark = False

    def set_findings(self, findings: Sequence[Finding]) -> None:
        self.beginResetModel()
        self._findings = list(findings)
        self.endResetModel()

    def set_dark(self, dark: bool) -> None:
        self._dark = dark
        if self._findings:
            last = self.index(len(self._findings) - 1, SEVERITY)
            self.dataChanged.emit(self.index(0, SEVERITY), last)

    def finding(self, row: int) -> Finding:
        return self._findings[row]

    def row_total(self) -> int:
        return len(self._findings)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._findings):
            return None
        finding = self._findings[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(finding, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip_text(finding)
        if role == FINDING_ROLE:
            return finding
        if role == SORT_ROLE:
            if column == SEVERITY:
                return finding.severity.rank
            if column == CLAUSE:
                return finding.clause_index * 10_000_000 + finding.start
            return self._display(finding, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == SEVERITY:
            return QBrush(severity_line(finding.severity, self._dark))
        return None

    @staticmethod
    def _display(finding: Finding, column: int) -> str:
        if column == SEVERITY:
            return finding.severity.value
        if column == CATEGORY:
            return finding.category + (f" ({finding.scope})" if finding.scope else "")
        if column == CLAUSE:
            return str(finding.clause_index + 1)
        if column == EXPLANATION:
            return finding.explanation
        return " ".join(finding.text.split())


class FindingsPanel(QWidget):
    """Lists findings; clicking (or pressing Enter on) one tells the view to jump to it.

    Signals:
        finding_activated(Finding): the user chose a finding.
    """

    finding_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = FindingsModel(self)
        self.model.set_dark(is_dark(self.palette()))
        self._proxy = QSortFilterProxyModel(self)
        self._proxy.setSourceModel(self.model)
        self._proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self._proxy)
        self.table.setAccessibleName("Findings")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(CLAUSE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(EXPLANATION, QHeaderView.ResizeMode.Stretch)
        self._summary = QLabel()
        self._summary.setAccessibleName("Findings summary")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._summary)
        layout.addWidget(self.table)
        self.table.clicked.connect(self._on_table_activated)
        self.table.activated.connect(self._on_table_activated)
        self.set_findings([])

    def set_findings(self, findings: Sequence[Finding]) -> None:
        self.model.set_findings(findings)
        counts: dict[str, int] = {}
        for finding in findings:
            counts[finding.severity.value] = counts.get(finding.severity.value, 0) + 1
        detail = ", ".join(f"{n} {s}" for s, n in counts.items())
        self._summary.setText(f"{len(findings)} findings ({detail})" if findings else "No findings")

    def finding_at_row(self, row: int) -> Finding:
        """The finding shown in a row of the (sorted) table."""
        return self.model.finding(self._proxy.mapToSource(self._proxy.index(row, 0)).row())

    def _on_table_activated(self, index: QModelIndex) -> None:
        finding = index.data(FINDING_ROLE)
        if isinstance(finding, Finding):
            self.finding_activated.emit(finding)
