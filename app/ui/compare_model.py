"""The change list of a comparison: one row per changed clause (clause, status, summary)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.domain.comparison import ClauseChange, Comparison
from app.ui.compare_render import STATUS_WORDS

_Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Clause", "Status", "Summary")
_WORD_RE = re.compile(r"\w+")


class ChangeListModel(QAbstractTableModel):
    """A thin adapter over the changed clauses of a comparison, trivial ones optionally hidden.

    Each row remembers the clause's position in ``comparison.clauses`` (``position(row)``), which
    is how the views find the clause.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._changes: list[tuple[int, ClauseChange]] = []

    def set_comparison(self, comparison: Comparison | None, *, hide_trivial: bool) -> None:
        self.beginResetModel()
        self._changes = []
        if comparison is not None:
            self._changes = [
                (k, c)
                for k, c in enumerate(comparison.clauses)
                if c.status != "unchanged" and not (hide_trivial and c.trivial)
            ]
        self.endResetModel()

    def position(self, row: int) -> int:
        return self._changes[row][0]

    def positions(self) -> list[int]:
        return [k for k, _ in self._changes]

    def row_of(self, position: int) -> int | None:
        return next((r for r, (k, _) in enumerate(self._changes) if k == position), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._changes)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._changes):
            return None
        change = self._changes[index.row()][1]
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(change, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return _display(change, 0) + " — " + _display(change, 2)
        return None


def _display(change: ClauseChange, column: int) -> str:
    if column == 0:
        return " ".join(p for p in (change.number, change.heading) if p) or "(untitled clause)"
    if column == 1:
        status = STATUS_WORDS[change.status]
        return f"{status} ({change.trivial_reason} only)" if change.trivial else status
    return change_summary(change)


def change_summary(change: ClauseChange) -> str:
    """What a reader wants first: protections dropped or added, then the words changed."""
    parts: list[str] = []
    if change.categories_lost:
        parts.append("drops " + ", ".join(change.categories_lost))
    if change.categories_gained:
        parts.append("adds " + ", ".join(change.categories_gained))
    for scope in change.scopes_narrowed:
        parts.append(f"{scope.category} narrowed to {scope.to_scope}")
    inserted = _words(p for op, p in change.changes if op == "insert")
    deleted = _words(p for op, p in change.changes if op == "delete")
    if change.status == "added":
        parts.append(f"{inserted} words")
    elif change.status == "removed":
        parts.append(f"{deleted} words")
    elif change.status == "moved" and change.old_number:
        parts.append(f"from {change.old_number}")
    if change.status in ("modified", "moved") and (inserted or deleted):
        parts.append(f"+{inserted} / −{deleted} words")
    return "; ".join(parts)


def _words(texts: Iterable[str]) -> int:
    return sum(len(_WORD_RE.findall(t)) for t in texts)
