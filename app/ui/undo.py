"""Undo commands of the clause editor, and the routing of Ctrl+Z into the editor's stack."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtGui import (
    QContextMenuEvent,
    QKeyEvent,
    QKeySequence,
    QTextDocument,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

_MERGE_BASE = 1000


@dataclass
class Field:
    """One editable value of a form: how to read it, write it, and what it last held."""

    name: str
    number: int
    read: Callable[[], str]
    write: Callable[[str], None]
    last: str = ""


class EditField(QUndoCommand):
    """Typing in one field, or choosing a value in it; consecutive typing merges into one step."""

    def __init__(self, field: Field, old: str, new: str, *, mergeable: bool) -> None:
        super().__init__(f"Edit {field.name}")
        self._field = field
        self._old = old
        self._new = new
        self._mergeable = mergeable
        self._first = True

    def id(self) -> int:
        return _MERGE_BASE + self._field.number if self._mergeable else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditField) or other._field is not self._field:
            return False
        self._new = other._new
        return True

    def redo(self) -> None:
        if self._first:  # the widget already shows the new value
            self._first = False
        else:
            self._field.write(self._new)
        self._field.last = self._new

    def undo(self) -> None:
        self._field.write(self._old)
        self._field.last = self._old


class EditText(QUndoCommand):
    """One undo step of a text document (the clause wording or the notes).

    The document keeps its own fine-grained history, cursor positions included; this command
    only tells it when to step, so the editor's one stack orders text and field edits.
    """

    def __init__(self, document: QTextDocument, name: str) -> None:
        super().__init__(f"Edit {name}")
        self._document = document
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
        else:
            self._document.redo()

    def undo(self) -> None:
        self._document.undo()


class UndoKeyRouter(QObject):
    """Sends Undo and Redo from a text widget to the editor's stack instead of the widget's own.

    Without it, Ctrl+Z inside a line edit would undo the widget's private history and the
    editor's stack would no longer match what is shown.
    """

    def __init__(self, stack: QUndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stack = stack

    def watch(self, widget: QWidget) -> None:
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            assert isinstance(event, QKeyEvent)
            step = _undo_step(event)
            if step is None:
                return False
            if kind == QEvent.Type.ShortcutOverride:
                event.ignore()  # let the window's Undo/Redo action take the shortcut
                return True
            step(self._stack)
            return True
        if kind == QEvent.Type.ContextMenu and isinstance(watched, QLineEdit | QPlainTextEdit):
            assert isinstance(event, QContextMenuEvent)
            self._show_menu(watched, event.globalPos())
            return True
        return False

    def _show_menu(self, widget: QLineEdit | QPlainTextEdit, at: QPoint) -> None:
        menu = widget.createStandardContextMenu()
        for action in menu.actions():
            if action.objectName() == "edit-undo":
                action.triggered.disconnect()
                action.triggered.connect(self._stack.undo)
                action.setEnabled(self._stack.canUndo())
            elif action.objectName() == "edit-redo":
                action.triggered.disconnect()
                action.triggered.connect(self._stack.redo)
                action.setEnabled(self._stack.canRedo())
        menu.exec(at)
        menu.deleteLater()


def _undo_step(event: QKeyEvent) -> Callable[[QUndoStack], None] | None:
    if event.matches(QKeySequence.StandardKey.Undo):
        return QUndoStack.undo
    if event.matches(QKeySequence.StandardKey.Redo):
        return QUndoStack.redo
    return None
