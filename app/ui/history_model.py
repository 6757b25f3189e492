"""The history table of the inspector: the clause's versions and the audit trail of its details.

One row per wording (a version) and one per recorded change of details (title, status, tier…),
newest first, each with who made it and when: the audit trail of a shared team library.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from app.domain.audit import ClauseChange
from app.domain.clause import ClauseVersion

AnyIndex = QModelIndex | QPersistentModelIndex

HISTORY_COLUMNS = ("Version", "When", "Author", "Reason")
DETAILS_MARK = "details"

Entry = ClauseVersion | ClauseChange


def when_text(moment: datetime) -> str:
    """Local date and time, e.g. "3 Nov 2026 14:05" (several changes a day are told apart)."""
    local = moment.astimezone()
    return f"{local.day} {local:%b %Y %H:%M}"


class VersionHistoryModel(QAbstractTableModel):
    """The versions and detail changes of one clause. Read-only; refilled by ``set_versions``."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._entries: list[Entry] = []

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HISTORY_COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HISTORY_COLUMNS[section] if 0 <= section < len(HISTORY_COLUMNS) else None
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(entry, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(entry)
        if role == Qt.ItemDataRole.FontRole and isinstance(entry, ClauseChange):
            font = QFont()
            font.setItalic(True)  # details, not a wording: it has no redline
            return font
        return None

    def set_versions(
        self, versions: Sequence[ClauseVersion], changes: Sequence[ClauseChange] = ()
    ) -> None:
        """Versions in any order and changes oldest first (as the audit trail keeps them);
        shown newest first. Times are kept to the second: at the same second, a change of
        details counts as later than a wording (a save that changes both records the two)."""
        keyed: list[tuple[tuple[datetime, bool, int], Entry]]
        keyed = [((v.created_at, False, v.number), v) for v in versions]
        keyed += [((c.at, True, n), c) for n, c in enumerate(changes)]
        self.beginResetModel()
        self._entries = [entry for _key, entry in sorted(keyed, key=lambda k: k[0], reverse=True)]
        self.endResetModel()

    def version_at(self, row: int) -> ClauseVersion | None:
        """The version of a row; None for a row that records a change of details."""
        entry = self._entries[row]
        return entry if isinstance(entry, ClauseVersion) else None

    def changes_at(self, row: int) -> ClauseChange | None:
        """The change of details of a row; None for a row that is a version."""
        entry = self._entries[row]
        return entry if isinstance(entry, ClauseChange) else None

    def versions(self) -> list[ClauseVersion]:
        return [e for e in self._entries if isinstance(e, ClauseVersion)]

    def changes(self) -> list[ClauseChange]:
        return [e for e in self._entries if isinstance(e, ClauseChange)]


def _display(entry: Entry, column: int) -> str | None:
    if isinstance(entry, ClauseVersion):
        values = (str(entry.number), when_text(entry.created_at), entry.author, entry.reason)
    else:
        values = (DETAILS_MARK, when_text(entry.at), entry.author, entry.summary)
    return values[column] if 0 <= column < len(values) else None


def _tooltip(entry: Entry) -> str:
    if isinstance(entry, ClauseVersion):
        return (
            f"Version {entry.number}, {when_text(entry.created_at)}, {entry.author}: {entry.reason}"
        )
    return f"Details changed {when_text(entry.at)} by {entry.author}: {entry.summary}"
