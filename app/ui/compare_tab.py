"""The comparison tab: change list, inline redline, side by side, next/previous, exports."""

from __future__ import annotations

import getpass
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.domain.comparison import Comparison
from app.domain.document import SplitDocument
from app.services.comparing import (
    ClauseScanner,
    Comparing,
    with_findings,
    write_html_redline,
    write_redline,
)
from app.ui.background import BackgroundRunner, TaskContext
from app.ui.compare_model import ChangeListModel
from app.ui.compare_render import ComparisonFindings, RenderedComparison, render_comparison
from app.ui.side_by_side import (
    SideBySideView,
    redline_text_view,
    replace_document,
    show_position,
)
from app.ui.theme import Theme
from app.ui.workspace import WorkspacePage

Loader = Callable[[], tuple[SplitDocument, SplitDocument]]


@dataclass(frozen=True)
class CompareRequest:
    """What to compare: a title for the tab and how to load both sides (runs off the GUI thread)."""

    title: str
    load: Loader


class SavePathDialog:
    """Asks where to write an export; tests replace ``ask``."""

    @staticmethod
    def ask(parent: QWidget, caption: str, suggested: str, filters: str) -> Path | None:
        path, _filter = QFileDialog.getSaveFileName(parent, caption, suggested, filters)
        return Path(path) if path else None


class ComparePickDialog:
    """Asks for the old and the new document; tests replace ``ask``."""

    @staticmethod
    def ask(parent: QWidget) -> tuple[Path, Path] | None:
        filters = "Documents (*.docx *.md *.markdown *.txt);;All files (*)"
        old, _f = QFileDialog.getOpenFileName(parent, "Compare: the Old Version", "", filters)
        if not old:
            return None
        new, _f = QFileDialog.getOpenFileName(
            parent, "Compare: the New Version", str(Path(old).parent), filters
        )
        return (Path(old), Path(new)) if new else None


