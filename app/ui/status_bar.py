"""The status bar: the database in use, the number of clauses, and long work with Cancel."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QToolButton

from app.ui.icons import IconSet


class WorkStatusBar(QStatusBar):
    """Permanent fields on the right; transient messages on the left.

    Signals:
        cancel_requested(): the user pressed Cancel next to the progress bar.
    """

    cancel_requested = Signal()

    def __init__(self, icons: IconSet) -> None:
        super().__init__()
        self.database_label = QLabel()
        self.database_label.setAccessibleName("Database in use")
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Number of clauses")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress of background work")
        self.progress.setMaximumWidth(180)
        self.progress.setTextVisible(False)
        self.progress_label = QLabel()
        self.cancel_button = QToolButton()
        self.cancel_button.setIcon(icons.icon("close"))
        self.cancel_button.setAccessibleName("Cancel the background work")
        self.cancel_button.setToolTip("Cancel")
        self.cancel_button.clicked.connect(self.cancel_requested)
        for widget in (self.progress_label, self.progress, self.cancel_button):
            widget.hide()
            self.addPermanentWidget(widget)
        self.addPermanentWidget(self.count_label)
        self.addPermanentWidget(self.database_label)

    def show_database(self, description: str | None) -> None:
        if description is None:
            self.database_label.setText("Opening the library…")
            return
        self.database_label.setText(f"Database: {description}")
        self.database_label.setToolTip(description)

    def show_count(self, clauses: int) -> None:
        self.count_label.setText(f"{clauses:,} clauses")

    def show_long_work(self, label: str, done: int, total: int) -> None:
        """Progress of the newest long job; an empty label hides the progress."""
        for widget in (self.progress_label, self.progress, self.cancel_button):
            widget.setVisible(bool(label))
        self.progress_label.setText(label)
        self.progress.setRange(0, total)
        self.progress.setValue(done)
