"""The category tree of the library dock: all clauses at the top, each category below it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QStandardItem, QStandardItemModel

from app.ui.clause_table_model import ALL_CATEGORIES, UNCATEGORISED, label

CATEGORY_ROLE = Qt.ItemDataRole.UserRole + 1


class CategoryTreeModel(QStandardItemModel):
    """'All clauses (n)' with one child per category and its clause count."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels(["Category"])
        self._icon = QIcon()

    def set_icon(self, icon: QIcon) -> None:
        self._icon = icon

    def set_counts(self, counts: dict[str, int]) -> None:
        """Counts per category id ('' for clauses without a category)."""
        self.removeRows(0, self.rowCount())
        root = self._item(f"All clauses ({sum(counts.values())})", ALL_CATEGORIES)
        named = sorted((c for c in counts if c != UNCATEGORISED), key=label)
        for category in named:
            root.appendRow(self._item(f"{label(category)} ({counts[category]})", category))
        if counts.get(UNCATEGORISED):
            root.appendRow(self._item(f"Uncategorised ({counts[UNCATEGORISED]})", UNCATEGORISED))
        self.appendRow(root)

    def category_of(self, row_path: list[int]) -> str | None:
        item = self.item(row_path[0]) if row_path else None
        for row in row_path[1:]:
            item = item.child(row) if item is not None else None
        return None if item is None else str(item.data(CATEGORY_ROLE))

    def _item(self, text: str, category: str) -> QStandardItem:
        item = QStandardItem(self._icon, text)
        item.setEditable(False)
        item.setData(category, CATEGORY_ROLE)
        item.setData(text, Qt.ItemDataRole.AccessibleTextRole)
        return item
