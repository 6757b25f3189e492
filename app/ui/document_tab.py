"""The document tab: outline, variables form, conditions, live preview, problems, versions."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor, QTextDocument, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QMainWindow,
    QPlainTextDocumentLayout,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.domain.document import SplitDocument
from app.domain.errors import ConflictError, ConnectionLostError
from app.domain.findings import Finding
from app.domain.terms import (
    AssembledDocument,
    AssemblyError,
    DocumentSummary,
    Problem,
    TermsDocument,
    document_from_data,
    document_to_data,
)
from app.services.drafting import Drafting
from app.ui.background import BackgroundRunner
from app.ui.compare_tab import CompareRequest, SavePathDialog
from app.ui.conflict_dialog import ConflictChoice
from app.ui.dialogs import ConnectionLostDialog, show_error
from app.ui.document_saving import (
    DocumentConflictDialog,
    DocumentSave,
    run_document_save,
    run_version_save,
)
from app.ui.document_undo import OutlineEdit, ValueEdit
from app.ui.highlighting import severity_fill, severity_line, tooltip_text
from app.ui.outline_model import (
    OutlineModel,
    Rows,
    moved,
    rows_from_sections,
    sections_from_rows,
    subtree_end,
)
from app.ui.save_retries import RETRY_DELAYS, retrying_message
from app.ui.side_by_side import redline_text_view, replace_document
from app.ui.theme import Theme
from app.ui.variables_form import VariablesForm, initial_values
from app.ui.workspace import WorkspacePage

PREVIEW_DELAY_MS = 300
Scan = Callable[[Sequence[str]], list[list[Finding]]]


@dataclass
class Preview:
    """What the background assembly produced: the preview document or the problems."""

    document: QTextDocument | None
    problems: list[Problem]
    seconds: float
    assembled: AssembledDocument | None = None


class _RetrySignals(QObject):
    """Carries "retrying" from the worker to the tab (queued; dropped if the tab is gone)."""

    retrying = Signal(str, int, int)


class VersionLabelDialog:
    """Asks for a version's label; tests replace ``ask``."""

    @staticmethod
    def ask(parent: QWidget) -> str | None:
        text, ok = QInputDialog.getText(parent, "Save Version", "Label (e.g. Sent to customer):")
        return text.strip() if ok and text.strip() else None


