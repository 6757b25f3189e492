"""The inspector dock: the selected clause's details and version history with a redline."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.audit import ClauseChange
from app.domain.clause import Clause, ClauseVersion
from app.domain.findings import Finding
from app.ui.clause_table_model import label, short_date
from app.ui.findings_panel import FindingsPanel
from app.ui.history_model import VersionHistoryModel, when_text
from app.ui.redline_view import Differ, RedlineView, count_words, word_changes
from app.ui.theme import Theme

HISTORY_HINT = "Select a version to see what it changed, or two versions to compare them."
_DETAIL_FIELDS = (
    ("Key", "key"),
    ("Type", "type"),
    ("Category", "category"),
    ("Tier", "tier"),
    ("Risk", "risk"),
    ("Status", "status"),
    ("Jurisdiction", "jurisdiction"),
    ("Owner", "owner"),
    ("Tags", "tags"),
    ("Version", "version"),
    ("Last changed", "changed"),
    ("Notes", "notes"),
)


def _detail_values(clause: Clause) -> dict[str, str]:
    meta = clause.meta
    return {
        "key": clause.key,
        "type": label(meta.type),
        "category": label(meta.category) or "—",
        "tier": label(meta.tier) or "—",
        "risk": label(meta.risk),
        "status": label(meta.status),
        "jurisdiction": meta.jurisdiction or "—",
        "owner": meta.owner or "—",
        "tags": ", ".join(meta.tags) or "—",
        "version": str(clause.version),
        "changed": short_date(clause.updated_at),
        "notes": meta.notes or "—",
    }


class Inspector(QTabWidget):
    """Details and history of the clause selected in the library.

    Signals:
        restore_requested(str, int): the user asked to make version N of clause KEY current.
    """

    restore_requested = Signal(str, int)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("inspectorTabs")
        self.setAccessibleName("Inspector")
        self.setDocumentMode(True)
        self.clause: Clause | None = None
        self._differ: Differ = word_changes
        self.history = VersionHistoryModel(self)
        self._details = self._build_details()
        # Text-only tabs: three with icons do not fit the dock's width.
        self.addTab(self._details, "Details")
        self.addTab(self._build_history(), "History")
        self.findings_panel = FindingsPanel()
        self.findings_panel.setObjectName("inspectorFindings")
        self.addTab(self.findings_panel, "Findings")
        self.show_clause(None, [])

    # -- building ---------------------------------------------------------------------------

    def _build_details(self) -> QStackedWidget:
        self._detail_labels: dict[str, QLabel] = {}
        self._title = QLabel()
        self._title.setProperty("role", "heading")
        self._title.setWordWrap(True)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setVerticalSpacing(6)
        for caption, name in _DETAIL_FIELDS:
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(caption)
            self._detail_labels[name] = value
            caption_label = QLabel(caption)
            caption_label.setProperty("role", "muted")
            form.addRow(caption_label, value)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self._title)
        layout.addLayout(form)
        layout.addStretch(1)
        self._details_empty = _empty_state("Select a clause in the library to see its details.")
        stack = QStackedWidget()
        stack.addWidget(page)
        stack.addWidget(self._details_empty)
        return stack

    def _build_history(self) -> QWidget:
        self.history_table = QTableView()
        self.history_table.setObjectName("historyTable")
        self.history_table.setAccessibleName("Version history")
        self.history_table.setModel(self.history)
        self.history_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.history_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history_table.setTabKeyNavigation(False)
        self.history_table.setShowGrid(False)
        self.history_table.verticalHeader().hide()
        header = self.history_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, self.fontMetrics().horizontalAdvance("Product Coun"))
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.history_table.setWordWrap(False)
        self.history_table.selectionModel().selectionChanged.connect(
            self._on_history_selection_changed
        )
        self.restore_button = QPushButton("Restore This Version")
        self.restore_button.setAccessibleName("Restore the selected version")
        self.restore_button.clicked.connect(self._on_restore_button_clicked)
        self.compare_summary = QLabel()
        self.compare_summary.setProperty("role", "muted")
        self.compare_summary.setWordWrap(True)
        self.redline = RedlineView()
        self.redline.setObjectName("historyRedline")
        bar = QHBoxLayout()
        hint = QLabel("Ctrl+click two versions to compare them.")
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        bar.addWidget(hint, 1)
        bar.addWidget(self.restore_button)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 4, 0, 0)
        lower_layout.addLayout(bar)
        lower_layout.addWidget(self.compare_summary)
        lower_layout.addWidget(self.redline, 1)
        self.history_splitter = QSplitter(Qt.Orientation.Vertical)
        self.history_splitter.setObjectName("historySplitter")
        self.history_splitter.addWidget(self.history_table)
        self.history_splitter.addWidget(lower)
        self.history_splitter.setSizes([130, 400])
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.history_splitter)
        return page

    # -- public API -------------------------------------------------------------------------

    def show_clause(
        self,
        clause: Clause | None,
        versions: list[ClauseVersion],
        changes: Sequence[ClauseChange] = (),
    ) -> None:
        """Show a clause's details and its history: versions and the audit trail of details."""
        self.clause = clause
        self.history.set_versions(versions, changes)
        if clause is None:
            self._details.setCurrentWidget(self._details_empty)
            self.redline.show_message("Select a clause in the library to see its history.")
            self.compare_summary.setText("")
            self.restore_button.setEnabled(False)
            self.show_findings([])
            return
        self._title.setText(clause.title)
        for name, value in _detail_values(clause).items():
            self._detail_labels[name].setText(value)
        self._details.setCurrentIndex(0)
        self._show_selected_versions()

    @property
    def differ(self) -> Differ:
        return self._differ

    def set_differ(self, differ: Differ) -> None:
        """How to compute redlines (the diff engine, once loaded)."""
        self._differ = differ
        self._show_selected_versions()

    def set_theme(self, theme: Theme) -> None:
        self.redline.set_theme(theme)
        self.findings_panel.model.set_dark(theme.is_dark)

    def show_findings(self, findings: Sequence[Finding]) -> None:
        self.findings_panel.set_findings(findings)
        index = self.indexOf(self.findings_panel)
        self.setTabText(index, f"Findings ({len(findings)})" if findings else "Findings")

    def select_versions(self, numbers: list[int]) -> None:
        """Select history rows by version number (keyboard users do this with Ctrl+click)."""
        selection = QItemSelection()
        for row in range(self.history.rowCount()):
            version = self.history.version_at(row)
            if version is not None and version.number in numbers:
                left = self.history.index(row, 0)
                right = self.history.index(row, self.history.columnCount() - 1)
                selection.select(left, right)
        model = self.history_table.selectionModel()
        model.select(selection, model.SelectionFlag.ClearAndSelect)

    def selected_versions(self) -> list[ClauseVersion]:
        rows = sorted({i.row() for i in self.history_table.selectionModel().selectedRows()})
        chosen = [v for r in rows if (v := self.history.version_at(r)) is not None]
        return sorted(chosen, key=lambda v: v.number)

    def _selected_change(self) -> ClauseChange | None:
        """The one selected row when it records a change of details (not a wording)."""
        rows = {i.row() for i in self.history_table.selectionModel().selectedRows()}
        if len(rows) != 1:
            return None
        row = rows.pop()
        return None if self.history.version_at(row) is not None else self.history.changes_at(row)

    # -- handlers ---------------------------------------------------------------------------

    def _on_history_selection_changed(self, *_args: object) -> None:
        self._show_selected_versions()

    def _show_selected_versions(self) -> None:
        chosen = self.selected_versions()
        current = self.clause.version if self.clause else 0
        self.restore_button.setEnabled(len(chosen) == 1 and chosen[0].number != current)
        if len(chosen) == 1:
            older = self._version(chosen[0].number - 1)
            self._show_redline(older, chosen[0])
        elif len(chosen) == 2:
            self._show_redline(chosen[0], chosen[1])
        elif (change := self._selected_change()) is not None:
            self.compare_summary.setText(
                f"Details changed by {change.author} on {when_text(change.at)}."
            )
            self.redline.show_message(change.summary)
        else:
            self.compare_summary.setText("")
            self.redline.show_message(HISTORY_HINT)

    def _show_redline(self, old: ClauseVersion | None, new: ClauseVersion) -> None:
        if old is None:
            self.compare_summary.setText(
                f"Version {new.number}: the first wording ({new.author}, "
                f"{when_text(new.created_at)})."
            )
            self.redline.show_changes([("equal", new.body)])
            return
        changes = self._differ(old.body, new.body)
        inserted, deleted = count_words(changes, "insert"), count_words(changes, "delete")
        self.compare_summary.setText(
            f"Version {old.number} → {new.number}: {inserted} words inserted, "
            f"{deleted} deleted. “{new.reason}” ({new.author}, {when_text(new.created_at)})"
        )
        self.redline.show_changes(changes)

    def _version(self, number: int) -> ClauseVersion | None:
        return next((v for v in self.history.versions() if v.number == number), None)

    def _on_restore_button_clicked(self) -> None:
        chosen = self.selected_versions()
        if self.clause is not None and len(chosen) == 1:
            self.restore_requested.emit(self.clause.key, chosen[0].number)


def _empty_state(text: str) -> QLabel:
    empty = QLabel(text)
    empty.setProperty("role", "empty-state")
    empty.setWordWrap(True)
    empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return empty
