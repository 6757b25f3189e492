"""The central workspace: tabs of open clause editors, comparisons and terms documents, or a
welcome page when none is open."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QUndoGroup, QUndoStack
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabBar,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.clause_editor import ClauseEditor
from app.ui.icons import IconSet
from app.ui.theme import Theme

MODIFIED_MARK = " ●"


class WorkspacePage(QWidget):
    """A tab of the workspace that is not a clause editor (a comparison, a terms document).

    Signals:
        title_changed(str): the tab's title changed.
        modified_changed(bool): the page gained or lost unsaved changes.
    """

    title_changed = Signal(str)
    modified_changed = Signal(bool)
    icon_name = "details"

    def display_title(self) -> str:
        return ""

    def is_modified(self) -> bool:
        return False

    @property
    def undo_stack(self) -> QUndoStack | None:
        return None

    def set_theme(self, theme: Theme) -> None:
        """Colours changed (light or dark); pages that draw their own colours redraw."""


class Workspace(QStackedWidget):
    """Holds the editors; marks tabs with unsaved changes; owns the group of undo stacks.

    Signals:
        current_editor_changed(object): the editor shown now (or None).
        editor_modified_changed(object, bool): an editor gained or lost unsaved changes.
        close_requested(object): the user clicked an editor tab's close button.
        page_close_requested(object): the user clicked another page's close button.
        page_modified_changed(object, bool): a page gained or lost unsaved changes.
        new_clause_requested(): the welcome page's button was pressed.
    """

    current_editor_changed = Signal(object)
    editor_modified_changed = Signal(object, bool)
    close_requested = Signal(object)
    page_close_requested = Signal(object)
    page_modified_changed = Signal(object, bool)
    new_clause_requested = Signal()

    def __init__(self, icons: IconSet) -> None:
        super().__init__()
        self._icons = icons
        self.undo_group = QUndoGroup(self)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("editorTabs")
        self.tabs.setAccessibleName("Open clauses")
        self.tabs.setDocumentMode(True)
        self.tabs.setMovable(True)
        self.tabs.tabCloseRequested.connect(self._on_tabs_tab_close_requested)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.addWidget(self._build_welcome())
        self.addWidget(self.tabs)

    def _build_welcome(self) -> QWidget:
        page = QWidget()
        page.setObjectName("welcomePage")
        heading = QLabel("No clause is open")
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        heading.setFont(font)
        heading.setProperty("role", "heading")
        hint = QLabel(
            "Double-click a clause in the library, or select it and press Enter, to edit it.\n"
            "Search with Ctrl+F. Create a new clause with Ctrl+N."
        )
        hint.setProperty("role", "muted")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        button = QPushButton(self._icons.icon("new-clause"), "New Clause")
        button.setAccessibleName("Create a new clause")
        button.clicked.connect(self.new_clause_requested)
        layout = QVBoxLayout(page)
        layout.addStretch(2)
        for widget in (heading, hint, button):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.setSpacing(12)
        layout.addStretch(3)
        return page

    # -- editors ----------------------------------------------------------------------------

    def add_editor(self, editor: ClauseEditor) -> None:
        self.undo_group.addStack(editor.undo_stack)
        index = self.tabs.addTab(editor, self._icons.icon("clause"), editor.display_title())
        self.tabs.tabBar().setTabButton(
            index, QTabBar.ButtonPosition.RightSide, self._close_button(editor)
        )
        editor.title_changed.connect(lambda _title: self._update_tab(editor))
        editor.modified_changed.connect(lambda modified: self._on_editor_modified(editor, modified))
        self.setCurrentWidget(self.tabs)
        self.tabs.setCurrentIndex(index)
        self._update_tab(editor)

    def _close_button(self, editor: ClauseEditor | WorkspacePage) -> QToolButton:
        button = QToolButton()
        button.setIcon(self._icons.icon("close"))
        button.setAutoRaise(True)
        button.setToolTip("Close (Ctrl+W)")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Ctrl+W closes from the keyboard
        if isinstance(editor, ClauseEditor):
            button.setAccessibleName("Close this clause")
            button.clicked.connect(lambda: self.close_requested.emit(editor))
        else:
            button.setAccessibleName("Close this tab")
            button.clicked.connect(lambda: self.page_close_requested.emit(editor))
        return button

    # -- other pages ------------------------------------------------------------------------

    def add_page(self, page: WorkspacePage) -> None:
        """Show a comparison or a terms document in a tab of its own."""
        if (stack := page.undo_stack) is not None:
            self.undo_group.addStack(stack)
        icon = self._icons.icon(page.icon_name)
        index = self.tabs.addTab(page, icon, page.display_title())
        self.tabs.tabBar().setTabButton(
            index, QTabBar.ButtonPosition.RightSide, self._close_button(page)
        )
        page.title_changed.connect(lambda _title: self._update_tab(page))
        page.modified_changed.connect(lambda modified: self._on_page_modified(page, modified))
        self.setCurrentWidget(self.tabs)
        self.tabs.setCurrentIndex(index)
        self._update_tab(page)

    def remove_page(self, page: WorkspacePage) -> None:
        index = self.tabs.indexOf(page)
        if index >= 0:
            self.tabs.removeTab(index)
        if (stack := page.undo_stack) is not None:
            self.undo_group.removeStack(stack)
        page.deleteLater()
        if self.tabs.count() == 0:
            self.setCurrentIndex(0)
            self.current_editor_changed.emit(None)

    def pages(self) -> list[WorkspacePage]:
        found = [self.tabs.widget(i) for i in range(self.tabs.count())]
        return [p for p in found if isinstance(p, WorkspacePage)]

    def current_page(self) -> WorkspacePage | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, WorkspacePage) else None

    def show_page(self, page: WorkspacePage) -> None:
        self.setCurrentWidget(self.tabs)
        self.tabs.setCurrentWidget(page)

    def modified_pages(self) -> list[WorkspacePage]:
        return [p for p in self.pages() if p.is_modified()]

    def _on_page_modified(self, page: WorkspacePage, modified: bool) -> None:
        self._update_tab(page)
        self.page_modified_changed.emit(page, modified)

    def remove_editor(self, editor: ClauseEditor) -> None:
        index = self.tabs.indexOf(editor)
        if index >= 0:
            self.tabs.removeTab(index)
        self.undo_group.removeStack(editor.undo_stack)
        editor.deleteLater()
        if self.tabs.count() == 0:
            self.setCurrentIndex(0)
            self.current_editor_changed.emit(None)

    def editors(self) -> list[ClauseEditor]:
        found = [self.tabs.widget(i) for i in range(self.tabs.count())]
        return [e for e in found if isinstance(e, ClauseEditor)]

    def current_editor(self) -> ClauseEditor | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, ClauseEditor) else None

    def editor_for(self, key: str) -> ClauseEditor | None:
        return next((e for e in self.editors() if e.key == key), None)

    def show_editor(self, editor: ClauseEditor) -> None:
        self.tabs.setCurrentWidget(editor)

    def modified_editors(self) -> list[ClauseEditor]:
        return [e for e in self.editors() if e.is_modified()]

    # -- handlers ---------------------------------------------------------------------------

    def _update_tab(self, editor: ClauseEditor | WorkspacePage) -> None:
        index = self.tabs.indexOf(editor)
        if index < 0:
            return
        title = editor.display_title()
        shown = title if len(title) <= 32 else title[:30] + "…"
        modified = editor.is_modified()
        self.tabs.setTabText(index, shown + (MODIFIED_MARK if modified else ""))
        self.tabs.setTabToolTip(index, title + (" — unsaved changes" if modified else ""))

    def _on_editor_modified(self, editor: ClauseEditor, modified: bool) -> None:
        self._update_tab(editor)
        self.editor_modified_changed.emit(editor, modified)

    def _on_tabs_tab_close_requested(self, index: int) -> None:
        editor = self.tabs.widget(index)
        if isinstance(editor, ClauseEditor):
            self.close_requested.emit(editor)
        elif isinstance(editor, WorkspacePage):
            self.page_close_requested.emit(editor)

    def _on_tabs_current_changed(self, _index: int) -> None:
        editor = self.current_editor()
        if editor is not None:
            self.undo_group.setActiveStack(editor.undo_stack)
        elif (page := self.current_page()) is not None:
            # A comparison has no stack: Undo is then disabled, not another tab's.
            self.undo_group.setActiveStack(page.undo_stack)  # type: ignore[arg-type]
        self.current_editor_changed.emit(editor)