class DocumentTab(WorkspacePage):
    """Edits one terms document; every outline, condition and value edit is an undo step.

    Signals:
        preview_updated(float): the preview shows the current draft; seconds from request.
        problems_changed(int): the number of problems now listed.
        document_saved(object): the definition was saved (the saved TermsDocument).
        exported(str): the Word file was written to PATH.
        comparison_requested(object): the user asked to compare versions (a CompareRequest).
    """

    preview_updated = Signal(float)
    problems_changed = Signal(int)
    document_saved = Signal(object)
    exported = Signal(str)
    comparison_requested = Signal(object)
    icon_name = "details"

    def __init__(
        self,
        document: TermsDocument,
        *,
        drafting: Drafting,
        runner: BackgroundRunner,
        scan: Scan | None,
        theme: Theme,
        selected_clause: Callable[[], str],
        clause_titles: Callable[[], dict[str, str]] = dict,
        is_new: bool = False,
    ) -> None:
        super().__init__()
        self.document = document
        self._drafting = drafting
        self._runner = runner
        self._scan = scan
        self._theme = theme
        self._selected_clause = selected_clause
        self._is_new = is_new
        self._alive = [True]  # False once Qt deleted the tab: late save results are dropped
        self.destroyed.connect(lambda _obj=None, alive=self._alive: alive.__setitem__(0, False))
        self.retry_delays: Sequence[float] = RETRY_DELAYS
        self._stack = QUndoStack(self)
        self._problems: list[Problem] = []
        self._cache: dict[str, list[Finding]] = {}
        self.model = OutlineModel(self)
        self.model.titles = clause_titles()
        self.model.set_rows(rows_from_sections(document.outline))
        self.model.edit = self._push_outline_edit
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        self._build()
        self.form.set_variables(document.variables, initial_values(document.variables))
        # Bound methods: Qt drops the connections when the tab goes (a lambda would outlive it).
        self._stack.cleanChanged.connect(self._on_stack_clean_changed)
        self._stack.indexChanged.connect(self._on_stack_index_changed)
        self.refresh_preview()
        self.load_versions()

    def _on_stack_clean_changed(self, clean: bool) -> None:
        self.modified_changed.emit(self._is_new or not clean)

    def _on_stack_index_changed(self, _index: int) -> None:
        self.schedule_preview()

    # -- page interface ---------------------------------------------------------------------

    def display_title(self) -> str:
        return self.document.title or self.document.name

    def is_modified(self) -> bool:
        return self._is_new or not self._stack.isClean()

    @property
    def undo_stack(self) -> QUndoStack:
        return self._stack

    def set_theme(self, theme: Theme) -> None:
        if theme != self._theme:
            self._theme = theme
            self.refresh_preview()

    # -- building ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.outline_view = QListView()
        self.outline_view.setAccessibleName("Outline")
        self.outline_view.setModel(self.model)
        self.outline_view.setDragEnabled(True)
        self.outline_view.setAcceptDrops(True)
        self.outline_view.setDropIndicatorShown(True)
        self.outline_view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.outline_view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.outline_view.selectionModel().currentRowChanged.connect(
            lambda _c, _p: self._show_condition()
        )
        self.condition_edit = QLineEdit()
        self.condition_edit.setAccessibleName("Condition of the selected item")
        self.condition_edit.setPlaceholderText("Include only when… e.g. offers_model_api")
        self.condition_edit.editingFinished.connect(self._on_condition_edit_finished)
        self.heading_edit = QLineEdit()
        self.heading_edit.setAccessibleName("Heading of the selected item")
        self.heading_edit.setPlaceholderText("The clause's title")
        self.heading_edit.editingFinished.connect(self._on_heading_edit_finished)
        self.form = VariablesForm()
        self.form.value_edited.connect(self._on_form_value_edited)
        form_scroll = QScrollArea()
        form_scroll.setWidgetResizable(True)
        form_scroll.setWidget(self.form)
        self.versions_list = QListWidget()
        self.versions_list.setAccessibleName("Saved versions")
        self.versions_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        compare = QPushButton("Compare")
        compare.setToolTip("Compare the selected version with the draft, or two selected versions")
        compare.clicked.connect(self.compare_selected_versions)
        self.compare_button = compare
        versions = QWidget()
        box = QVBoxLayout(versions)
        box.addWidget(self.versions_list)
        box.addWidget(compare, 0, Qt.AlignmentFlag.AlignRight)
        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(form_scroll, "Variables")
        self.side_tabs.addTab(versions, "Versions")
        self.preview = redline_text_view("Preview of the assembled document")
        self.problems_list = QListWidget()
        self.problems_list.setAccessibleName("Problems")
        self.problems_list.itemActivated.connect(lambda _i: self._on_problem_activated())
        self.problems_list.setMaximumHeight(110)
        self.problems_list.hide()
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(QLabel("Outline"))
        left_box.addWidget(self.outline_view, 1)
        item_form = QFormLayout()
        item_form.addRow("Heading:", self.heading_edit)
        item_form.addRow("Condition:", self.condition_edit)
        left_box.addLayout(item_form)
        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        self.preview_label = QLabel("Preview")
        right_box.addWidget(self.preview_label)
        right_box.addWidget(self.preview, 1)
        right_box.addWidget(self.problems_list)
        column = QSplitter(Qt.Orientation.Vertical)
        column.addWidget(left)
        column.addWidget(self.side_tabs)
        column.setSizes([420, 300])
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(column)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([400, 600])
        self.preview.setMinimumWidth(360)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.addWidget(self._build_toolbar())
        layout.addWidget(splitter, 1)

    def _build_toolbar(self) -> QToolBar:
        bar = QToolBar()
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.add_action = bar.addAction("Add Selected Clause", self.add_selected_clause)
        self.add_action.setToolTip("Add the clause selected in the library (or drag it here)")
        self.section_action = bar.addAction("Add Section", self.add_section)
        self.section_action.setToolTip("A heading of its own; indent clauses under it")
        self.remove_action = bar.addAction("Remove", self.remove_current)
        self.outdent_action = bar.addAction("◀ Outdent", lambda: self.shift_current(-1))
        self.indent_action = bar.addAction("Indent ▶", lambda: self.shift_current(1))
        self.up_action = bar.addAction("▲ Up", lambda: self.move_current(-1))
        self.down_action = bar.addAction("▼ Down", lambda: self.move_current(1))
        bar.addSeparator()
        self.version_action = bar.addAction("Save Version…", self.save_version)
        self.export_action = bar.addAction("Export to Word…", self.export_word)
        return bar

    # -- outline edits ----------------------------------------------------------------------

    def current_row(self) -> int:
        return self.outline_view.currentIndex().row()

    def _push_outline_edit(self, rows: Rows, text: str) -> None:
        row = self.current_row()
        self._stack.push(OutlineEdit(self.model, self.model.rows, rows, text))
        self._select(min(row, self.model.rowCount() - 1))  # a reset model forgets the current

    def add_selected_clause(self) -> None:
        key = self._selected_clause()
        if key:
            row = self.current_row()
            self.model.insert_clauses([key], row + 1 if row >= 0 else self.model.rowCount())

    def add_section(self) -> None:
        row = self.current_row()
        target = row + 1 if row >= 0 else self.model.rowCount()
        self.model.insert_heading("New section", target)
        self._select(target)
        self.heading_edit.setFocus()
        self.heading_edit.selectAll()

    def remove_current(self) -> None:
        self.model.remove(self.current_row())

    def shift_current(self, step: int) -> None:
        row = self.current_row()
        self.model.shift(row, step)
        self._select(row)

    def move_current(self, step: int) -> None:
        """Move the item (with its children) above the previous or below the next sibling."""
        row = self.current_row()
        rows = self.model.rows
        if not 0 <= row < len(rows):
            return
        if step < 0:
            target = row - 1
            while target > 0 and rows[target].depth > rows[row].depth:
                target -= 1
            if target < 0:
                return
            after = moved(rows, row, target)
        else:
            end = subtree_end(rows, row)
            if end >= len(rows):
                return
            after = moved(rows, row, subtree_end(rows, end))
        if after != rows:
            self.model.edit(after, "Move clause")
            first = next(
                (k for k, r in enumerate(after) if r == replace(rows[row], depth=r.depth)), row
            )
            self._select(first)

    def _select(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.outline_view.setCurrentIndex(self.model.index(row))

    def _show_condition(self) -> None:
        row = self.current_row()
        rows = self.model.rows
        item = rows[row] if 0 <= row < len(rows) else None
        self.condition_edit.setText(item.when or "" if item else "")
        self.heading_edit.setText(item.heading or "" if item else "")

    def _on_heading_edit_finished(self) -> None:
        self.model.set_heading(self.current_row(), self.heading_edit.text().strip())

    def _on_condition_edit_finished(self) -> None:
        self.model.set_condition(self.current_row(), self.condition_edit.text().strip())

    def _on_form_value_edited(self, name: str, old: str, new: str) -> None:
        self._stack.push(ValueEdit(self.form, name, old, new))

    # -- autosave and recovery --------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """The unsaved state as plain JSON data (the autosave file of this tab)."""
        definition = self.definition()
        return {
            "kind": "document",
            "key": f"document {definition.name}",  # how the recovery dialog names it
            "fields": {"title": definition.title},
            "definition": document_to_data(definition),
            "lock_version": None if self._is_new else self.document.lock_version,
            "values": self.form.raw_values(),
        }

    def apply_snapshot(self, snapshot: dict[str, Any]) -> None:
        """Bring back recovered edits as one undo step over the saved document."""
        recovered = document_from_data(snapshot["definition"])
        self._push_outline_edit(rows_from_sections(recovered.outline), "Recovered edits")
        for name, raw in dict(snapshot.get("values", {})).items():
            self.form.set_value(str(name), str(raw))
        lock = snapshot.get("lock_version")
        if isinstance(lock, int):  # a save since then is a conflict, not an overwrite
            self.document = replace(self.document, lock_version=lock)
        self.schedule_preview()

    # -- the definition ---------------------------------------------------------------------

    def definition(self) -> TermsDocument:
        return replace(self.document, outline=sections_from_rows(self.model.rows))

    def mark_saved(self, saved: TermsDocument, *, still_modified: bool = False) -> None:
        """The draft was saved as ``saved``; edits made while it saved stay unsaved."""
        self.document = saved
        self._is_new = False
        if not still_modified:
            self._stack.setClean()
        self.modified_changed.emit(self.is_modified())
        self.title_changed.emit(self.display_title())

    def save(self, then: Callable[[], None] | None = None) -> None:
        """Save the definition in the background under the optimistic lock.

        A dropped connection is retried (status bar), then the user may Retry; someone
        else's newer save opens the conflict view. The edit stays in the tab throughout.
        """
        lock = None if self._is_new else self.document.lock_version
        request = DocumentSave(self.definition(), lock, self._is_new, self._stack.index())
        self._start_save(request, then)

    def _start_save(self, request: DocumentSave, then: Callable[[], None] | None) -> None:
        drafting, delays = self._drafting, tuple(self.retry_delays)
        on_retry = self._retry_reporter(self.display_title(), len(delays) + 1)
        self._runner.run(
            lambda: run_document_save(drafting, request, delays=delays, on_retry=on_retry),
            lambda saved: self._on_saved(request, saved, then),
            on_error=lambda exc: self._on_save_failed(request, exc, then),
        )

    def _retry_reporter(self, title: str, attempts: int) -> Callable[[int], None]:
        """A callback for the worker that shows "retrying" in the window's status bar."""
        signals = _RetrySignals()  # lives on the GUI thread; the worker's closure keeps it
        signals.retrying.connect(self._on_save_retrying)
        return lambda attempt: signals.retrying.emit(title, attempt, attempts)

    def _on_save_retrying(self, title: str, attempt: int, attempts: int) -> None:
        self._show_status(retrying_message(title, attempt, attempts))

    def _show_status(self, message: str, timeout_ms: int = 0) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(message, timeout_ms)

    def _connection_lost(self, title: str, exc: BaseException) -> bool:
        """The last retry failed: say so, keep the edit, and ask whether to try again now."""
        self._show_status(f"“{title}” not saved: the connection to the team library was lost")
        return ConnectionLostDialog.ask(self, title, str(exc))

    def _on_saved(
        self, request: DocumentSave, saved: TermsDocument, then: Callable[[], None] | None
    ) -> None:
        if not self._alive[0]:
            return
        self.mark_saved(saved, still_modified=self._stack.index() != request.undo_index)
        self.document_saved.emit(saved)
        if then:
            then()

    def _on_save_failed(
        self, request: DocumentSave, exc: BaseException, then: Callable[[], None] | None
    ) -> None:
        if not self._alive[0]:
            return
        if isinstance(exc, ConnectionLostError):
            if self._connection_lost(self.display_title(), exc):
                self._start_save(request, then)
            return
        if isinstance(exc, ConflictError) and isinstance(exc.theirs, TermsDocument):
            self._resolve_conflict(request, exc.theirs, then)
            return
        show_error(self, "Cannot Save the Document", str(exc))

    def _resolve_conflict(
        self, request: DocumentSave, theirs: TermsDocument, then: Callable[[], None] | None
    ) -> None:
        """Someone saved first: show both outlines and do what the user chooses."""
        choice = DocumentConflictDialog.ask(
            self,
            theirs,
            request.definition,
            new=request.new,
            theme=self._theme,
            titles=self.model.titles,
        )
        if choice is ConflictChoice.OVERWRITE:
            self._start_save(replace(request, lock=theirs.lock_version, new=False), then)
        elif choice is ConflictChoice.DISCARD:
            self.show_saved(theirs)
            if then:
                then()

    def show_saved(self, saved: TermsDocument) -> None:
        """Show a stored document in place of the edit; Undo brings the edited outline back."""
        if saved.variables != self.document.variables:
            self.form.set_variables(saved.variables, self._values_for(saved))
        self.document, self._is_new = saved, False
        self._push_outline_edit(rows_from_sections(saved.outline), "Show their outline")
        self._stack.setClean()
        self.modified_changed.emit(False)
        self.title_changed.emit(self.display_title())
        self.load_versions()

    def _values_for(self, document: TermsDocument) -> dict[str, str]:
        """The user's values for the variables the document still has, defaults for new ones."""
        values = initial_values(document.variables)
        mine = self.form.raw_values()
        return {name: mine.get(name, value) for name, value in values.items()}

    # -- preview ----------------------------------------------------------------------------

    def schedule_preview(self) -> None:
        """Debounce: the preview is rebuilt once typing pauses."""
        self._timer.start()

    def refresh_preview(self) -> None:
        drafting, definition = self._drafting, self.definition()
        values = self.form.valid_values()
        scan, cache, theme = self._scan, self._cache, self._theme
        started = time.perf_counter()

        def work() -> Preview:
            try:
                assembled = drafting.assemble_draft(definition, values)
            except AssemblyError as exc:
                return Preview(None, list(exc.problems), time.perf_counter() - started)
            document = render_preview(assembled, scan, cache, theme)
            return Preview(document, [], time.perf_counter() - started, assembled)

        self._runner.run(work, self._on_preview_ready, channel=f"preview-{id(self)}")

    def _on_preview_ready(self, preview: Preview) -> None:
        if preview.document is not None:
            top = self.preview.verticalScrollBar().value()
            replace_document(self.preview, preview.document)
            self.preview.verticalScrollBar().setValue(top)
        words = preview.assembled.word_count() if preview.assembled else 0
        self.preview_label.setText(
            f"Preview — {words:,} words" if preview.assembled else "Preview (out of date)"
        )
        self._show_problems(preview.problems)
        self.preview_updated.emit(preview.seconds)

    def _show_problems(self, assembly: list[Problem]) -> None:
        problems = [Problem(e) for e in self.form.errors()] + assembly
        self._problems = problems
        self.problems_list.clear()
        self.problems_list.addItems([f"⚠ {p}" for p in problems])
        self.problems_list.setVisible(bool(problems))
        self.model.set_problem_clauses(frozenset(p.clause for p in problems if p.clause))
        self.export_action.setEnabled(not problems)
        self.version_action.setEnabled(not problems)
        self.export_action.setToolTip(
            "Fix the problems listed under the preview first" if problems else ""
        )
        self.problems_changed.emit(len(problems))

    def problems(self) -> list[Problem]:
        return list(self._problems)

    def _on_problem_activated(self) -> None:
        row = self.problems_list.currentRow()
        if not 0 <= row < len(self._problems):
            return
        problem = self._problems[row]
        if problem.clause and (found := self.model.row_of_clause(problem.clause)) is not None:
            self._select(found)
            self.outline_view.setFocus()
        elif problem.variable:
            self.side_tabs.setCurrentIndex(0)

    # -- versions and export ----------------------------------------------------------------

    def load_versions(self) -> None:
        if self._is_new:
            return
        drafting, name = self._drafting, self.document.name

        def loaded(versions: list[tuple[int, str]]) -> None:
            self.versions_list.clear()
            for number, text in versions:
                self.versions_list.addItem(text)
                self.versions_list.item(self.versions_list.count() - 1).setData(
                    Qt.ItemDataRole.UserRole, number
                )

        def fetch() -> list[tuple[int, str]]:
            return [
                (v.number, f"{v.number}. {v.label} — {v.author}, {v.created_at:%Y-%m-%d %H:%M}")
                for v in reversed(drafting.versions(name))
            ]

        self._runner.run(fetch, loaded, channel=f"versions-{id(self)}")

    def compare_selected_versions(self) -> None:
        numbers = sorted(
            int(i.data(Qt.ItemDataRole.UserRole)) for i in self.versions_list.selectedItems()
        )
        if not numbers:
            return
        drafting, name = self._drafting, self.document.name
        definition, values = self.definition(), self.form.valid_values()
        old = numbers[0]
        new = numbers[1] if len(numbers) > 1 else None

        def load() -> tuple[SplitDocument, SplitDocument]:
            before = drafting.text_of(name, old).to_split_document()
            if new is None:
                after = drafting.assemble_draft(definition, values).to_split_document()
            else:
                after = drafting.text_of(name, new).to_split_document()
            return before, after

        title = f"{self.display_title()}: v{old} ↔ " + (f"v{new}" if new else "draft")
        self.comparison_requested.emit(CompareRequest(title, load))

    def save_version(self) -> None:
        if self.is_modified():
            show_error(self, "Save the Document First", "Save the outline before a version.")
            return
        label = VersionLabelDialog.ask(self)
        if label is None:
            return
        self._start_version_save(label, self.form.raw_values())

    def _start_version_save(self, label: str, values: dict[str, str]) -> None:
        drafting, name, delays = self._drafting, self.document.name, tuple(self.retry_delays)
        title = f"{self.display_title()}, version {label}"
        on_retry = self._retry_reporter(title, len(delays) + 1)
        self._runner.run(
            lambda: run_version_save(
                drafting, name, label, values, delays=delays, on_retry=on_retry
            ),
            lambda _v: self._on_version_saved(),
            on_error=lambda exc: self._on_version_failed(label, values, title, exc),
        )

    def _on_version_saved(self) -> None:
        if self._alive[0]:
            self.load_versions()

    def _on_version_failed(
        self, label: str, values: dict[str, str], title: str, exc: BaseException
    ) -> None:
        if not self._alive[0]:
            return
        if isinstance(exc, ConnectionLostError):
            if self._connection_lost(title, exc):
                self._start_version_save(label, values)  # the values the user saved with
            return
        self._refused("Cannot Save the Version", exc)

    def export_word(self) -> None:
        if self._problems:
            show_error(
                self,
                "Cannot Export Yet",
                "Fix these problems first:\n" + "\n".join(f"- {p}" for p in self._problems),
            )
            return
        if self.is_modified():
            show_error(self, "Save the Document First", "Word export uses the saved outline.")
            return
        path = SavePathDialog.ask(
            self, "Export to Word", f"{self.document.name}.docx", "Word (*.docx)"
        )
        if path is None:
            return
        drafting, name, values = self._drafting, self.document.name, self.form.raw_values()
        self._runner.run(
            lambda: drafting.export_docx(name, path, values),
            lambda _a: self.exported.emit(str(path)),
            on_error=lambda exc: self._refused("Cannot Export", exc),
        )

    def _refused(self, title: str, exc: BaseException) -> None:
        details = exc.report() if isinstance(exc, AssemblyError) else ""
        show_error(self, title, str(exc), details)


def render_preview(
    assembled: AssembledDocument,
    scan: Scan | None,
    cache: dict[str, list[Finding]],
    theme: Theme,
) -> QTextDocument:
    """The assembled text as a document with findings marked, built off the GUI thread.

    Findings are cached per clause text, so an edit rescans only the clauses it changed.
    """
    document = QTextDocument()
    cursor = QTextCursor(document)
    texts = [c.text for c in assembled.clauses]
    if scan is not None:
        missing = [t for t in dict.fromkeys(texts) if t not in cache]
        for text, found in zip(missing, scan(missing) if missing else [], strict=True):
            cache[text] = found
    plain, bold, title = QTextCharFormat(), QTextCharFormat(), QTextCharFormat()
    plain.setForeground(QColor(theme.text))
    bold.setForeground(QColor(theme.text))
    bold.setFontWeight(QFont.Weight.Bold)
    title.merge(bold)
    title.setFontPointSize(13)
    cursor.insertText(assembled.title, title)
    for clause in assembled.clauses:
        cursor.insertBlock()
        cursor.insertBlock()
        lead = " ".join(p for p in (clause.number, clause.heading) if p)
        if lead:
            cursor.insertText(lead, bold)
            if not clause.text:
                continue
            cursor.insertBlock()
        start = cursor.position()
        cursor.insertText(clause.text, plain)
        for finding in cache.get(clause.text, []) if scan is not None else []:
            _mark(cursor, start, clause.text, finding, theme.is_dark)
        cursor.movePosition(QTextCursor.MoveOperation.End)
    document.setDocumentLayout(QPlainTextDocumentLayout(document))
    document.setUndoRedoEnabled(False)
    gui = QCoreApplication.instance()
    if gui is not None:
        document.moveToThread(gui.thread())
    return document


def _mark(cursor: QTextCursor, start: int, text: str, finding: Finding, dark: bool) -> None:
    fmt = QTextCharFormat()
    fmt.setBackground(severity_fill(finding.severity, dark))
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    fmt.setUnderlineColor(severity_line(finding.severity, dark))
    fmt.setToolTip(tooltip_text(finding))
    begin = start + _utf16(text[: finding.start])
    cursor.setPosition(begin)
    cursor.setPosition(begin + _utf16(finding.text), QTextCursor.MoveMode.KeepAnchor)
    cursor.mergeCharFormat(fmt)


def _utf16(text: str) -> int:
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


class DocumentPickDialog:
    """Asks which terms document to open; tests replace ``ask``."""

    @staticmethod
    def ask(parent: QWidget, documents: Sequence[DocumentSummary]) -> str | None:
        labels = [f"{d.title}  ({d.name}, {d.versions} versions)" for d in documents]
        if not labels:
            show_error(parent, "No Documents", "The library has no terms documents yet.")
            return None
        text, ok = QInputDialog.getItem(
            parent, "Open Document", "Terms document:", labels, 0, False
        )
        return documents[labels.index(text)].name if ok and text in labels else None


class NewDocumentDialog:
    """Asks for a new document's title; its name is derived from it. Tests replace ``ask``."""

    @staticmethod
    def ask(parent: QWidget) -> TermsDocument | None:
        title, ok = QInputDialog.getText(parent, "New Document", "Title of the terms document:")
        name = "-".join("".join(c if c.isalnum() else " " for c in title.lower()).split())
        return TermsDocument(name=name, title=title.strip()) if ok and name else None
