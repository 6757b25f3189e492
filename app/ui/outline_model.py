"""A terms document's outline as a flat list of rows with depths: reorder, indent, drag and drop."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from app.domain.terms import Section
from app.ui.clause_table_model import CLAUSE_KEYS_MIME

_Index = QModelIndex | QPersistentModelIndex
ROWS_MIME = "application/x-clausewright-outline-rows"
INDENT = "      "


@dataclass(frozen=True)
class OutlineRow:
    """One outline item without its children: they are the rows below it that are deeper."""

    depth: int
    clause: str | None = None
    heading: str | None = None
    version: int | None = None
    when: str | None = None
    anchor: str | None = None

    def label(self, titles: dict[str, str] | None = None) -> str:
        title = (titles or {}).get(self.clause or "")
        name = self.heading or title or self.clause or "(untitled section)"
        if self.version is not None:
            name += f"  (v{self.version})"
        if self.when:
            name += f"   — if {self.when}"
        return name


Rows = tuple[OutlineRow, ...]
Editor = Callable[[Rows, str], None]


def rows_from_sections(sections: Sequence[Section], depth: int = 1) -> Rows:
    rows: list[OutlineRow] = []
    for s in sections:
        rows.append(OutlineRow(depth, s.clause, s.heading, s.version, s.when, s.anchor))
        rows.extend(rows_from_sections(s.items, depth + 1))
    return tuple(rows)


def sections_from_rows(rows: Sequence[OutlineRow]) -> tuple[Section, ...]:
    """The outline tree again: each row's children are the deeper rows right after it."""

    def build(start: int, depth: int) -> tuple[list[Section], int]:
        items: list[Section] = []
        k = start
        while k < len(rows) and rows[k].depth >= depth:
            row = rows[k]
            children, k = build(k + 1, row.depth + 1)
            items.append(
                Section(row.clause, row.heading, row.version, row.when, row.anchor, tuple(children))
            )
        return items, k

    return tuple(build(0, 1)[0])


def subtree_end(rows: Sequence[OutlineRow], row: int) -> int:
    """The row after ``row``'s last descendant."""
    end = row + 1
    while end < len(rows) and rows[end].depth > rows[row].depth:
        end += 1
    return end


def normalised(rows: Sequence[OutlineRow]) -> Rows:
    """No row deeper than one below the row before it (the first row is at depth 1)."""
    fixed: list[OutlineRow] = []
    for row in rows:
        limit = fixed[-1].depth + 1 if fixed else 1
        fixed.append(replace(row, depth=max(1, min(row.depth, limit))))
    return tuple(fixed)


def moved(rows: Rows, row: int, target: int) -> Rows:
    """Move ``row`` with its children before ``target`` (a row index of the original list)."""
    end = subtree_end(rows, row)
    if row <= target <= end:
        return rows
    block = rows[row:end]
    rest = rows[:row] + rows[end:]
    at = target if target < row else target - (end - row)
    # It takes the depth of the row it is dropped before (at the end: of the last row).
    depth = rest[at].depth if at < len(rest) else (rest[-1].depth if rest else 1)
    shift = depth - block[0].depth
    block = tuple(replace(r, depth=r.depth + shift) for r in block)
    return normalised(rest[:at] + block + rest[at:])


def shifted(rows: Rows, row: int, step: int) -> Rows:
    """Indent (+1) or outdent (-1) a row with its children."""
    end = subtree_end(rows, row)
    block = tuple(replace(r, depth=max(1, r.depth + step)) for r in rows[row:end])
    if step < 0 and rows[row].depth == 1:
        return rows
    return normalised(rows[:row] + block + rows[end:])


