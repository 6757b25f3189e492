"""Small dialogs, each with an ``ask`` that tests can replace so nothing ever blocks."""

from __future__ import annotations

from enum import Enum

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.version import __version__


class Choice(Enum):
    """What to do with unsaved changes."""

    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class ReasonDialog(QDialog):
    """Asks why a clause changed; the reason is kept in the clause's version history."""

    def __init__(self, parent: QWidget | None, clause_title: str, default: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Save Clause")
        prompt = QLabel(f"Why did “{clause_title}” change? The reason is kept in its history.")
        prompt.setWordWrap(True)
        self.reason_edit = QLineEdit(default)
        self.reason_edit.setAccessibleName("Reason for the change")
        self.reason_edit.setPlaceholderText("e.g. Narrowed to competing models after review")
        prompt.setBuddy(self.reason_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self._save = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.reason_edit.textChanged.connect(self._on_reason_edit_text_changed)
        self._on_reason_edit_text_changed(default)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.reason_edit)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def _on_reason_edit_text_changed(self, text: str) -> None:
        self._save.setEnabled(bool(text.strip()))

    @classmethod
    def ask(cls, parent: QWidget | None, clause_title: str, default: str = "") -> str | None:
        dialog = cls(parent, clause_title, default)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.reason_edit.text().strip() or None


class UnsavedChangesDialog:
    """Save / Discard / Cancel for one or more editors with unsaved changes."""

    @staticmethod
    def ask(parent: QWidget | None, titles: list[str]) -> Choice:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Unsaved Changes")
        if len(titles) == 1:
            box.setText(f"Save the changes to “{titles[0]}”?")
        else:
            box.setText(f"Save the changes to {len(titles)} clauses?")
            box.setDetailedText("\n".join(titles))
        box.setInformativeText("If you don't save, your changes are lost.")
        buttons = QMessageBox.StandardButton
        box.setStandardButtons(buttons.Save | buttons.Discard | buttons.Cancel)
        box.setDefaultButton(buttons.Save)
        answer = box.exec()
        if answer == buttons.Save:
            return Choice.SAVE
        if answer == buttons.Discard:
            return Choice.DISCARD
        return Choice.CANCEL


class ConnectionLostDialog:
    """A save failed for good on a dropped server connection: Retry, or keep editing."""

    @staticmethod
    def ask(parent: QWidget | None, clause_title: str, details: str) -> bool:
        """True when the user wants to save again now."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setObjectName("connectionLostMessage")
        box.setWindowTitle("Connection Lost")
        box.setText(
            f"“{clause_title}” could not be saved: the connection to the team library was lost."
        )
        box.setInformativeText(
            "Your edit is kept in the editor and nothing was half-written. Retry once the "
            "server is reachable, or save later."
        )
        box.setDetailedText(details)
        buttons = QMessageBox.StandardButton
        box.setStandardButtons(buttons.Retry | buttons.Cancel)
        box.setDefaultButton(buttons.Retry)
        return box.exec() == buttons.Retry


class RecoveryDialog(QDialog):
    """After a crash: which unsaved clause edits to bring back."""

    def __init__(self, parent: QWidget | None, titles: list[str]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Recover Unsaved Changes")
        intro = QLabel(
            "Clausewright was closed unexpectedly while these clauses had unsaved changes. "
            "Choose the ones to recover; they open with your changes, not yet saved."
        )
        intro.setWordWrap(True)
        self.items = QListWidget()
        self.items.setAccessibleName("Unsaved clauses to recover")
        for title in titles:
            item = QListWidgetItem(title)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.items.addItem(item)
        buttons = QDialogButtonBox()
        buttons.addButton("Recover", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Discard All", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.items)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None, titles: list[str]) -> list[int]:
        """The indexes of the snapshots to recover (empty: discard them all)."""
        dialog = cls(parent, titles)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return []
        return [
            row
            for row in range(dialog.items.count())
            if dialog.items.item(row).checkState() == Qt.CheckState.Checked
        ]


LICENCES = (
    ("Clausewright", "MIT"),
    ("Qt 6 and Qt for Python (PySide6)", "LGPL v3"),
    ("SQLAlchemy, Alembic", "MIT"),
    ("python-docx", "MIT"),
    ("lxml", "BSD"),
    ("diff-match-patch", "Apache 2.0"),
    ("RapidFuzz", "MIT"),
    ("PyYAML", "MIT"),
    ("Jinja2", "BSD"),
    ("markdown-it-py", "MIT"),
    ("platformdirs", "MIT"),
)


def about_text() -> str:
    rows = "".join(f"<tr><td>{name}</td><td>&nbsp;&nbsp;{lic}</td></tr>" for name, lic in LICENCES)
    return (
        f"<h3>Clausewright {__version__}</h3>"
        "<p>Clause library, terms drafting, redlines and contract review for legal teams.</p>"
        f"<p>Qt {qVersion()} · PySide6 {pyside_version}</p>"
        f"<p><b>Licences</b></p><table>{rows}</table>"
    )


class AboutDialog:
    """Version and the licences of the application and the libraries it ships with."""

    @staticmethod
    def show(parent: QWidget | None) -> None:
        QMessageBox.about(parent, "About Clausewright", about_text())


def show_error(parent: QWidget | None, title: str, message: str, details: str = "") -> QMessageBox:
    """A non-blocking error message (window-modal, so the event loop keeps running)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(message)
    if details:
        box.setDetailedText(details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("errorMessage")
    box.open()
    return box
