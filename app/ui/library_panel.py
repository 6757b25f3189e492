"""The library dock: search box, category tree and the clause table."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.domain.clause import ClauseSummary, SearchHit
from app.ui.background import BackgroundRunner
from app.ui.category_model import CATEGORY_ROLE, CategoryTreeModel
from app.ui.clause_table_model import (
    ALL_CATEGORIES,
    CHANGED,
    KEY_ROLE,
    TITLE,
    ClauseFilterProxy,
    ClauseTableModel,
)
from app.ui.icons import IconSet

if TYPE_CHECKING:  # the services (and SQLAlchemy) load after the window shows
    from app.services.clause_library import ClauseLibrary

SEARCH_DEBOUNCE_MS = 250
SEARCH_LIMIT = 100


@dataclass(frozen=True)
class SearchOutcome:
    """What one search found: the matching keys and, for full-text hits, their snippets."""

    query: str
    keys: frozenset[str]
    hits: tuple[SearchHit, ...]


def search_library(
    library: ClauseLibrary, query: str, titles: Sequence[tuple[str, str]]
) -> SearchOutcome:
    """Full-text hits plus clauses whose title contains the query (runs off the GUI thread).

    The title scan makes a half-typed word ("lia") find "Limitation of Liability" before the
    full-text index, which matches whole words and longer prefixes, can.
    """
    hits = tuple(library.search(query, limit=SEARCH_LIMIT, include_retired=True))
    needle = query.casefold()
    keys = {hit.key for hit in hits}
    keys.update(key for key, title in titles if needle in title)
    return SearchOutcome(query, frozenset(keys), hits)


class LibraryPanel(QWidget):
    """Finds clauses: search-as-you-type, a category tree and a sortable table.

    Signals:
        clause_selected(str): the current clause changed ("" when none).
        clause_activated(str): the user opened a clause (double-click or Enter).
        search_finished(int): the table shows a search's results (the number of rows).
    """

    clause_selected = Signal(str)
    clause_activated = Signal(str)
    search_finished = Signal(int)

    def __init__(
        self, library: ClauseLibrary | None, runner: BackgroundRunner, icons: IconSet
    ) -> None:
        super().__init__()
        self._library = library
        self._runner = runner
        self._titles: list[tuple[str, str]] = []
        self._search_started = 0.0
        self._last_outcome: SearchOutcome | None = None
        self.last_search_ms = 0.0
        self.model = ClauseTableModel(self)
        self.proxy = ClauseFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.categories = CategoryTreeModel(self)
        self.categories.set_icon(icons.icon("category"))
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._on_debounce_timeout)
        self._build(icons)
        self._connect()

    # -- building ---------------------------------------------------------------------------

    def _build(self, icons: IconSet) -> None:
        self.search_box = QLineEdit()
        self.search_box.setObjectName("librarySearch")
        self.search_box.setPlaceholderText("Search titles and wording…")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search_box.setAccessibleName("Search the library")
        self.search_box.installEventFilter(self)
        self.tree = QTreeView()
        self.tree.setObjectName("categoryTree")
        self.tree.setModel(self.categories)
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName("Categories")
        self.tree.setUniformRowHeights(True)
        self.table = self._build_table()
        self.empty_label = QLabel()
        self.empty_label.setObjectName("libraryEmptyState")
        self.empty_label.setProperty("role", "empty-state")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setAccessibleName("No clauses to show")
        self._stack = QStackedWidget()
        self._stack.addWidget(self.table)
        self._stack.addWidget(self.empty_label)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("librarySplitter")
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self._stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([150, 500])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)
        layout.addWidget(self.search_box)
        layout.addWidget(self.splitter, 1)

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("clauseTable")
        table.setModel(self.proxy)
        table.setAccessibleName("Clauses")
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setTabKeyNavigation(False)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        header.setMinimumSectionSize(40)
        metrics = table.fontMetrics()
        samples = (
            (1, "Limitation of liab"),
            (2, "Walk away"),
            (3, "Medium"),
            (4, "Approved"),
            (CHANGED, "30 Sep 2026"),
        )
        for column, sample in samples:
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 16)
        table.setSortingEnabled(True)
        table.sortByColumn(TITLE, Qt.SortOrder.AscendingOrder)
        return table

    def _connect(self) -> None:
        self.search_box.textChanged.connect(self._on_search_box_text_changed)
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        self.table.activated.connect(self._on_table_activated)
        for signal in (
            self.proxy.modelReset,
            self.proxy.layoutChanged,
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
        ):
            signal.connect(self._update_empty_state)

    # -- public API -------------------------------------------------------------------------

    def set_clauses(self, clauses: Sequence[ClauseSummary], counts: dict[str, int]) -> None:
        """Refill the table and the tree, keeping the selected clause and category."""
        selected = self.current_key()
        category = self.proxy.category
        self._titles = [(c.key, c.title.casefold()) for c in clauses]
        self.model.set_clauses(clauses)  # a search still running refreshes the narrowing
        self.categories.set_counts(counts)
        self.tree.expandAll()
        self._select_category(category)
        if selected:
            self.select_clause(selected)
        self._update_empty_state()
        if self.search_box.text().strip():
            self._on_debounce_timeout()

    def set_library(self, library: ClauseLibrary) -> None:
        self._library = library

    def current_key(self) -> str:
        index = self.table.currentIndex()
        return str(index.data(KEY_ROLE)) if index.isValid() else ""

    def select_clause(self, key: str) -> bool:
        row = self.model.row_of(key)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, TITLE))
        if not index.isValid():
            return False
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def select_first(self) -> None:
        if self.proxy.rowCount() > 0:
            key = str(self.proxy.index(0, TITLE).data(KEY_ROLE))
            self.select_clause(key)

    def results_were_limited(self) -> bool:
        """Whether the last search found more wording matches than it shows."""
        outcome = self._last_outcome
        return outcome is not None and len(outcome.hits) >= SEARCH_LIMIT

    def set_show_retired(self, show: bool) -> None:
        self.proxy.set_show_retired(show)
        self._update_empty_state()

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    # -- handlers ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Escape in the search box clears the search; Down moves into the results.
        if watched is self.search_box and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape and self.search_box.text():
                self.search_box.clear()
                return True
            if event.key() == Qt.Key.Key_Down:
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                if not self.current_key():
                    self.select_first()
                return True
        return super().eventFilter(watched, event)

    def _on_search_box_text_changed(self, _text: str) -> None:
        self._debounce.start()

    def _on_debounce_timeout(self) -> None:
        query = self.search_box.text().strip()
        self._search_started = time.perf_counter()
        if not query:
            self._show_search_result(None)
            return
        titles, library = self._titles, self._library
        if library is None:
            return
        self._runner.run(
            lambda: search_library(library, query, titles),
            self._on_search_done,
            channel="library-search",
        )

    def _on_search_done(self, outcome: SearchOutcome) -> None:
        if outcome.query != self.search_box.text().strip():
            return  # the user typed on; a newer search is coming
        self._last_outcome = outcome
        self._show_search_result(outcome.keys)

    def _show_search_result(self, keys: frozenset[str] | None) -> None:
        self.model.show_only(keys)
        self._update_empty_state()
        if not self.current_key() or (keys is not None and self.current_key() not in keys):
            self.select_first()
        self.last_search_ms = (time.perf_counter() - self._search_started) * 1000
        self.search_finished.emit(self.proxy.rowCount())

    def _on_tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        category = current.data(CATEGORY_ROLE) if current.isValid() else ALL_CATEGORIES
        self.proxy.set_category(str(category))
        self._update_empty_state()

    def _on_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.clause_selected.emit(str(current.data(KEY_ROLE)) if current.isValid() else "")

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.clause_activated.emit(str(index.data(KEY_ROLE)))

    def _select_category(self, category: str) -> None:
        root = self.categories.index(0, 0)
        target = root
        for row in range(self.categories.rowCount(root)):
            child = self.categories.index(row, 0, root)
            if child.data(CATEGORY_ROLE) == category:
                target = child
        self.tree.setCurrentIndex(target)

    def _update_empty_state(self) -> None:
        if self.proxy.rowCount() > 0:
            self._stack.setCurrentWidget(self.table)
            return
        query = self.search_box.text().strip()
        if query:
            text = (
                f"No clause matches “{query}”.\n\nCheck the spelling, try fewer words, "
                "or press Esc to clear the search."
            )
        elif not self.model.all_clauses():
            text = "The library is empty.\n\nCreate a clause with Library ▸ New Clause (Ctrl+N)."
        else:
            text = (
                "No clauses to show here.\n\nChoose “All clauses” above, or show retired "
                "clauses from the View menu."
            )
        self.empty_label.setText(text)
        self._stack.setCurrentWidget(self.empty_label)
