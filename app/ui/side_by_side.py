"""Old and new side by side; scrolling one side scrolls the other to the same clause."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit, QSplitter


def redline_text_view(accessible_name: str) -> QPlainTextEdit:
    """A read-only view of a rendered redline (plain-text layout: fast on 100-page documents)."""
    view = QPlainTextEdit()
    view.setReadOnly(True)
    view.setAccessibleName(accessible_name)
    flags = Qt.TextInteractionFlag
    view.setTextInteractionFlags(flags.TextSelectableByMouse | flags.TextSelectableByKeyboard)
    return view


class SideBySideView(QSplitter):
    """Two read-only views whose clauses line up while either is scrolled.

    Synchronisation is by clause, not by pixel: the clause at the top of the scrolled side and how
    many lines into it the reader is decide where the other side goes, so a long insertion on one
    side does not pull the two apart.
    """

    def __init__(self) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self.old_view = redline_text_view("Old version")
        self.new_view = redline_text_view("New version")
        self.addWidget(self.old_view)
        self.addWidget(self.new_view)
        self.setChildrenCollapsible(False)
        self._starts: dict[QPlainTextEdit, list[int]] = {self.old_view: [], self.new_view: []}
        self._syncing = False
        for view in (self.old_view, self.new_view):
            bar = view.verticalScrollBar()
            bar.valueChanged.connect(lambda _v, source=view: self._on_view_scrolled(source))

    def set_documents(
        self,
        old: QTextDocument,
        new: QTextDocument,
        old_starts: Sequence[int],
        new_starts: Sequence[int],
    ) -> None:
        for view, document, starts in (
            (self.old_view, old, old_starts),
            (self.new_view, new, new_starts),
        ):
            replace_document(view, document)
            self._starts[view] = list(starts)

    def show_clause(self, position: int) -> None:
        """Scroll both sides so that clause ``position`` is at the top."""
        self._syncing = True
        try:
            for view in (self.old_view, self.new_view):
                show_position(view, self._starts[view], position)
        finally:
            self._syncing = False

    def clause_at_top(self, view: QPlainTextEdit) -> tuple[int, int]:
        """The clause at the top of ``view`` and how many lines into it the view is scrolled."""
        starts = self._starts[view]
        if not starts:
            return 0, 0
        top = view.cursorForPosition(QPoint(0, 0)).position()
        clause = max(0, bisect.bisect_right(starts, top) - 1)
        offset = view.verticalScrollBar().value() - _first_line(view, starts[clause])
        return clause, max(offset, 0)

    def _on_view_scrolled(self, source: QPlainTextEdit) -> None:
        if self._syncing:
            return
        other = self.new_view if source is self.old_view else self.old_view
        clause, offset = self.clause_at_top(source)
        starts = self._starts[other]
        if not 0 <= clause < len(starts):
            return
        first = _first_line(other, starts[clause])
        if clause + 1 < len(starts):
            offset = min(offset, max(_first_line(other, starts[clause + 1]) - first - 1, 0))
        self._syncing = True
        try:
            other.verticalScrollBar().setValue(first + offset)
        finally:
            self._syncing = False


def replace_document(view: QPlainTextEdit, document: QTextDocument) -> None:
    """Show ``document`` in ``view``, which owns it from now on; the one shown before goes."""
    previous = view.document()
    owned = previous.parent() is view  # the view's first document belongs to Qt, not to us
    document.setParent(view)
    view.setDocument(document)
    if owned and previous is not document:
        previous.deleteLater()


def _first_line(view: QPlainTextEdit, position: int) -> int:
    """The scroll value that puts the block holding ``position`` at the top of the view."""
    return view.document().findBlock(position).firstLineNumber()


def show_position(view: QPlainTextEdit, starts: Sequence[int], clause: int) -> None:
    """Put the cursor at a clause and scroll it to the top of the view."""
    if not 0 <= clause < len(starts):
        return
    cursor = QTextCursor(view.document())
    cursor.setPosition(min(starts[clause], view.document().characterCount() - 1))
    view.setTextCursor(cursor)  # scrolls it into view; then to the top
    view.verticalScrollBar().setValue(_first_line(view, starts[clause]))
