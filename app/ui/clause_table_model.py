"""The library table: a thin model over ClauseSummary values and a proxy that filters them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from app.domain.clause import TIER_ORDER, ClauseSummary, Risk, Status

AnyIndex = QModelIndex | QPersistentModelIndex

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
CLAUSE_KEYS_MIME = "application/x-clausewright-clause-keys"  # dragged into a document outline

COLUMNS = ("Title", "Category", "Tier", "Risk", "Status", "Changed")
TITLE, CATEGORY, TIER, RISK, STATUS, CHANGED = range(len(COLUMNS))

_RISK_ORDER = {Risk.LOW: 0, Risk.MEDIUM: 1, Risk.HIGH: 2}
_STATUS_ORDER = {Status.APPROVED: 0, Status.DRAFT: 1, Status.RETIRED: 2}

ALL_CATEGORIES = "\x00all"  # the category filter that shows every clause
UNCATEGORISED = ""


_ACRONYMS = {
    "ai": "AI",
    "api": "API",
    "ip": "IP",
    "dmca": "DMCA",
    "eu": "EU",
    "uk": "UK",
    "us": "US",
    "gdpr": "GDPR",
    "sla": "SLA",
}


def label(value: str | None) -> str:
    """'competitor-training' -> 'Competitor training', 'api-keys' -> 'API keys' (for people)."""
    if not value:
        return ""
    words = [_ACRONYMS.get(w, w) for w in value.split("-")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def short_date(value: dt.datetime) -> str:
    local = value.astimezone()
    return f"{local.day} {local:%b %Y}"


_SORT_KEYS: dict[int, Callable[[ClauseSummary], Any]] = {
    TITLE: lambda c: (c.title.casefold(), c.key),
    CATEGORY: lambda c: (c.category or "~", c.title.casefold()),
    TIER: lambda c: (TIER_ORDER.get(c.tier, 3) if c.tier else 3, c.title.casefold()),
    RISK: lambda c: (_RISK_ORDER[c.risk], c.title.casefold()),
    STATUS: lambda c: (_STATUS_ORDER[c.status], c.title.casefold()),
    CHANGED: lambda c: (c.updated_at, c.key),
}


class ClauseTableModel(QAbstractTableModel):
    """The library's clauses, one row each. Read-only; refilled by ``set_clauses``.

    Sorting happens here on the Python list (a 100,000-row sort takes milliseconds, while Qt's
    proxy would call ``data`` millions of times). A search narrows the rows here too
    (``show_only``): a proxy would ask Python about every one of 100,000 rows on each search.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[ClauseSummary] = []
        self._only: frozenset[str] | None = None
        self._clauses: list[ClauseSummary] = []
        self._rows: dict[str, int] = {}
        self._risk_colours: dict[Risk, QColor] = {}
        self._sort: tuple[int, Qt.SortOrder] = (TITLE, Qt.SortOrder.AscendingOrder)
        self.generation = 0  # changes whenever rows move, so filters know to recompute

    # -- Qt overrides ----------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._clauses)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._clauses):
            return None
        clause = self._clauses[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(clause, index.column())
        if role == KEY_ROLE:
            return clause.key
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == TITLE:
            return f"{clause.title}\n{clause.key} · version {clause.version}"
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == RISK:
            return self._risk_colours.get(clause.risk)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def mimeTypes(self) -> list[str]:
        return [CLAUSE_KEYS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """The dragged clauses' keys, one a line (dropped on a document's outline)."""
        keys = dict.fromkeys(self._clauses[i.row()].key for i in indexes if i.isValid())
        data = QMimeData()
        data.setData(CLAUSE_KEYS_MIME, QByteArray("\n".join(keys).encode()))
        return data

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column not in _SORT_KEYS:
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        keys = [self._clauses[i.row()].key for i in persistent]
        self._all.sort(key=_SORT_KEYS[column], reverse=order == Qt.SortOrder.DescendingOrder)
        self._sort_rows()
        self.changePersistentIndexList(
            persistent,
            [self.index(self._rows[k], i.column()) for k, i in zip(keys, persistent, strict=True)],
        )
        self.layoutChanged.emit()

    # -- project API ------------------------------------------------------------------------

    def set_clauses(self, clauses: Sequence[ClauseSummary]) -> None:
        self.beginResetModel()
        column, order = self._sort
        self._all = sorted(
            clauses, key=_SORT_KEYS[column], reverse=order == Qt.SortOrder.DescendingOrder
        )
        self._select_rows()
        self.endResetModel()

    def show_only(self, keys: frozenset[str] | None) -> None:
        """Only the clauses with these keys (a search's results); None shows every clause."""
        if keys == self._only:
            return
        self.beginResetModel()
        self._only = keys
        self._select_rows()
        self.endResetModel()

    @property
    def narrowed(self) -> bool:
        return self._only is not None

    def all_clauses(self) -> list[ClauseSummary]:
        """Every clause, also those a search hides."""
        return list(self._all)

    def set_risk_colours(self, colours: dict[Risk, QColor]) -> None:
        self._risk_colours = dict(colours)
        if self._clauses:
            self.dataChanged.emit(
                self.index(0, RISK),
                self.index(len(self._clauses) - 1, RISK),
                [Qt.ItemDataRole.ForegroundRole],
            )

    def clause_at(self, row: int) -> ClauseSummary:
        return self._clauses[row]

    def row_of(self, key: str) -> int | None:
        return self._rows.get(key)

    def clauses(self) -> list[ClauseSummary]:
        return list(self._clauses)

    def clauses_shown(self) -> Sequence[ClauseSummary]:
        """The rows as they are (no copy; do not modify)."""
        return self._clauses

    # -- helpers ----------------------------------------------------------------------------

    def _select_rows(self) -> None:
        only = self._only
        self._clauses = list(self._all) if only is None else [c for c in self._all if c.key in only]
        self._index_rows()

    def _sort_rows(self) -> None:
        column, order = self._sort
        self._clauses.sort(key=_SORT_KEYS[column], reverse=order == Qt.SortOrder.DescendingOrder)
        self._index_rows()

    def _index_rows(self) -> None:
        self._rows = {c.key: i for i, c in enumerate(self._clauses)}
        self.generation += 1

    @staticmethod
    def _display(clause: ClauseSummary, column: int) -> str | None:
        if column == TITLE:
            return clause.title
        if column == CATEGORY:
            return label(clause.category)
        if column == TIER:
            return label(clause.tier)
        if column == RISK:
            return label(clause.risk)
        if column == STATUS:
            return label(clause.status)
        if column == CHANGED:
            return short_date(clause.updated_at)
        return None


class ClauseFilterProxy(QSortFilterProxyModel):
    """Shows the clauses of one category and hides retired ones unless asked.

    Whether each source row is shown is computed once per change in one list comprehension;
    ``filterAcceptsRow`` only looks it up (Qt calls it for every row, 100,000 times at worst).
    Sorting is delegated to the source model (see ClauseTableModel).
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._model = ClauseTableModel(self)
        self._category = ALL_CATEGORIES
        self._show_retired = False
        self._accepted: list[bool] = []
        self._accepted_generation = -1

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        assert isinstance(model, ClauseTableModel)
        self._model = model  # kept on the Python side: sourceModel() per row costs too much
        super().setSourceModel(model)

    def source(self) -> ClauseTableModel:
        return self._model

    def set_category(self, category: str) -> None:
        if category != self._category:
            self._category = category
            self._refilter()

    def set_show_retired(self, show: bool) -> None:
        if show != self._show_retired:
            self._show_retired = show
            self._refilter()

    @property
    def show_retired(self) -> bool:
        return self._show_retired

    @property
    def category(self) -> str:
        return self._category

    def accepts(self, clause: ClauseSummary) -> bool:
        if clause.status is Status.RETIRED and not self._show_retired:
            return False
        return self._category in (ALL_CATEGORIES, clause.category or "")

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if self._accepted_generation != self._model.generation:
            self._accepted = self._compute_accepted()
            self._accepted_generation = self._model.generation
        try:
            return self._accepted[source_row]
        except IndexError:
            return False

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._model.sort(column, order)

    def _compute_accepted(self) -> list[bool]:
        clauses = self._model.clauses_shown()
        category, retired = self._category, Status.RETIRED
        if category == ALL_CATEGORIES:
            if self._show_retired:
                return [True] * len(clauses)
            return [c.status is not retired for c in clauses]
        if self._show_retired:
            return [(c.category or "") == category for c in clauses]
        return [c.status is not retired and (c.category or "") == category for c in clauses]

    def _refilter(self) -> None:
        self.beginFilterChange()
        self._accepted_generation = -1
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
