"""Starting a review (the customer's contract, the standard, the customer) and choosing where
an export goes; each dialog has an ``ask`` that tests replace."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

CONTRACT_FILTER = "Contracts (*.docx *.md *.markdown *.txt);;All files (*)"
REVIEWABLE_SUFFIXES = (".docx", ".md", ".markdown", ".txt")
FILE_STANDARD = ""  # the standard combo's last entry: a file chosen below it


@dataclass(frozen=True)
class StandardChoice:
    """One standard the library offers: ``spec`` as Reviewing.standard takes it."""

    label: str
    spec: str


@dataclass(frozen=True)
class ReviewRequest:
    """What the user asked to review."""

    contract: Path
    standard: str
    customer: str


class StartReviewDialog(QDialog):
    """Contract file, standard (a library document version, its working draft, or a file) and
    the customer's name."""

    def __init__(
        self, parent: QWidget | None, standards: Sequence[StandardChoice], contract: str = ""
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Review a Contract")
        self.contract_edit = QLineEdit(contract)
        self.contract_edit.setAccessibleName("The customer's contract file")
        self.contract_edit.setPlaceholderText("The customer's .docx, .md or .txt")
        self.standard_combo = QComboBox()
        self.standard_combo.setAccessibleName("The standard to review against")
        for choice in standards:
            self.standard_combo.addItem(choice.label, choice.spec)
        self.standard_combo.addItem("A file…", FILE_STANDARD)
        self.standard_file_edit = QLineEdit()
        self.standard_file_edit.setAccessibleName("The standard as a file")
        self.standard_file_edit.setPlaceholderText("Our standard terms as .docx, .md or .txt")
        self.customer_edit = QLineEdit()
        self.customer_edit.setAccessibleName("Customer name")
        self.customer_edit.setPlaceholderText("e.g. Acme Corp")
        form = QFormLayout()
        form.addRow("&Contract:", self._with_browse(self.contract_edit, self._browse_contract))
        form.addRow("&Standard:", self.standard_combo)
        self._file_row = self._with_browse(self.standard_file_edit, self._browse_standard)
        form.addRow("", self._file_row)
        form.addRow("C&ustomer:", self.customer_edit)
        hint = QLabel(
            "The contract is split into clauses, aligned with the standard's, and every "
            "protection it drops or weakens is listed first."
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "muted")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Review")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        for edit in (self.contract_edit, self.standard_file_edit, self.customer_edit):
            edit.textChanged.connect(self._update)
        self.standard_combo.currentIndexChanged.connect(self._update)
        self._update()
        self.resize(560, self.sizeHint().height())

    def _with_browse(self, edit: QLineEdit, browse: object) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        button = QPushButton("Browse…")
        button.setAccessibleName(f"Browse for {edit.accessibleName().lower()}")
        button.clicked.connect(browse)
        layout.addWidget(edit, 1)
        layout.addWidget(button)
        return row

    def _browse_contract(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Customer's Contract", "", CONTRACT_FILTER)
        if path:
            self.contract_edit.setText(path)

    def _browse_standard(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Standard Terms", "", CONTRACT_FILTER)
        if path:
            self.standard_file_edit.setText(path)

    def _update(self) -> None:
        self._file_row.setVisible(self.standard_combo.currentData() == FILE_STANDARD)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.request() is not None)

    def request(self) -> ReviewRequest | None:
        """The request as filled in, or None while something is missing."""
        contract = self.contract_edit.text().strip()
        customer = self.customer_edit.text().strip()
        standard = str(self.standard_combo.currentData() or "")
        if standard == FILE_STANDARD:
            standard = self.standard_file_edit.text().strip()
        if not (contract and customer and standard):
            return None
        return ReviewRequest(Path(contract), standard, customer)

    @classmethod
    def ask(
        cls, parent: QWidget | None, standards: Sequence[StandardChoice], contract: str = ""
    ) -> ReviewRequest | None:
        dialog = cls(parent, standards, contract)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.request()


class ExportPathDialog:
    """Where to write an export: a Word file, or a web page if the suggested name is one."""

    @staticmethod
    def ask(parent: QWidget | None, title: str, suggested: str) -> Path | None:
        suffix = ".html" if suggested.lower().endswith(".html") else ".docx"
        kind = "Web page (*.html)" if suffix == ".html" else "Word (*.docx)"
        path, _ = QFileDialog.getSaveFileName(parent, title, suggested, kind)
        if not path:
            return None
        return Path(path if path.lower().endswith(suffix) else path + suffix)
