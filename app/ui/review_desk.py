"""The window's reviews: start one (menu, shortcut or a dropped file), run it in the
background, show it in a tab, save it, reopen it from the saved reviews, and export it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMainWindow, QTabBar, QToolButton

from app.domain.errors import InvalidInputError
from app.ui.background import BackgroundRunner, TaskContext
from app.ui.dialogs import Choice, UnsavedChangesDialog
from app.ui.icons import IconSet
from app.ui.review_dialog import (
    REVIEWABLE_SUFFIXES,
    ExportPathDialog,
    ReviewRequest,
    StandardChoice,
    StartReviewDialog,
)
from app.ui.review_tab import ReviewState, ReviewTab
from app.ui.reviews_panel import ReviewsPanel
from app.ui.theme import Theme, ThemeController
from app.ui.workspace import MODIFIED_MARK, Workspace

if TYPE_CHECKING:  # the services load after the window shows
    from app.domain.review import Review
    from app.services.clause_library import ClauseLibrary
    from app.services.drafting import Drafting
    from app.services.reviewing import Reviewing
    from app.services.scanning import Scanning

REVIEW_STEPS = 4
# The suggested file name of each export: the contract's stem, this suffix and extension.
EXPORT_NAMES = {
    "report": "review.docx",
    "html": "review.html",
    "redline": "redline.docx",
    "reply": "reply.docx",
}


def dropped_contract(event: QDragEnterEvent | QDropEvent) -> Path | None:
    """The one local .docx/.md/.txt file being dragged, if that is what it is."""
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    path = Path(urls[0].toLocalFile())
    return path if path.suffix.lower() in REVIEWABLE_SUFFIXES else None


class ReviewDesk(QObject):
    """Everything the window does with reviews; each heavy step runs on the background runner.

    Signals:
        review_opened(object): a ReviewTab was added to the workspace.
        review_saved(int): a review was saved (its id).
        review_exported(str, object): an export of KIND was written to PATH.
    """

    review_opened = Signal(object)
    review_saved = Signal(int)
    review_exported = Signal(str, object)

    def __init__(
        self,
        window: QMainWindow,
        workspace: Workspace,
        *,
        runner: BackgroundRunner,
        icons: IconSet,
        theme: ThemeController,
        library: Callable[[], ClauseLibrary],
        scanning: Callable[[], Scanning | None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._workspace = workspace
        self._runner = runner
        self._icons = icons
        self._theme = theme
        self._library = library
        self._scanning = scanning
        self.panel: ReviewsPanel | None = None
        self._closing = False
        theme.theme_changed.connect(self._on_theme_changed)
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    # -- starting ---------------------------------------------------------------------------

    def start_review(self, contract: str = "") -> None:
        """Ask what to review (after listing the library's standards), then review it."""
        library = self._library()

        def standards() -> list[StandardChoice]:
            from app.services.drafting import Drafting

            return standard_choices(Drafting(library.database))

        def listed(choices: list[StandardChoice]) -> None:
            request = StartReviewDialog.ask(self._window, choices, contract)
            if request is not None:
                self.run_review(request)

        self._runner.run(standards, listed, channel="review-standards")

    def run_review(self, request: ReviewRequest) -> None:
        reviewing = self._reviewing()
        if reviewing is None:
            return
        library = self._library()

        def work(context: TaskContext) -> ReviewState:
            from app.services.documents_io import load_document

            context.report(0, REVIEW_STEPS)
            contract = load_document(request.contract)
            context.check()
            context.report(1, REVIEW_STEPS)
            standard = reviewing.standard(request.standard)
            context.check()
            context.report(2, REVIEW_STEPS)
            review = reviewing.review(contract, standard, customer=request.customer)
            context.check()
            context.report(3, REVIEW_STEPS)
            return ReviewState(review, request.customer, wordings=_wordings(library, review))

        self._runner.run_with_context(
            work,
            self._open_tab,
            channel="review",
            label=f"Reviewing {request.contract.name}…",
        )

    def _reviewing(self, *, rules: bool = True) -> Reviewing | None:
        """The service over the window's library; with ``rules``, also its detection rules
        (None, with a message, while they are still loading)."""
        scanning = self._scanning()
        if rules and scanning is None:
            self._window.statusBar().showMessage("The highlighting rules are still loading.", 4000)
            return None
        from app.services.reviewing import Reviewing

        library = self._library()
        return Reviewing(scanning, library=lambda: library)

    # -- tabs -------------------------------------------------------------------------------

    def _open_tab(self, state: ReviewState) -> None:
        tab = ReviewTab(state)
        tab.set_theme(self._theme.theme)
        tabs = self._workspace.tabs
        index = tabs.addTab(tab, self._icons.icon("findings"), tab.title())
        tabs.tabBar().setTabButton(index, QTabBar.ButtonPosition.RightSide, self._close(tab))
        tabs.setTabToolTip(index, f"{state.review.contract} against {state.review.standard}")
        tab.save_requested.connect(lambda: self.save(tab))
        tab.export_requested.connect(lambda kind: self.export(tab, kind))
        tab.modified_changed.connect(lambda _m: self._update_tab(tab))
        self._workspace.setCurrentWidget(tabs)
        tabs.setCurrentWidget(tab)
        tab.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.review_opened.emit(tab)

    def _close(self, tab: ReviewTab) -> QToolButton:
        button = QToolButton()
        button.setIcon(self._icons.icon("close"))
        button.setAutoRaise(True)
        button.setToolTip("Close the review")
        button.setAccessibleName("Close this review")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda: self.close_tab(tab))
        return button

    def tabs(self) -> list[ReviewTab]:
        tabs = self._workspace.tabs
        found = [tabs.widget(i) for i in range(tabs.count())]
        return [t for t in found if isinstance(t, ReviewTab)]

    def close_tab(self, tab: ReviewTab) -> None:
        if tab.is_modified():
            choice = UnsavedChangesDialog.ask(self._window, [tab.title()])
            if choice is Choice.CANCEL:
                return
            if choice is Choice.SAVE:
                self.save(tab, then=lambda: self._remove(tab))
                return
        self._remove(tab)

    def _remove(self, tab: ReviewTab) -> None:
        tabs = self._workspace.tabs
        index = tabs.indexOf(tab)
        if index >= 0:
            tabs.removeTab(index)
        tab.deleteLater()
        if tabs.count() == 0:
            self._workspace.setCurrentIndex(0)

    def _update_tab(self, tab: ReviewTab) -> None:
        index = self._workspace.tabs.indexOf(tab)
        if index >= 0:
            mark = MODIFIED_MARK if tab.is_modified() else ""
            self._workspace.tabs.setTabText(index, tab.title() + mark)

    def _on_theme_changed(self, theme: Theme) -> None:
        for tab in self.tabs():
            tab.set_theme(theme)

    # -- saving and reopening ---------------------------------------------------------------

    def save(self, tab: ReviewTab, then: Callable[[], None] | None = None) -> None:
        """Save the review (the first time) or its notes and decisions (after that)."""
        reviewing = self._reviewing(rules=False)
        if reviewing is None:
            return
        state = tab.state
        notes = state.notes()

        def work() -> int:
            if state.saved_id is None:
                return reviewing.save(state.review, customer=state.customer, notes=notes).id
            return reviewing.update_notes(state.saved_id, notes).id

        def saved(review_id: int) -> None:
            state.saved_id = review_id
            tab.set_modified(False)
            self._window.statusBar().showMessage(f"Saved the review of {state.customer}", 5000)
            if self.panel is not None and self.panel.isVisible():
                self.show_saved_reviews()
            self.review_saved.emit(review_id)
            if then is not None:
                then()

        self._runner.run(work, saved)

    def show_saved_reviews(self) -> ReviewsPanel:
        """Show the saved reviews (refreshed in the background)."""
        if self.panel is None:
            self.panel = ReviewsPanel(self._window)
            self.panel.reopen_requested.connect(self.reopen)
        panel = self.panel
        reviewing = self._reviewing(rules=False)
        if panel.isVisible():
            panel.raise_()  # already open behind the window: bring it forward
        panel.show()
        if reviewing is not None:
            self._runner.run(reviewing.reviews, panel.set_reviews, channel="saved-reviews")
        return panel

    def reopen(self, review_id: int) -> None:
        """A saved review in a tab, run again from its files so a reply can be written; if
        the files are gone, the saved result (without a reply)."""
        for tab in self.tabs():
            if tab.state.saved_id == review_id:
                self._workspace.tabs.setCurrentWidget(tab)
                return
        reviewing = self._reviewing()
        if reviewing is None:
            return
        library = self._library()

        def work(context: TaskContext) -> ReviewState:
            saved = reviewing.open(review_id)
            context.check()
            warning = ""
            try:
                review = reviewing.reopen(saved)
            except InvalidInputError as exc:
                review = saved.review
                warning = f"Shown as saved: {exc}. A reply needs the customer's file."
            decisions = {n.clause: n for n in saved.notes if n.clause < len(review.clauses)}
            return ReviewState(
                review,
                saved.customer,
                decisions,
                saved_id=saved.id,
                wordings=_wordings(library, review),
                warning=warning,
            )

        self._runner.run_with_context(
            work, self._open_tab, channel="review", label="Reopening the review…"
        )

    # -- exports ----------------------------------------------------------------------------

    def export(self, tab: ReviewTab, kind: str) -> None:
        state = tab.state
        stem = Path(state.review.contract).stem
        path = ExportPathDialog.ask(
            self._window, tab.export_buttons[kind].text(), f"{stem}-{EXPORT_NAMES[kind]}"
        )
        if path is None:
            return
        reviewing = self._reviewing(rules=False)
        if reviewing is None:
            return
        author = self._library().user
        notes = state.notes()

        def work() -> Path:
            from app.services import reviewing as service

            if kind == "report":
                service.write_review_report(state.review, path, notes)
            elif kind == "html":
                from app.services.review_html import write_review_html

                write_review_html(state.review, path, notes)
            elif kind == "redline":
                service.write_review_redline(state.review, path, author=author)
            else:
                # The reply acts on the decided clauses only; notes alone stay out of it.
                service.write_reply(reviewing, state.review, notes, path, author=author)
            return path

        def written(done: Path) -> None:
            self._window.statusBar().showMessage(f"Wrote {done}", 6000)
            self.review_exported.emit(kind, done)

        self._runner.run_with_context(lambda _c: work(), written, label=f"Writing {path.name}…")

    # -- dropping a contract on the window --------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self._window:
            return False
        if event.type() == QEvent.Type.Close:
            return self._on_window_closing(event)
        if isinstance(event, QDragEnterEvent | QDropEvent) and event.type() in (
            QEvent.Type.DragEnter,
            QEvent.Type.DragMove,
            QEvent.Type.Drop,
        ):
            path = dropped_contract(event)
            if path is None:
                return False  # not one contract: the window's own drop handling decides
            event.acceptProposedAction()
            if event.type() == QEvent.Type.Drop:
                self.start_review(str(path))
            return True
        return False

    def _on_window_closing(self, event: QEvent) -> bool:
        """Ask about reviews with unsaved decisions or notes; True stops the closing."""
        modified = [t for t in self.tabs() if t.is_modified()]
        if self._closing or not modified:
            return False
        choice = UnsavedChangesDialog.ask(self._window, [t.title() for t in modified])
        if choice is Choice.DISCARD:
            return False
        event.ignore()
        if choice is Choice.SAVE:
            self._save_all(modified, then=self._close_window)
        return True

    def _save_all(self, tabs: list[ReviewTab], then: Callable[[], None]) -> None:
        if not tabs:
            then()
            return
        self.save(tabs[0], then=lambda: self._save_all(tabs[1:], then))

    def _close_window(self) -> None:
        self._closing = True
        if not self._window.close():
            self._closing = False  # an editor's question was cancelled: the window stays


def standard_choices(drafting: Drafting) -> list[StandardChoice]:
    """Each library terms document: its latest saved version (or else its working draft),
    then each saved version, newest first."""
    choices = []
    for document in drafting.list_documents():
        name = document.name
        versions = drafting.versions(name) if document.versions else []
        latest = f" (latest: version {versions[-1].number})" if versions else " (working draft)"
        choices.append(StandardChoice(f"{document.title}{latest}", f"doc:{name}"))
        for version in reversed(versions):
            label = f"{document.title} — version {version.number} “{version.label}”"
            choices.append(StandardChoice(label, f"doc:{name}@{version.number}"))
    return choices


def _wordings(library: ClauseLibrary, review: Review) -> dict[str, str]:
    """The wording of every library position offered for a deviating clause, its variables
    filled from the standard."""
    from app.services.reviewing import fill_variables

    keys = {p.key for k in review.deviations() for p in review.clauses[k].library_positions}
    values, references = dict(review.values), dict(review.references)
    return {key: fill_variables(library.get(key).body, values, references) for key in keys}
