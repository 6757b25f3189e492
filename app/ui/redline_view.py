"""A read-only word-level redline between two wordings (inserted underlined, deleted struck)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit

from app.domain.document import SourceClause, SplitDocument
from app.ui.theme import LIGHT, Theme

if TYPE_CHECKING:
    from app.services.comparing import Comparing

_TOKEN_RE = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)

Change = tuple[str, str]  # ("equal" | "insert" | "delete", text)
Differ = Callable[[str, str], Sequence[Change]]


def word_changes(old: str, new: str) -> list[Change]:
    """Changes between two texts, word by word; never splits a word (difflib).

    The inspector uses this until the diff engine is loaded (see ``comparing_differ``).

    Equal and deleted pieces, in order, give the old text; equal and inserted give the new.
    """
    a, b = _TOKEN_RE.findall(old), _TOKEN_RE.findall(new)
    changes: list[Change] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            _append(changes, "equal", "".join(a[i1:i2]))
            continue
        if op in ("delete", "replace"):
            _append(changes, "delete", "".join(a[i1:i2]))
        if op in ("insert", "replace"):
            _append(changes, "insert", "".join(b[j1:j2]))
    return changes


def comparing_differ(comparing: Comparing) -> Differ:
    """Word changes from the diff engine (clause-aware, semantic cleanup) for two wordings."""

    def differ(old: str, new: str) -> list[Change]:
        comparison = comparing.compare(
            SplitDocument("old", (SourceClause(0, None, None, old),)),
            SplitDocument("new", (SourceClause(0, None, None, new),)),
        )
        return [(op, text) for clause in comparison.clauses for op, text in clause.changes]

    return differ


def _append(changes: list[Change], op: str, text: str) -> None:
    if not text:
        return
    if changes and changes[-1][0] == op:
        changes[-1] = (op, changes[-1][1] + text)
    else:
        changes.append((op, text))


def count_words(changes: Sequence[Change], op: str) -> int:
    return sum(len(re.findall(r"\w+", text)) for kind, text in changes if kind == op)


class RedlineView(QTextEdit):
    """Shows a redline; colours follow the theme and keep 4.5:1 contrast in light and dark."""

    def __init__(self) -> None:
        super().__init__()
        self.setReadOnly(True)
        self.setAccessibleName("Redline between versions")
        self._theme = LIGHT
        self._changes: list[Change] = []

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        if self._changes:
            self.show_changes(self._changes)

    def show_changes(self, changes: Sequence[Change]) -> None:
        self._changes = list(changes)
        self.clear()
        cursor = QTextCursor(self.document())
        for op, text in self._changes:
            cursor.insertText(text, self._format(op))
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def show_message(self, message: str) -> None:
        self._changes = []
        self.setPlainText(message)

    def _format(self, op: str) -> QTextCharFormat:
        fmt = QTextCharFormat()
        if op == "insert":
            fmt.setForeground(QColor(self._theme.insert_fg))
            fmt.setBackground(QColor(self._theme.insert_bg))
            fmt.setFontUnderline(True)
        elif op == "delete":
            fmt.setForeground(QColor(self._theme.delete_fg))
            fmt.setBackground(QColor(self._theme.delete_bg))
            fmt.setFontStrikeOut(True)
        else:
            fmt.setForeground(QColor(self._theme.text))
            fmt.setFontWeight(QFont.Weight.Normal)
        return fmt
