"""The main window: the clause library on the left, the selected clause on the right."""

from __future__ import annotations

from PySide6.QtWidgets import QListWidget, QMainWindow, QPlainTextEdit, QSplitter

from app.services.clause_library import ClauseLibrary


class MainWindow(QMainWindow):
    """Lists the library's clauses and shows the wording of the selected one."""

    def __init__(self, library: ClauseLibrary) -> None:
        super().__init__()
        self._library = library
        self.setWindowTitle("Clausewright")
        self.resize(1200, 780)
        self._list = QListWidget()
        self._list.setAccessibleName("Clauses")
        self._text = QPlainTextEdit()
        self._text.setReadOnly(True)
        self._text.setAccessibleName("Clause wording")
        splitter = QSplitter()
        splitter.addWidget(self._list)
        splitter.addWidget(self._text)
        splitter.setSizes([380, 820])
        self.setCentralWidget(splitter)
        self._summaries = library.list_clauses()
        self._list.addItems([c.title for c in self._summaries])
        self._list.currentRowChanged.connect(self._on_list_current_row_changed)
        self.statusBar().showMessage(
            f"{len(self._summaries)} clauses — {library.database.describe()}"
        )
        if self._summaries:
            self._list.setCurrentRow(0)

    def _on_list_current_row_changed(self, row: int) -> None:
        if 0 <= row < len(self._summaries):
            self._text.setPlainText(self._library.get(self._summaries[row].key).body)