class OutlineModel(QAbstractListModel):
    """A thin adapter over the outline rows; every change goes through ``edit`` (the undo stack)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: Rows = ()
        self.edit: Editor = lambda rows, _text: self.set_rows(rows)
        self.problem_clauses: frozenset[str] = frozenset()
        self.titles: dict[str, str] = {}  # clause key -> title, for the labels

    @property
    def rows(self) -> Rows:
        return self._rows

    def set_rows(self, rows: Rows) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def set_problem_clauses(self, keys: frozenset[str]) -> None:
        if keys != self.problem_clauses:
            self.problem_clauses = keys
            if self._rows:
                self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return INDENT * (row.depth - 1) + row.label(self.titles)
        if role == Qt.ItemDataRole.ToolTipRole:
            if self._flagged(row):
                return "Has a problem: see the list below the preview"
            return f"Clause {row.clause}" if row.clause else None
        if role == Qt.ItemDataRole.ForegroundRole and self._flagged(row):
            return Qt.GlobalColor.red
        return None

    def _flagged(self, row: OutlineRow) -> bool:
        return bool(row.clause and row.clause in self.problem_clauses)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def mimeTypes(self) -> list[str]:
        return [ROWS_MIME, CLAUSE_KEYS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        data.setData(ROWS_MIME, QByteArray(",".join(map(str, rows)).encode()))
        return data

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        return data.hasFormat(ROWS_MIME) or data.hasFormat(CLAUSE_KEYS_MIME)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        """Rows dropped move (with their children); clause keys from the library are added."""
        target = row if row >= 0 else (parent.row() if parent.isValid() else len(self._rows))
        if data.hasFormat(ROWS_MIME):
            text = bytes(data.data(ROWS_MIME).data()).decode()
            picked = [int(r) for r in text.split(",") if r.strip().isdigit()]
            if len(picked) != 1 or not 0 <= picked[0] < len(self._rows):
                return False
            after = moved(self._rows, picked[0], target)
            if after != self._rows:
                self.edit(after, "Move clause")
            return False  # the move is done; the view must not remove the source row itself
        if data.hasFormat(CLAUSE_KEYS_MIME):
            keys = bytes(data.data(CLAUSE_KEYS_MIME).data()).decode().split()
            self.insert_clauses(keys, target)
            return True
        return False

    def insert_clauses(self, keys: Sequence[str], target: int) -> None:
        if not keys:
            return
        depth = self._rows[target].depth if target < len(self._rows) else 1
        if target == len(self._rows) and self._rows:
            depth = self._rows[-1].depth
        new = tuple(OutlineRow(depth, clause=k) for k in keys)
        rows = normalised(self._rows[:target] + new + self._rows[target:])
        self.edit(rows, "Add clause" if len(keys) == 1 else "Add clauses")

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            end = subtree_end(self._rows, row)
            self.edit(normalised(self._rows[:row] + self._rows[end:]), "Remove from outline")

    def shift(self, row: int, step: int) -> None:
        if 0 <= row < len(self._rows):
            after = shifted(self._rows, row, step)
            if after != self._rows:
                self.edit(after, "Indent" if step > 0 else "Outdent")

    def set_condition(self, row: int, when: str) -> None:
        if 0 <= row < len(self._rows) and (self._rows[row].when or "") != when:
            updated = replace(self._rows[row], when=when or None)
            self.edit((*self._rows[:row], updated, *self._rows[row + 1 :]), "Change condition")

    def set_heading(self, row: int, heading: str) -> None:
        """A heading of its own (a clause's title otherwise); it may hold cross-references."""
        if 0 <= row < len(self._rows) and (self._rows[row].heading or "") != heading:
            updated = replace(self._rows[row], heading=heading or None)
            self.edit((*self._rows[:row], updated, *self._rows[row + 1 :]), "Change heading")

    def insert_heading(self, heading: str, target: int) -> None:
        """A section with only a heading; clauses indented under it become its items."""
        depth = self._rows[target - 1].depth if 0 < target <= len(self._rows) else 1
        new = OutlineRow(depth, heading=heading)
        self.edit(normalised((*self._rows[:target], new, *self._rows[target:])), "Add section")

    def row_of_clause(self, key: str) -> int | None:
        return next((k for k, r in enumerate(self._rows) if r.clause == key), None)
