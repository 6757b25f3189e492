"""The version history table of the inspector: one row per version, newest first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.domain.clause import ClauseVersion

AnyIndex = QModelIndex | QPersistentModelIndex

HISTORY_COLUMNS = ("Version", "Date", "Author", "Reason")


class VersionHistoryModel(QAbstractTableModel):
    """The versions of one clause. Read-only; refilled by ``set_versions``."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._versions: list[ClauseVersion] = []

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._versions)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HISTORY_COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HISTORY_COLUMNS[section] if 0 <= section < len(HISTORY_COLUMNS) else None
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._versions):
            return None
        version = self._versions[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(version, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            when = version.created_at.astimezone()
            return (
                f"Version {version.number}, {when:%Y-%m-%d %H:%M}, "
                f"{version.author}: {version.reason}"
            )
        return None

    def set_versions(self, versions: Sequence[ClauseVersion]) -> None:
        """Versions in any order; shown newest first."""
        self.beginResetModel()
        self._versions = sorted(versions, key=lambda v: v.number, reverse=True)
        self.endResetModel()

    def version_at(self, row: int) -> ClauseVersion:
        return self._versions[row]

    def versions(self) -> list[ClauseVersion]:
        return list(self._versions)

    @staticmethod
    def _display(version: ClauseVersion, column: int) -> str | None:
        if column == 0:
            return str(version.number)
        if column == 1:
            local = version.created_at.astimezone()
            return f"{local.day} {local:%b %Y}"
        if column == 2:
            return version.author
        if column == 3:
            return version.reason
        return None
