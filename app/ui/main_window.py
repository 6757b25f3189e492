"""The main window: library dock, editor workspace, inspector dock, menus and status bar."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QMainWindow,
    QSplitter,
)

from app.domain.clause import Clause, ClauseSummary, ClauseVersion, Risk
from app.ui.autosave import Autosave
from app.ui.background import BackgroundRunner
from app.ui.clause_editor import ClauseEditor
from app.ui.dialogs import (
    Choice,
    UnsavedChangesDialog,
)
from app.ui.editing import EditorSessions
from app.ui.error_handler import ErrorHandler
from app.ui.icons import IconSet
from app.ui.inspector import Inspector
from app.ui.library_panel import SEARCH_LIMIT, LibraryPanel
from app.ui.review_desk import ReviewDesk
from app.ui.review_tab import ReviewTab
from app.ui.settings import AppSettings
from app.ui.status_bar import WorkStatusBar
from app.ui.theme import Theme, ThemeController
from app.ui.window_actions import WindowActions
from app.ui.workspace import Workspace, WorkspacePage

if TYPE_CHECKING:  # the services (and SQLAlchemy) load after the window shows
    from app.domain.audit import ClauseChange
    from app.domain.findings import Finding
    from app.domain.terms import DocumentSummary, TermsDocument
    from app.services.clause_library import ClauseLibrary
    from app.services.drafting import Drafting
    from app.services.scanning import Scanning
    from app.ui.compare_tab import CompareRequest, CompareTab
    from app.ui.document_tab import DocumentTab

LibraryOpener = Callable[[str], "ClauseLibrary"]
APP_NAME = "Clausewright"
DOCUMENT_SUFFIXES = (".docx", ".md", ".markdown", ".txt")
# Opened on a newcomer's first start: the competitor-training prohibition, highlighted.
WELCOME_CLAUSE = "competitor-training-preferred"


class MainWindow(QMainWindow):
    """Wires the library dock, the editors and the inspector to the clause library.

    Signals:
        library_loaded(int): the library table was (re)filled with N clauses.
        clause_shown(str): the inspector shows clause KEY ("" for none).
        editor_opened(object): a ClauseEditor was opened.
        clause_saved(str): an editor's clause was saved (KEY).
        clause_changed(str): a clause was retired, restored or had a version restored.
        document_opened(object): a DocumentTab was opened.
    """

    library_loaded = Signal(int)
    clause_shown = Signal(str)
    editor_opened = Signal(object)
    clause_saved = Signal(str)
    clause_changed = Signal(str)
    document_opened = Signal(object)

    def __init__(
        self,
        library: ClauseLibrary | None,
        *,
        runner: BackgroundRunner,
        icons: IconSet,
        theme: ThemeController,
        settings: AppSettings,
        autosave_dir: Path,
        errors: ErrorHandler,
        rules_dir: Path | None = None,
        open_library: LibraryOpener | None = None,
    ) -> None:
        super().__init__()
        self._library = library
        self._scanning: Scanning | None = None
        self._runner = runner
        self._icons = icons
        self._theme = theme
        self._settings = settings
        self._errors = errors
        self._open_library = open_library
        self._rules_dir = rules_dir
        self._closing = False
        self.setAcceptDrops(True)  # two files dropped on the window are compared
        self._remember = True
        self.setObjectName("mainWindow")
        self.setWindowTitle(f"{APP_NAME}[*]")
        self.resize(1480, 900)
        self._build_docks()
        self.workspace = Workspace(icons)
        self.setCentralWidget(self.workspace)
        self.editing = EditorSessions(
            self,
            self.workspace,
            runner=runner,
            errors=errors,
            library=lambda: self.library,
            completions=self._completions,
            autosave_dir=autosave_dir,
        )
        self.reviews = ReviewDesk(
            self,
            self.workspace,
            runner=runner,
            icons=icons,
            theme=theme,
            library=lambda: self.library,
            scanning=lambda: self._scanning,
        )
        self.editing.page_snapshots = self._page_snapshots
        self.editing.differ = lambda: self.inspector.differ
        self.editing.theme = lambda: self._theme.theme
        self.editing.recover_page = self._recover_page
        self.commands = WindowActions(self, icons)
        self.toolbar = self.commands.build_toolbar()
        self.addToolBar(self.toolbar)
        self.recent_menu = self.commands.build_menus(self.menuBar(), self._settings.colour_scheme())
        self.recent_menu.aboutToShow.connect(self.fill_recent_menu)
        if self._settings.colour_scheme() != "system":
            self.set_colour_scheme(self._settings.colour_scheme())
        show_retired = self._settings.show_retired()
        self.commands.show_retired.setChecked(show_retired)
        self.library_panel.set_show_retired(show_retired)
        self.status = WorkStatusBar(icons)
        self.status.cancel_requested.connect(self._runner.cancel_long_work)
        self.setStatusBar(self.status)
        self._show_database()
        self._connect()
        self._on_theme_changed(theme.theme)

    # -- building ---------------------------------------------------------------------------

    def _build_docks(self) -> None:
        self.library_panel = LibraryPanel(self._library, self._runner, self._icons)
        self.library_dock = QDockWidget("Library", self)
        self.library_dock.setObjectName("libraryDock")
        self.library_dock.setWidget(self.library_panel)
        self.library_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.library_dock)
        self.inspector = Inspector()
        self.inspector_dock = QDockWidget("Inspector", self)
        self.inspector_dock.setObjectName("inspectorDock")
        self.inspector_dock.setWidget(self.inspector)
        self.inspector_dock.setFeatures(self.library_dock.features())
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inspector_dock)
        self._lay_out_docks()
        self.library_panel.table.setDragEnabled(True)  # clauses drag into a document's outline

    def _lay_out_docks(self) -> None:
        """The first-run split: a wide library, a narrower inspector, the editor between."""
        self.resizeDocks(
            [self.library_dock, self.inspector_dock], [640, 340], Qt.Orientation.Horizontal
        )

    def set_colour_scheme(self, value: str) -> None:
        """'system', 'light' or 'dark', remembered for the next start."""
        schemes = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}
        self._theme.set_scheme(schemes.get(value, Qt.ColorScheme.Unknown))
        self._settings.set_colour_scheme(value)

    def _connect(self) -> None:
        self.library_panel.clause_selected.connect(self._on_library_clause_selected)
        self.library_panel.clause_activated.connect(self.open_clause)
        self.library_panel.search_finished.connect(self._on_library_search_finished)
        self.inspector.restore_requested.connect(self._on_inspector_restore_requested)
        self.inspector.findings_panel.finding_activated.connect(
            self._on_inspector_finding_activated
        )
        self.workspace.current_editor_changed.connect(self._on_workspace_current_editor_changed)
        self.workspace.editor_modified_changed.connect(self._on_workspace_editor_modified)
        self.workspace.close_requested.connect(self.editing.close_editor)
        self.workspace.page_close_requested.connect(self.close_page)
        self.workspace.page_modified_changed.connect(self._on_workspace_editor_modified)
        self.editing.editor_opened.connect(self._on_editing_editor_opened)
        self.editing.clause_saved.connect(self._on_editing_clause_saved)
        self.editing.save_retrying.connect(self._on_editing_save_retrying)
        self.editing.status_changed.connect(self._on_editing_status_changed)
        self.editing.conflict_met.connect(self._on_editing_conflict_met)
        self.workspace.new_clause_requested.connect(self.new_clause)
        self._runner.long_work_changed.connect(self.status.show_long_work)
        self._theme.theme_changed.connect(self._on_theme_changed)
        self._update_actions()

    # -- start-up ---------------------------------------------------------------------------

    def start(self, *, remember: bool = True, welcome: bool = False) -> None:
        """Restore the saved layout, start autosave and load the library in the background.

        With ``remember=False`` (screenshots) the saved layout is neither read nor written and
        nothing is autosaved, so pictures are repeatable and the user's state is untouched.
        """
        self._remember = remember
        restored = remember and self._settings.restore_window(self, self._splitters())
        if not restored:
            self._lay_out_docks()
        if remember:
            self._settings.add_recent_database(self.library.database.url)
            self.autosave.start()
        first_run = welcome and remember and not restored
        self.reload_library(select_first=True, then=self._welcome if first_run else None)

    def _welcome(self) -> None:
        """A newcomer's first start: open the clause the product is about, highlighted."""
        if self.library_panel.model.row_of(WELCOME_CLAUSE) is not None:
            self.library_panel.select_clause(WELCOME_CLAUSE)
            self.open_clause(WELCOME_CLAUSE)

    @property
    def library(self) -> ClauseLibrary:
        if self._library is None:
            raise RuntimeError("the window has no library yet; call attach_library first")
        return self._library

    def attach_library(self, library: ClauseLibrary) -> None:
        """Give the window its library (start-up shows the window before opening it)."""
        self._library = library
        self.library_panel.set_library(library)
        self._show_database()

    def attach_scanning(self, scanning: Scanning) -> None:
        """Give the window the highlighting rules; the team's playbook, if the library has
        one, is added in the background. Open editors are scanned at once."""
        self._use_scanning(scanning)
        self._load_team_rules()

    def _use_scanning(self, scanning: Scanning) -> None:
        self._scanning = scanning
        for editor in self.workspace.editors():
            self._scan_editor(editor, editor.body())
        if self.inspector.clause is not None:
            self._scan_for_inspector(self.inspector.clause)

    def _load_team_rules(self) -> None:
        """Read the team's playbook from the library database and use it with the rules."""
        scanning, library = self._scanning, self._library
        if scanning is None or library is None:
            return
        from app.services.shared_playbook import TeamPlaybook, with_team_playbook

        playbook = TeamPlaybook(library.database, user=library.user)

        def loaded(team_scanning: Scanning) -> None:
            if self._scanning is not scanning:
                return  # the rules changed meanwhile; that change loads the playbook again
            if team_scanning.team is None and scanning.team is None:
                return  # no playbook before or now: nothing to rescan
            self._use_scanning(team_scanning)
            if team_scanning.team is not None:
                self.statusBar().showMessage(team_rules_message(team_scanning), 6000)

        self._runner.run(
            lambda: with_team_playbook(scanning, playbook), loaded, channel="team-playbook"
        )

    @property
    def errors(self) -> ErrorHandler:
        return self._errors

    @property
    def runner(self) -> BackgroundRunner:
        return self._runner

    def grab_after_start(self, png: str, open_key: str | None = None) -> bool:
        """Render the window once the library has loaded (``clausewright gui --screenshot``)."""
        self._runner.wait_until_idle()
        if open_key and self.library_panel.model.row_of(open_key) is None:
            if not self._open_document_now(open_key):
                print(
                    f"clausewright: error: no clause with key {open_key!r}"
                    f" and no document named {open_key!r}",
                    file=sys.stderr,
                )
                return False
        elif open_key:
            self.library_panel.select_clause(open_key)
            self.open_clause(open_key)
            self._runner.wait_until_idle()
            self._runner.wait_until_idle()
        QApplication.processEvents()
        return self.grab().save(png)

    def _open_document_now(self, name: str) -> bool:
        """Open a terms document and wait for its preview (screenshots)."""
        from app.domain.errors import NotFoundError

        try:
            document = self.drafting().get(name)
        except NotFoundError:
            return False
        self._add_document_tab(document)
        for _ in range(3):  # the tab's first preview, versions, then the scans they start
            self._runner.wait_until_idle()
        return True

    def _splitters(self) -> list[QSplitter]:
        return [self.library_panel.splitter, self.inspector.history_splitter]

    def reload_library(
        self, *, select_first: bool = False, then: Callable[[], None] | None = None
    ) -> None:
        library = self.library
        self.library_panel.empty_label.setText("Loading the library…")

        def load() -> tuple[list[ClauseSummary], dict[str, int]]:
            return library.list_clauses(include_retired=True), library.categories(
                include_retired=self.library_panel.proxy.show_retired
            )

        def loaded(result: tuple[list[ClauseSummary], dict[str, int]]) -> None:
            clauses, counts = result
            self.library_panel.set_clauses(clauses, counts)
            active = sum(counts.values())
            self.status.show_count(active)
            if select_first and not self.library_panel.current_key():
                self.library_panel.select_first()
            if then is not None:
                then()
            self.library_loaded.emit(len(clauses))

        self._runner.run(load, loaded, channel="library-list")

    def offer_recovery(self) -> None:
        self.editing.offer_recovery()

    # -- editors ----------------------------------------------------------------------------

    @property
    def autosave(self) -> Autosave:
        return self.editing.autosave

    def open_clause(self, key: str) -> None:
        self.editing.open_clause(key)

    def new_clause(self) -> ClauseEditor:
        return self.editing.new_clause()

    def save_current(self) -> None:
        if (editor := self.workspace.current_editor()) is not None:
            self.editing.save_editor(editor)
        elif (page := self.workspace.current_page()) is not None:
            self._save_page(page)

    def close_current(self) -> None:
        if (editor := self.workspace.current_editor()) is not None:
            self.editing.close_editor(editor)
        elif (page := self.workspace.current_page()) is not None:
            self.close_page(page)
        elif isinstance(review := self.workspace.tabs.currentWidget(), ReviewTab):
            self.reviews.close_tab(review)  # asks about unsaved decisions first

    def close_page(self, page: WorkspacePage) -> bool:
        """Close a comparison or a document; unsaved document edits get Save/Discard/Cancel."""
        if page.is_modified():
            choice = UnsavedChangesDialog.ask(self, [page.display_title()])
            if choice is Choice.CANCEL:
                return False
            if choice is Choice.SAVE:
                self._save_page(page, then=lambda: self.workspace.remove_page(page))
                return True
        self.workspace.remove_page(page)
        self.autosave.write_now()
        return True

    def _save_page(self, page: WorkspacePage, then: Callable[[], None] | None = None) -> None:
        from app.ui.document_tab import DocumentTab

        if isinstance(page, DocumentTab):
            page.save(then)

    def _save_pages(self, pages: list[WorkspacePage], then: Callable[[], None]) -> None:
        """Save one document after the other; ``then`` runs when all are saved."""
        pending = list(pages)

        def next_save() -> None:
            if pending:
                self._save_page(pending.pop(0), then=next_save)
            else:
                then()

        next_save()

    # -- terms documents --------------------------------------------------------------------

    def drafting(self) -> Drafting:
        from app.services.drafting import Drafting

        library = self.library
        return Drafting(library.database, user=library.user)

    def choose_document(self) -> None:
        """Documents > Open Document…: pick one of the library's terms documents."""
        from app.ui.document_tab import DocumentPickDialog

        drafting = self.drafting()

        def listed(documents: list[DocumentSummary]) -> None:
            name = DocumentPickDialog.ask(self, documents)
            if name:
                self.open_document(name)

        self._runner.run(drafting.list_documents, listed)

    def open_document(self, name: str) -> None:
        from app.ui.document_tab import DocumentTab

        for page in self.workspace.pages():
            if isinstance(page, DocumentTab) and page.document.name == name:
                self.workspace.show_page(page)
                return
        drafting = self.drafting()
        self._runner.run(lambda: drafting.get(name), self._on_document_fetched)

    def _page_snapshots(self) -> dict[str, dict[str, Any]]:
        from app.ui.document_tab import DocumentTab

        return {
            f"document-{page.document.name}": page.snapshot()
            for page in self.workspace.modified_pages()
            if isinstance(page, DocumentTab)
        }

    def _recover_page(self, snapshot: dict[str, Any]) -> bool:
        """Reopen a terms document with the edits a crashed session had not saved."""
        if snapshot.get("kind") != "document":
            return False
        from app.domain.errors import NotFoundError
        from app.domain.terms import document_from_data

        recovered = document_from_data(snapshot["definition"])
        try:
            document, is_new = self.drafting().get(recovered.name), False
        except NotFoundError:
            document, is_new = replace(recovered, outline=()), True
        self._add_document_tab(document, is_new=is_new).apply_snapshot(snapshot)
        return True

    def _on_document_fetched(self, document: TermsDocument) -> None:
        self._add_document_tab(document)

    def new_document(self) -> None:
        from app.ui.document_tab import NewDocumentDialog

        document = NewDocumentDialog.ask(self)
        if document is not None:
            self._add_document_tab(document, is_new=True)

    def _add_document_tab(self, document: TermsDocument, *, is_new: bool = False) -> DocumentTab:
        from app.ui.document_tab import DocumentTab

        scanning = self._scanning
        tab = DocumentTab(
            document,
            drafting=self.drafting(),
            runner=self._runner,
            scan=scanning.scan_clauses if scanning is not None else None,
            theme=self._theme.theme,
            selected_clause=self.library_panel.current_key,
            clause_titles=lambda: {c.key: c.title for c in self.library_panel.model.all_clauses()},
            is_new=is_new,
        )
        tab.comparison_requested.connect(self.open_comparison)
        tab.document_saved.connect(
            lambda d: self.statusBar().showMessage(f"Saved “{d.title}”", 5000)
        )
        self.workspace.add_page(tab)
        if self.workspace.width() < 1000:  # outline, form and preview need the room
            self.resizeDocks(
                [self.library_dock, self.inspector_dock], [380, 300], Qt.Orientation.Horizontal
            )
        self.document_opened.emit(tab)
        return tab

    # -- comparisons ------------------------------------------------------------------------

    def compare_documents(self) -> None:
        """File > Compare Documents…: pick the old and the new file."""
        from app.ui.compare_tab import ComparePickDialog, files_request

        picked = ComparePickDialog.ask(self)
        if picked is not None:
            self.open_comparison(files_request(*picked))

    def open_comparison(self, request: CompareRequest) -> CompareTab:
        from app.services.comparing import Comparing
        from app.ui.compare_tab import CompareTab

        tab = CompareTab(
            request,
            runner=self._runner,
            comparing=Comparing(),
            scanner=self._scanning,
            theme=self._theme.theme,
            report_error=self._errors.report,
        )
        self.workspace.add_page(tab)
        return tab

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if len(_dropped_documents(event.mimeData().urls())) == 2:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        from app.ui.compare_tab import files_request

        paths = _dropped_documents(event.mimeData().urls())
        if len(paths) == 2:
            event.acceptProposedAction()
            self.open_comparison(files_request(paths[0], paths[1]))

    def _completions(self) -> tuple[list[str], list[str]]:
        summaries = self.library_panel.model.all_clauses()
        return [s.category for s in summaries if s.category], [s.type for s in summaries]

    def _on_editing_editor_opened(self, editor: ClauseEditor) -> None:
        editor.findings.set_dark(self._theme.theme.is_dark)
        editor.wording_settled.connect(lambda wording: self._scan_editor(editor, wording))
        self._scan_editor(editor, editor.body())
        self.editor_opened.emit(editor)

    def _on_editing_clause_saved(self, clause: Clause) -> None:
        self.statusBar().showMessage(f"Saved “{clause.title}” as version {clause.version}", 5000)
        self.reload_library()
        self.library_panel.select_clause(clause.key)
        self._show_in_inspector(clause.key)
        self.clause_saved.emit(clause.key)

    def _on_editing_save_retrying(self, title: str, attempt: int, attempts: int) -> None:
        self.statusBar().showMessage(
            f"Connection lost while saving “{title}”, retrying… (attempt {attempt} of {attempts})"
        )

    def _on_editing_conflict_met(self, theirs: Clause) -> None:
        self.reload_library()
        if self.library_panel.current_key() == theirs.key:
            self._show_in_inspector(theirs.key)

    def _on_editing_status_changed(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    # -- library actions --------------------------------------------------------------------

    def _selected_key(self) -> str:
        key = self.library_panel.current_key()
        if not key and (editor := self.workspace.current_editor()) is not None:
            key = editor.key or ""
        return key

    def open_selected(self) -> None:
        if key := self.library_panel.current_key():
            self.open_clause(key)

    def duplicate_selected(self) -> None:
        key = self._selected_key()
        if not key:
            return
        library = self.library

        def duplicated(clause: Clause) -> None:
            self.reload_library()
            self.editing.add_editor(clause)
            self.clause_changed.emit(clause.key)

        self._runner.run(lambda: library.duplicate(key), duplicated)

    def retire_selected(self) -> None:
        if key := self._selected_key():
            library = self.library
            self._run_change(lambda: library.retire(key), "Retired “{title}”")

    def restore_selected(self) -> None:
        if key := self._selected_key():
            library = self.library
            self._run_change(lambda: library.restore(key), "Restored “{title}” as a draft")

    def _on_inspector_restore_requested(self, key: str, number: int) -> None:
        library = self.library
        self._run_change(
            lambda: library.restore_version(key, number),
            f"Restored version {number} of “{{title}}” as a new version",
        )

    def _run_change(self, change: Callable[[], Clause], message: str) -> None:
        def changed(clause: Clause) -> None:
            self.statusBar().showMessage(message.format(title=clause.title), 5000)
            editor = self.workspace.editor_for(clause.key)
            if editor is not None and not editor.is_modified():
                editor.reload(clause)
            self.reload_library()
            self._show_in_inspector(clause.key)
            self.clause_changed.emit(clause.key)

        self._runner.run(change, changed)

    # -- inspector --------------------------------------------------------------------------

    def _show_in_inspector(self, key: str) -> None:
        if not key:
            self.inspector.show_clause(None, [])
            self.clause_shown.emit("")
            return
        library = self.library

        def fetch() -> tuple[Clause, list[ClauseVersion], list[ClauseChange]]:
            return library.get(key), library.history(key), library.changes(key)

        def fetched(result: tuple[Clause, list[ClauseVersion], list[ClauseChange]]) -> None:
            self.inspector.show_clause(*result)
            self._scan_for_inspector(result[0])
            self.clause_shown.emit(key)

        self._runner.run(fetch, fetched, channel="inspector")

    # -- findings ---------------------------------------------------------------------------

    def _scan_editor(self, editor: ClauseEditor, wording: str) -> None:
        scanning = self._scanning
        if scanning is None:
            return

        def scanned(findings: list[Finding]) -> None:
            if editor not in self.workspace.editors():
                return  # closed meanwhile
            editor.show_findings(wording, findings)
            if self.workspace.current_editor() is editor and wording == editor.body():
                self.inspector.show_findings(findings)

        slot = self.editing.slot_of(editor)
        self._runner.run(lambda: scanning.scan_text(wording), scanned, channel=f"scan-{slot}")

    def _scan_for_inspector(self, clause: Clause) -> None:
        editor = self.workspace.current_editor()
        if editor is not None and editor.key == clause.key:
            self.inspector.show_findings(editor.findings.findings())
            return
        scanning = self._scanning
        if scanning is None:
            return
        body = clause.body

        def scanned(findings: list[Finding]) -> None:
            shown = self.inspector.clause
            if shown is not None and shown.key == clause.key:
                self.inspector.show_findings(findings)

        self._runner.run(lambda: scanning.scan_text(body), scanned, channel="inspector-scan")

    def edit_rules(self) -> None:
        if self._scanning is None or self._rules_dir is None:
            self.statusBar().showMessage("The highlighting rules are still loading.", 4000)
            return
        from app.services.shared_playbook import TeamPlaybook
        from app.ui.rules_dialog import RulesDialog  # loaded on demand

        library = self.library
        team = TeamPlaybook(library.database, user=library.user)
        scanning = RulesDialog.ask(self, self._scanning, self._rules_dir, team=team)
        if scanning is not None:
            self._use_scanning(scanning)
            self._load_team_rules()  # the newest playbook, even if it loaded meanwhile

    def _on_inspector_finding_activated(self, finding: Finding) -> None:
        editor = self.workspace.current_editor()
        shown = self.inspector.clause
        if editor is not None and (shown is None or editor.key == shown.key):
            editor.jump_to(finding)
        elif shown is not None:
            self.open_clause(shown.key)

    # -- handlers ---------------------------------------------------------------------------

    def focus_library(self) -> None:
        self.library_dock.show()
        self.library_panel.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_editor(self) -> None:
        editor = self.workspace.current_editor()
        if editor is not None:
            editor.body_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_inspector(self) -> None:
        self.inspector_dock.show()
        self.inspector.tabBar().setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _on_library_clause_selected(self, key: str) -> None:
        self._show_in_inspector(key)
        self._update_actions()

    def _on_library_search_finished(self, rows: int) -> None:
        query = self.library_panel.search_box.text().strip()
        if not query:
            return
        message = f"{rows:,} clauses match “{query}”"
        if self.library_panel.results_were_limited():
            message += f" (the {SEARCH_LIMIT} best wording matches, and every title match)"
        self.statusBar().showMessage(message, 6000)

    def _on_workspace_current_editor_changed(self, editor: ClauseEditor | None) -> None:
        if editor is not None and editor.key:
            self.library_panel.select_clause(editor.key)
        if editor is not None:
            self.inspector.show_findings(editor.findings.findings())
        self._update_title()
        self._update_actions()

    def _on_workspace_editor_modified(self, _editor: ClauseEditor, _modified: bool) -> None:
        self._update_title()
        self._update_actions()

    def toggle_show_retired(self) -> None:
        show = self.commands.show_retired.isChecked()
        self._settings.set_show_retired(show)
        self.library_panel.set_show_retired(show)
        self.reload_library()

    def _on_theme_changed(self, theme: Theme) -> None:
        self.inspector.set_theme(theme)
        for page in self.workspace.pages():
            page.set_theme(theme)
        for editor in self.workspace.editors():
            editor.findings.set_dark(theme.is_dark)
        self.library_panel.model.set_risk_colours(
            {risk: QColor(theme.risk_colour(risk.value)) for risk in Risk}
        )

    def _update_title(self) -> None:
        editor: ClauseEditor | WorkspacePage | None = self.workspace.current_editor()
        editor = editor or self.workspace.current_page()
        if editor is None:
            self.setWindowTitle(f"{APP_NAME}[*]")
            self.setWindowModified(False)
            return
        self.setWindowTitle(f"{editor.display_title()}[*] — {APP_NAME}")
        self.setWindowModified(editor.is_modified())

    def _update_actions(self) -> None:
        editor = self.workspace.current_editor()
        has_key = bool(self._selected_key())
        self.commands.save.setEnabled(
            editor is not None or self.workspace.current_page() is not None
        )
        self.commands.close_tab.setEnabled(self.workspace.tabs.count() > 0)
        for action in (
            self.commands.duplicate,
            self.commands.retire,
            self.commands.restore,
            self.commands.open_clause,
        ):
            action.setEnabled(has_key)

    def _show_database(self) -> None:
        library = self._library
        self.status.show_database(None if library is None else library.database.describe())

    # -- databases --------------------------------------------------------------------------

    def choose_database(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Open Clause Library", "", "Clause libraries (*.db *.sqlite);;All files (*)"
        )
        if path:
            self.switch_database(f"sqlite:///{path}")

    def connect_team_library(self) -> None:
        from app.ui.connect_dialog import ConnectDialog  # loads the server client on demand

        current = self.library.database.url if not self.library.database.is_sqlite else None
        url = ConnectDialog.ask(self, current)
        if url:
            self.switch_database(url)

    def fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for url in self._settings.recent_databases():
            action = self.recent_menu.addAction(url)
            action.triggered.connect(lambda _checked=False, u=url: self.switch_database(u))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("No recent databases").setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear List", self._settings.clear_recent_databases)

    def switch_database(self, url: str) -> None:
        """Close every editor (asking about unsaved edits), then open another library."""
        if self._open_library is None or not self.editing.close_all():
            return
        try:
            library = self._open_library(url)
        except Exception as exc:
            self._errors.report(exc)
            return
        self._runner.wait_until_idle()
        old = self.library
        self.attach_library(library)
        old.database.dispose()
        self._settings.add_recent_database(url)
        self.inspector.show_clause(None, [])
        self.reload_library(select_first=True)
        self._load_team_rules()  # the new library's playbook, or none

    # -- closing ----------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        modified = self.workspace.modified_editors()
        pages = self.workspace.modified_pages()
        if (modified or pages) and not self._closing:
            titles = [e.display_title() for e in modified] + [p.display_title() for p in pages]
            choice = UnsavedChangesDialog.ask(self, titles)
            if choice is Choice.CANCEL:
                event.ignore()
                return
            if choice is Choice.SAVE:
                event.ignore()
                self._save_pages(
                    pages, then=lambda: self.editing.save_all(modified, self._close_after_saving)
                )
                return
        if self._remember:
            self._settings.save_window(self, self._splitters())
            self.autosave.stop()
        self._runner.shutdown()
        event.accept()

    def _close_after_saving(self) -> None:
        self._closing = True
        self.close()


def team_rules_message(scanning: Scanning) -> str:
    """The status bar's note that the team's playbook is in use, and whose it is."""
    team = scanning.team
    if team is None:
        return ""
    stored = team.playbook
    when = stored.updated_at.astimezone()
    count = len(team.rules.rules)
    return (
        f"Using the team playbook: {count} team rule{'s' if count != 1 else ''}, published by "
        f"{stored.updated_by} on {when.day} {when:%b %Y}"
    )


def _dropped_documents(urls: list[QUrl]) -> list[Path]:
    """The local .docx, .md and .txt files among dropped URLs (two of them are compared)."""
    paths = [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]
    return [p for p in paths if p.suffix.lower() in DOCUMENT_SUFFIXES and p.is_file()]