class CompareTab(WorkspacePage):
    """A comparison of two documents, computed in the background and shown three ways.

    Signals:
        comparison_finished(object): the Comparison is shown (also after re-rendering).
        exported(str): an export was written to PATH.
    """

    comparison_finished = Signal(object)
    exported = Signal(str)
    icon_name = "history"

    def __init__(
        self,
        request: CompareRequest,
        *,
        runner: BackgroundRunner,
        comparing: Comparing,
        scanner: ClauseScanner | None,
        theme: Theme,
        report_error: Callable[[BaseException], None],
    ) -> None:
        super().__init__()
        self.request = request
        self._report_error = report_error
        self._runner = runner
        self._comparing = comparing
        self._scanner = scanner
        self._theme = theme
        self._findings = ComparisonFindings()
        self._inline_starts: list[int] = []
        self.comparison: Comparison | None = None
        self.model = ChangeListModel(self)
        self._build()
        self.start()

    def display_title(self) -> str:
        return self.request.title

    # -- building ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.summary_label = QLabel("Comparing…")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.change_table = QTableView()
        self.change_table.setAccessibleName("Changes")
        self.change_table.setModel(self.model)
        self.change_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.change_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.change_table.verticalHeader().hide()
        line = self.change_table.fontMetrics().height()
        self.change_table.verticalHeader().setDefaultSectionSize(line + 8)
        self.change_table.setWordWrap(False)
        header = self.change_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 170)
        header.resizeSection(1, 80)
        header.setStretchLastSection(True)
        self.change_table.selectionModel().currentRowChanged.connect(
            self._on_change_table_current_row_changed
        )
        self.inline_view = redline_text_view("Inline redline")
        self.side_by_side = SideBySideView()
        self.views = QTabWidget()
        self.views.setDocumentMode(True)
        self.views.addTab(self.inline_view, "Inline")
        self.views.addTab(self.side_by_side, "Side by Side")
        self.views.currentChanged.connect(lambda _i: self._show_current_change())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.change_table)
        splitter.addWidget(self.views)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([420, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 0)
        layout.addWidget(self._build_toolbar())
        layout.addWidget(self.summary_label)
        layout.addWidget(splitter, 1)

    def _build_toolbar(self) -> QToolBar:
        bar = QToolBar()
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.previous_change = self._action(bar, "◀ Previous Change", ("Shift+F7", "Alt+Up"))
        self.previous_change.triggered.connect(lambda: self.step(-1))
        self.next_change = self._action(bar, "Next Change ▶", ("F7", "Alt+Down"))
        self.next_change.triggered.connect(lambda: self.step(1))
        bar.addSeparator()
        self.hide_trivial = QCheckBox("Hide trivial changes")
        self.hide_trivial.setToolTip("Hide changes of spacing, case, punctuation or numbering only")
        self.hide_trivial.toggled.connect(self._on_hide_trivial_toggled)
        bar.addWidget(self.hide_trivial)
        bar.addSeparator()
        self.export_word = self._action(bar, "Export Word Redline…", ())
        self.export_word.triggered.connect(self.export_docx)
        self.export_html = self._action(bar, "Export HTML…", ())
        self.export_html.triggered.connect(self.export_html_page)
        for action in (self.export_word, self.export_html, self.next_change, self.previous_change):
            action.setEnabled(False)
        return bar

    def _action(self, bar: QToolBar, text: str, keys: tuple[str, ...]) -> QAction:
        action = bar.addAction(text)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if keys:
            action.setToolTip(f"{text.strip('◀▶ ')} ({keys[0]})")
        return action

    # -- comparing (background) -------------------------------------------------------------

    def start(self) -> None:
        """Compare in the background; a newer run of this tab supersedes an older one."""
        load, comparing, scanner, theme = (
            self.request.load,
            self._comparing,
            self._scanner,
            self._theme,
        )
        hide = self.hide_trivial.isChecked()

        def work(context: TaskContext) -> tuple[RenderedComparison, ComparisonFindings]:
            old, new = load()
            context.check()

            def progress(done: int, total: int) -> None:
                context.check()
                context.report(done, total)

            comparison = comparing.compare(old, new, None, progress)
            findings = ComparisonFindings(
                old_texts=[c.text or c.heading or "" for c in old.clauses],
                new_texts=[c.text or c.heading or "" for c in new.clauses],
            )
            if scanner is not None:
                findings.old = scanner.scan_clauses(findings.old_texts)
                context.check()
                findings.new = scanner.scan_clauses(findings.new_texts)
                comparison = with_findings(comparison, findings.old, findings.new)
            context.check()
            return render_comparison(comparison, findings, theme, hide_trivial=hide), findings

        self._runner.run_with_context(
            work,
            self._on_compared,
            channel=f"compare-{id(self)}",
            label=f"Comparing {self.request.title}",
            on_error=self._on_compare_failed,
        )

    def _rerender(self) -> None:
        comparison, findings, theme = self.comparison, self._findings, self._theme
        if comparison is None:
            return
        hide = self.hide_trivial.isChecked()

        def work() -> tuple[RenderedComparison, ComparisonFindings]:
            return render_comparison(comparison, findings, theme, hide_trivial=hide), findings

        self._runner.run(work, self._on_compared, channel=f"compare-{id(self)}")

    def set_theme(self, theme: Theme) -> None:
        if theme != self._theme:
            self._theme = theme
            self._rerender()

    def _on_compared(self, result: tuple[RenderedComparison, ComparisonFindings]) -> None:
        rendered, self._findings = result
        self.comparison = rendered.comparison
        self._inline_starts = rendered.inline_starts
        replace_document(self.inline_view, rendered.inline)
        self.side_by_side.set_documents(
            rendered.old, rendered.new, rendered.old_starts, rendered.new_starts
        )
        self.model.set_comparison(self.comparison, hide_trivial=self.hide_trivial.isChecked())
        self.summary_label.setText(summary_text(self.comparison, self.model.rowCount()))
        has_changes = self.model.rowCount() > 0
        for action in (self.next_change, self.previous_change):
            action.setEnabled(has_changes)
        self.export_word.setEnabled(True)
        self.export_html.setEnabled(True)
        self.comparison_finished.emit(self.comparison)

    def _on_compare_failed(self, exc: BaseException) -> None:
        self.summary_label.setText(f"The comparison failed: {escape(str(exc))}")
        self._report_error(exc)

    # -- navigation -------------------------------------------------------------------------

    def step(self, direction: int) -> None:
        """Select the next (1) or previous (-1) change, wrapping around."""
        rows = self.model.rowCount()
        if rows == 0:
            return
        current = self.change_table.currentIndex().row()
        first = 0 if direction > 0 else rows - 1
        row = first if current < 0 else (current + direction) % rows
        self.select_change(row)

    def select_change(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.change_table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.change_table.scrollTo(index)

    def _on_change_table_current_row_changed(
        self, _current: QModelIndex, _old: QModelIndex
    ) -> None:
        self._show_current_change()

    def _show_current_change(self) -> None:
        row = self.change_table.currentIndex().row()
        if row < 0 or self.comparison is None:
            return
        position = self.model.position(row)
        if self.views.currentWidget() is self.side_by_side:
            self.side_by_side.show_clause(position)
            return
        show_position(self.inline_view, self._inline_starts, position)

    def shown_clause_position(self) -> int:
        """Which clause the inline view's cursor is in (for tests and the status line)."""
        position = self.inline_view.textCursor().position()
        starts = self._inline_starts
        return max(k for k, s in enumerate(starts) if s <= position) if starts else -1

    def _on_hide_trivial_toggled(self, _hide: bool) -> None:
        self._rerender()

    # -- exports ----------------------------------------------------------------------------

    def export_docx(self) -> None:
        comparison = self.comparison
        if comparison is None:
            return
        path = SavePathDialog.ask(
            self, "Export Word Redline", _suggested(comparison, ".docx"), "Word (*.docx)"
        )
        if path is None:
            return
        author = _author()
        self._export(lambda: write_redline(comparison, path, author=author), path)

    def export_html_page(self) -> None:
        comparison = self.comparison
        if comparison is None:
            return
        path = SavePathDialog.ask(
            self, "Export HTML Redline", _suggested(comparison, ".html"), "Web page (*.html)"
        )
        if path is not None:
            self._export(lambda: write_html_redline(comparison, path), path)

    def _export(self, write: Callable[[], None], path: Path) -> None:
        def written(_result: None) -> None:
            self.exported.emit(str(path))

        self._runner.run(write, written)


def summary_text(comparison: Comparison, shown: int) -> str:
    s = comparison.summary
    counts = [
        f"{s.modified} modified",
        f"{s.moved} moved",
        f"{s.added} added",
        f"{s.removed} removed",
        f"{s.unchanged} unchanged",
    ]
    text = (
        f"<b>{escape(_name(comparison.old))}</b> → <b>{escape(_name(comparison.new))}</b>: "
        + ", ".join(counts)
        + f" — {s.words_inserted:,} words inserted, {s.words_deleted:,} deleted"
        + f" · {shown} changes listed"
    )
    risk = comparison.risk
    if risk.lost:
        text += "<br><b>Protections dropped:</b> " + ", ".join(risk.lost)
    if risk.gained:
        text += "<br><b>Added:</b> " + ", ".join(risk.gained)
    for scope in risk.narrowed:
        text += f"<br><b>Narrowed:</b> {scope.category} from {scope.from_scope} to {scope.to_scope}"
    return text


def _name(source: str) -> str:
    return Path(source).name or source


def _suggested(comparison: Comparison, suffix: str) -> str:
    return f"{Path(_name(comparison.old)).stem}-vs-{Path(_name(comparison.new)).stem}{suffix}"


def _author() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (some containers)
        return "Clausewright"


def files_request(old: Path, new: Path) -> CompareRequest:
    """Compare two files (.docx, .md, .txt); the files are read in the background."""
    from app.services.documents_io import load_document

    return CompareRequest(
        f"{old.name} ↔ {new.name}", lambda: (load_document(old), load_document(new))
    )
