"""The saved reviews (customer, file, standard, date) in a window of their own; reopen one."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.review import ReviewSummary
from app.ui.review_model import SavedReviewsModel


class ReviewsPanel(QDialog):
    """A non-modal list of the saved reviews, newest first.

    Signals:
        reopen_requested(int): the user opened the saved review with this id.
    """

    reopen_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewsPanel")
        self.setWindowTitle("Saved Reviews")
        self.model = SavedReviewsModel(self)
        self.table = QTableView()
        self.table.setAccessibleName("Saved reviews")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)  # the lost protections take what is left
        self.table.activated.connect(self._on_table_activated)
        self.empty_label = QLabel("Loading the saved reviews…")
        self.empty_label.setProperty("role", "empty-state")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = QPushButton("Reopen")
        self.open_button.setDefault(True)
        self.open_button.setEnabled(False)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        self.open_button.clicked.connect(self.reopen_selected)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.open_button.setEnabled(self.table.selectionModel().hasSelection())
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(820, 380)

    def set_reviews(self, reviews: Sequence[ReviewSummary]) -> None:
        self.model.set_reviews(reviews)
        self.empty_label.setVisible(not reviews)
        self.empty_label.setText(
            "No saved reviews yet. Review a contract (Ctrl+Shift+R) and press Save Review."
        )
        if reviews:
            self.table.selectRow(0)

    def select_review(self, review_id: int) -> None:
        for row in range(self.model.rowCount()):
            if self.model.review_id(row) == review_id:
                self.table.selectRow(row)

    def reopen_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self._on_table_activated(rows[0])

    def _on_table_activated(self, index: QModelIndex) -> None:
        self.reopen_requested.emit(self.model.review_id(index.row()))
