"""The form generated from a document's variable declarations, each value checked as typed."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.terms import Variable, VariableType, format_value

PLACEHOLDERS = {
    VariableType.DATE: "YYYY-MM-DD",
    VariableType.NUMBER: "a number",
}


class VariablesForm(QWidget):
    """One field per variable; a wrong value is named under its field and kept out of the values.

    Signals:
        value_edited(str, str, str): variable NAME changed from OLD to NEW (raw text).
    """

    value_edited = Signal(str, str, str)

    def __init__(self) -> None:
        super().__init__()
        self._variables: tuple[Variable, ...] = ()
        self._raw: dict[str, str] = {}
        self._widgets: dict[str, QLineEdit | QComboBox | QCheckBox] = {}
        self._errors: dict[str, QLabel] = {}
        self._form = QFormLayout()
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self._form)
        outer.addStretch(1)

    def set_variables(self, variables: Sequence[Variable], raw: dict[str, str]) -> None:
        while self._form.rowCount():
            self._form.removeRow(0)
        self._variables = tuple(variables)
        self._raw = dict(raw)
        self._widgets.clear()
        self._errors.clear()
        for variable in self._variables:
            self._add_row(variable)
        self._validate_all()

    def _add_row(self, variable: Variable) -> None:
        value = self._raw.get(variable.name, "")
        widget: QLineEdit | QComboBox | QCheckBox
        if variable.type is VariableType.CHOICE:
            widget = QComboBox()
            widget.addItems(list(variable.choices))
            widget.setCurrentText(value)
            widget.currentTextChanged.connect(lambda t, n=variable.name: self._on_edited(n, t))
        elif variable.type is VariableType.YES_NO:
            widget = QCheckBox()
            widget.setChecked(value.strip().lower() in ("yes", "true", "1"))
            widget.toggled.connect(
                lambda on, n=variable.name: self._on_edited(n, "yes" if on else "no")
            )
        else:
            widget = QLineEdit(value)
            widget.setPlaceholderText(PLACEHOLDERS.get(variable.type, ""))
            widget.textEdited.connect(lambda t, n=variable.name: self._on_edited(n, t))
        widget.setAccessibleName(variable.display_label)
        widget.setToolTip(variable.help or variable.display_label)
        error = QLabel()
        error.setProperty("role", "error")
        error.setStyleSheet("color: #b0191e;")
        error.setWordWrap(True)
        error.hide()
        field = QWidget()
        box = QVBoxLayout(field)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(widget)
        box.addWidget(error)
        self._form.addRow(variable.display_label, field)
        self._widgets[variable.name] = widget
        self._errors[variable.name] = error

    def raw_values(self) -> dict[str, str]:
        return dict(self._raw)

    def valid_values(self) -> dict[str, str]:
        """The values that pass their type's check (the others fall back to their defaults)."""
        return {n: v for n, v in self._raw.items() if not self.error_of(n)}

    def error_of(self, name: str) -> str:
        variable = next((v for v in self._variables if v.name == name), None)
        raw = self._raw.get(name, "")
        if variable is None or raw == "":
            return ""
        try:
            variable.coerce(raw)
        except ValueError as exc:
            return f"{variable.display_label} {exc}"
        return ""

    def errors(self) -> list[str]:
        return [e for e in (self.error_of(v.name) for v in self._variables) if e]

    def set_value(self, name: str, raw: str) -> None:
        """Show a value (undo and redo); emits nothing."""
        self._raw[name] = raw
        widget = self._widgets.get(name)
        if widget is not None:
            widget.blockSignals(True)
            if isinstance(widget, QComboBox):
                widget.setCurrentText(raw)
            elif isinstance(widget, QCheckBox):
                widget.setChecked(raw == "yes")
            else:
                widget.setText(raw)
            widget.blockSignals(False)
        self._validate(name)

    def _on_edited(self, name: str, raw: str) -> None:
        old = self._raw.get(name, "")
        self._raw[name] = raw
        self._validate(name)
        self.value_edited.emit(name, old, raw)

    def _validate_all(self) -> None:
        for name in self._errors:
            self._validate(name)

    def _validate(self, name: str) -> None:
        label = self._errors.get(name)
        if label is None:
            return
        message = self.error_of(name)
        label.setText(message)
        label.setVisible(bool(message))


def initial_values(variables: Sequence[Variable]) -> dict[str, str]:
    return {v.name: format_value(v.default) if v.default is not None else "" for v in variables}
