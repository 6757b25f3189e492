"""The main window's actions (with their standard shortcuts) and its menus."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar

from app.ui.dialogs import AboutDialog
from app.ui.icons import IconSet

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

SCHEMES = (("system", "Follow &System"), ("light", "&Light"), ("dark", "&Dark"))


class WindowActions:
    """Every command of the main window as a QAction, bound to the window's handlers."""

    def __init__(self, window: MainWindow, icons: IconSet) -> None:
        self._window = window
        self._icons = icons
        sk = QKeySequence.StandardKey
        w = window
        self.new = self._make(
            "&New Clause", w.new_clause, "new-clause", sk.New, "Write a new clause"
        )
        self.open_database = self._make("&Open Database…", w.choose_database, "database", sk.Open)
        self.connect_team = self._make(
            "&Connect to Team Library…",
            w.connect_team_library,
            "database",
            tip="Open a shared library on a server",
        )
        self.compare = self._make(
            "Co&mpare Documents…",
            w.compare_documents,
            "history",
            "Ctrl+Shift+M",
            "Compare two files (.docx, .md, .txt); you can also drop two files on the window",
        )
        self.review = self._make(
            "&Review a Contract…",
            w.reviews.start_review,
            "findings",
            "Ctrl+Shift+R",
            "Review a customer's contract against the standard terms; or drop it on the window",
        )
        self.saved_reviews = self._make(
            "Saved Re&views…", w.reviews.show_saved_reviews, "history", tip="Reopen a review"
        )
        self.new_document = self._make(
            "New &Document…", w.new_document, "details", tip="Start a terms document"
        )
        self.open_document = self._make(
            "&Open Document…",
            w.choose_document,
            "details",
            "Ctrl+Shift+O",
            "Open one of the library's terms documents",
        )
        self.save = self._make(
            "&Save", w.save_current, "save", sk.Save, "Save the clause as a new version"
        )
        self.close_tab = self._make("&Close Tab", w.close_current, "close", sk.Close)
        self.quit = self._make("&Quit", w.close, keys=sk.Quit)
        if self.quit.shortcut().isEmpty():
            # Linux without a desktop theme binds nothing to Quit (measured): add Ctrl+Q.
            self.quit.setShortcut(QKeySequence("Ctrl+Q"))
        self.undo = self._undo_redo(
            w.workspace.undo_group.createUndoAction(w, "&Undo"), "undo", sk.Undo
        )
        self.redo = self._undo_redo(
            w.workspace.undo_group.createRedoAction(w, "&Redo"), "redo", sk.Redo
        )
        self.find = self._make("&Find in Library", w.library_panel.focus_search, "search", sk.Find)
        self.open_clause = self._make("&Open Clause", w.open_selected, "clause")
        self.duplicate = self._make(
            "&Duplicate Clause",
            w.duplicate_selected,
            "duplicate",
            "Ctrl+D",
            "Copy the clause, e.g. to write a fallback tier",
        )
        self.retire = self._make(
            "&Retire Clause",
            w.retire_selected,
            "retire",
            tip="Take the clause out of use; its history is kept",
        )
        self.restore = self._make("Re&store Clause", w.restore_selected, "restore")
        self.show_retired = self._make("Show &Retired Clauses", w.toggle_show_retired)
        self.show_retired.setCheckable(True)
        self.focus_library = self._make("Go to &Library", w.focus_library, keys="Alt+1")
        self.focus_editor = self._make("Go to &Editor", w.focus_editor, keys="Alt+2")
        self.focus_inspector = self._make("Go to &Inspector", w.focus_inspector, keys="Alt+3")
        self.rules = self._make(
            "Highlighting &Rules…",
            w.edit_rules,
            "findings",
            tip="Switch detection rules on or off, edit them or add your own",
        )
        self.about = self._make("&About Clausewright", lambda: AboutDialog.show(w), "about")

    def _make(
        self,
        text: str,
        handler: Callable[[], object],
        icon: str | None = None,
        keys: QKeySequence.StandardKey | str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self._window)
        if icon:
            action.setIcon(self._icons.icon(icon))
        if isinstance(keys, QKeySequence.StandardKey):
            action.setShortcuts(keys)
        elif keys:
            action.setShortcut(QKeySequence(keys))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: handler())
        self._window.addAction(action)
        return action

    def _undo_redo(self, action: QAction, icon: str, keys: QKeySequence.StandardKey) -> QAction:
        action.setShortcuts(keys)
        action.setIcon(self._icons.icon(icon))
        self._window.addAction(action)
        return action

    def build_menus(self, bar: QMenuBar, chosen_scheme: str) -> QMenu:
        """File, Edit, Library, View, Help; returns the recent-databases menu to fill."""
        w = self._window
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.new, self.open_database, self.connect_team])
        recent = file_menu.addMenu("Open &Recent Database")
        file_menu.addSeparator()
        file_menu.addAction(self.compare)
        file_menu.addAction(self.review)
        file_menu.addSeparator()
        file_menu.addActions([self.save, self.close_tab])
        file_menu.addSeparator()
        file_menu.addAction(self.quit)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.undo, self.redo])
        edit_menu.addSeparator()
        edit_menu.addAction(self.find)
        library_menu = bar.addMenu("&Library")
        library_menu.addActions([self.new, self.open_clause, self.duplicate])
        library_menu.addSeparator()
        library_menu.addActions([self.retire, self.restore])
        library_menu.addSeparator()
        library_menu.addAction(self.rules)
        library_menu.addAction(self.saved_reviews)
        documents_menu = bar.addMenu("&Documents")
        documents_menu.addActions([self.new_document, self.open_document])
        documents_menu.addSeparator()
        documents_menu.addAction(self.compare)
        view_menu = bar.addMenu("&View")
        view_menu.addActions(
            [w.library_dock.toggleViewAction(), w.inspector_dock.toggleViewAction()]
        )
        view_menu.addAction(w.toolbar.toggleViewAction())
        view_menu.addSeparator()
        view_menu.addActions([self.focus_library, self.focus_editor, self.focus_inspector])
        view_menu.addSeparator()
        view_menu.addAction(self.show_retired)
        self._appearance_menu(view_menu.addMenu("&Appearance"), chosen_scheme)
        bar.addMenu("&Help").addAction(self.about)
        return recent

    def build_toolbar(self) -> QToolBar:
        """The everyday commands one click away: write, save, undo, open, compare, review."""
        bar = QToolBar("Main Toolbar", self._window)
        bar.setObjectName("mainToolBar")  # restoreState() needs it
        bar.setIconSize(QSize(18, 18))
        bar.setMovable(False)
        bar.addActions([self.new, self.save])
        bar.addSeparator()
        bar.addActions([self.undo, self.redo])
        bar.addSeparator()
        bar.addActions([self.open_document, self.compare, self.review])
        return bar

    def _appearance_menu(self, menu: QMenu, chosen: str) -> None:
        group = QActionGroup(menu)
        for value, text in SCHEMES:
            action = menu.addAction(text)
            action.setCheckable(True)
            action.setChecked(value == chosen)
            action.triggered.connect(lambda _c=False, v=value: self._window.set_colour_scheme(v))
            group.addAction(action)
