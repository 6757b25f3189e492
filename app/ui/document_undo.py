"""Undo commands of the document tab: outline edits (move, indent, add, remove, conditions) and
variable values."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from app.ui.outline_model import OutlineModel, Rows
from app.ui.variables_form import VariablesForm

_VALUE_MERGE_ID = 2000


class OutlineEdit(QUndoCommand):
    """One change of the outline, kept as the rows before and after it."""

    def __init__(self, model: OutlineModel, before: Rows, after: Rows, text: str) -> None:
        super().__init__(text)
        self._model = model
        self._before = before
        self._after = after

    def redo(self) -> None:
        self._model.set_rows(self._after)

    def undo(self) -> None:
        self._model.set_rows(self._before)


class ValueEdit(QUndoCommand):
    """Typing a variable's value; consecutive typing in one field merges into one step."""

    def __init__(self, form: VariablesForm, name: str, old: str, new: str) -> None:
        super().__init__(f"Edit {name}")
        self._form = form
        self.name = name
        self._old = old
        self._new = new
        self._first = True

    def id(self) -> int:
        return _VALUE_MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, ValueEdit) or other.name != self.name:
            return False
        self._new = other._new
        return True

    def redo(self) -> None:
        if self._first:  # the field already shows the new value
            self._first = False
            return
        self._form.set_value(self.name, self._new)

    def undo(self) -> None:
        self._form.set_value(self.name, self._old)
