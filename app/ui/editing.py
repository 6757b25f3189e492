"""Clause editors' lifecycle: open, new, save with a reason, close, autosave and recovery."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.diffing.merge import has_overlap_marks
from app.domain.clause import Clause, ClauseMetadata
from app.domain.errors import ConflictError, ConnectionLostError, InvalidInputError, NotFoundError
from app.ui.autosave import Autosave, RecoveredEdit
from app.ui.background import BackgroundRunner
from app.ui.clause_editor import ClauseEditor
from app.ui.conflict_dialog import ConflictChoice, ConflictDialog
from app.ui.dialogs import (
    Choice,
    ConnectionLostDialog,
    ReasonDialog,
    RecoveryDialog,
    UnsavedChangesDialog,
)
from app.ui.error_handler import ErrorHandler
from app.ui.redline_view import Differ, word_changes
from app.ui.save_retries import RETRY_DELAYS, save_with_retries
from app.ui.theme import LIGHT, Theme
from app.ui.workspace import Workspace

if TYPE_CHECKING:
    from app.services.clause_library import ClauseLibrary, SaveConflict

LibraryGetter = Callable[[], "ClauseLibrary"]
Completions = Callable[[], tuple[list[str], list[str]]]  # categories, clause types


@dataclass(frozen=True)
class SaveRequest:
    """One save as plain data for the worker: the edit and the lock it was started under."""

    key: str | None
    lock: int | None
    meta: ClauseMetadata
    body: str
    reason: str
    base: Clause | None  # the saved clause the edit started from

    def matches(self, editor: ClauseEditor) -> bool:
        """Whether the editor still shows exactly what was saved (no typing meanwhile)."""
        try:
            return editor.body() == self.body and editor.current_meta() == self.meta
        except InvalidInputError:
            return False


class EditorSessions(QObject):
    """Everything that happens to an editor between opening and closing it.

    Signals:
        editor_opened(object): a ClauseEditor was added to the workspace.
        clause_saved(object): an editor's clause was saved (the saved Clause).
        save_retrying(str, int, int): the connection dropped while saving clause TITLE;
            attempt N of M follows (emitted from the worker: connect a QObject's method).
        status_changed(str): a message for the status bar.
        conflict_met(object): a save met someone else's newer save (their Clause).
    """

    editor_opened = Signal(object)
    clause_saved = Signal(object)
    save_retrying = Signal(str, int, int)
    status_changed = Signal(str)
    conflict_met = Signal(object)

    def __init__(
        self,
        window: QWidget,
        workspace: Workspace,
        *,
        runner: BackgroundRunner,
        errors: ErrorHandler,
        library: LibraryGetter,
        completions: Completions,
        autosave_dir: Path,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._workspace = workspace
        self._runner = runner
        self._errors = errors
        self._library = library
        self._completions = completions
        self._slots: dict[int, int] = {}
        self._next_slot = 1
        # Other pages with unsaved edits (terms documents) autosave and recover through these.
        self.page_snapshots: Callable[[], dict[str, dict[str, Any]]] = dict
        self.recover_page: Callable[[dict[str, Any]], bool] = lambda _snapshot: False
        self.autosave = Autosave(autosave_dir, self._snapshots)
        self.retry_delays: Sequence[float] = RETRY_DELAYS
        self.differ: Callable[[], Differ] = lambda: word_changes  # the window's diff engine
        self.theme: Callable[[], Theme] = lambda: LIGHT  # the window's colours, for redlines

    # -- opening ----------------------------------------------------------------------------

    def add_editor(self, clause: Clause | None) -> ClauseEditor:
        categories, types = self._completions()
        editor = ClauseEditor(clause, categories=categories, types=types)
        self._slots[id(editor)] = self._next_slot
        self._next_slot += 1
        self._workspace.add_editor(editor)
        editor.body_edit.setFocus()
        self.editor_opened.emit(editor)
        return editor

    def slot_of(self, editor: ClauseEditor) -> int:
        """A number that stays with the editor while it is open (autosave file, scan channel)."""
        return self._slots.get(id(editor), 0)

    def open_clause(self, key: str) -> None:
        existing = self._workspace.editor_for(key)
        if existing is not None:
            self._workspace.show_editor(existing)
            return
        library = self._library()
        self._runner.run(lambda: library.get(key), self._on_clause_fetched)

    def _on_clause_fetched(self, clause: Clause) -> None:
        existing = self._workspace.editor_for(clause.key)
        if existing is not None:
            self._workspace.show_editor(existing)
        else:
            self.add_editor(clause)

    def new_clause(self) -> ClauseEditor:
        editor = self.add_editor(None)
        editor.title_edit.setFocus()
        editor.title_edit.selectAll()
        return editor

    # -- saving -----------------------------------------------------------------------------

    def save_editor(self, editor: ClauseEditor, then: Callable[[], None] | None = None) -> bool:
        """Ask for the reason, then save in the background; ``then`` runs after success.

        False when nothing is being saved (the user cancelled, or a field is invalid).
        """
        if not editor.is_modified() and editor.key is not None:
            if then:
                then()
            return True
        try:
            _check_overlaps_resolved(editor.body())  # before asking why: it cannot be saved
        except InvalidInputError as exc:
            self._errors.report(exc)
            return False
        reason = ReasonDialog.ask(
            self._window, editor.display_title(), "Created" if editor.key is None else ""
        )
        if reason is None:
            return False
        try:
            meta, body = editor.current_meta(), editor.body()
        except InvalidInputError as exc:
            self._errors.report(exc)
            return False
        request = SaveRequest(editor.key, editor.lock_version, meta, body, reason, editor.clause)
        self._start_save(editor, request, then)
        return True

    def _start_save(
        self, editor: ClauseEditor, request: SaveRequest, then: Callable[[], None] | None
    ) -> None:
        library, delays = self._library(), tuple(self.retry_delays)
        title = editor.display_title()

        def retrying(attempt: int) -> None:  # worker thread: a queued signal carries it over
            self.save_retrying.emit(title, attempt, len(delays) + 1)

        self._runner.run(
            lambda: run_save(library, request, delays=delays, on_retry=retrying),
            lambda outcome: self._on_save_finished(editor, request, outcome, then),
            on_error=lambda exc: self._on_save_failed(editor, request, exc, then),
        )

    def save_all(self, editors: list[ClauseEditor], then: Callable[[], None]) -> None:
        """Save one editor after the other; ``then`` runs when all are saved."""
        pending = list(editors)

        def next_save() -> None:
            if not pending:
                then()
                return
            self.save_editor(pending.pop(0), then=next_save)  # a cancelled reason stops here

        next_save()

    def _on_save_finished(
        self,
        editor: ClauseEditor,
        request: SaveRequest,
        outcome: Clause | SaveConflict,
        then: Callable[[], None] | None,
    ) -> None:
        if not isinstance(outcome, Clause):  # a SaveConflict (the services load lazily)
            if editor in self._workspace.editors():  # not closed meanwhile
                self._resolve_conflict(editor, request, outcome, then)
            return
        editor.mark_saved(outcome, still_modified=not request.matches(editor))
        self.clause_saved.emit(outcome)
        if then:
            then()

    def _on_save_failed(
        self,
        editor: ClauseEditor,
        request: SaveRequest,
        exc: BaseException,
        then: Callable[[], None] | None,
    ) -> None:
        if isinstance(exc, ConnectionLostError) and editor in self._workspace.editors():
            if ConnectionLostDialog.ask(self._window, editor.display_title(), str(exc)):
                self._start_save(editor, request, then)
            return
        self._errors.report(exc)

    # -- conflicts --------------------------------------------------------------------------

    def _resolve_conflict(
        self,
        editor: ClauseEditor,
        request: SaveRequest,
        conflict: SaveConflict,
        then: Callable[[], None] | None,
    ) -> None:
        """Someone saved first: show both wordings and do what the user chooses."""
        self.conflict_met.emit(conflict.theirs)  # the library and inspector show theirs
        choice = ConflictDialog.ask(
            self._window,
            conflict,
            request.body,
            request.meta,
            differ=self.differ(),
            theme=self.theme(),
        )
        theirs = conflict.theirs
        if choice is ConflictChoice.MERGE:
            editor.rebase(theirs, conflict.merged_body)
            self._workspace.show_editor(editor)
            self.status_changed.emit(_merged_message(conflict))
        elif choice is ConflictChoice.OVERWRITE:
            reason = (
                f"{request.reason} (overwrote version {conflict.their_version.number} "
                f"by {conflict.author})"
            )
            overwrite = replace(request, lock=theirs.lock_version, reason=reason, base=theirs)
            self._start_save(editor, overwrite, then)
        elif choice is ConflictChoice.DISCARD:
            editor.reload(theirs)
            self.status_changed.emit(
                f"Discarded your edit: “{theirs.title}” shows version {theirs.version} again"
            )
            if then:
                then()

    # -- closing ----------------------------------------------------------------------------

    def close_editor(self, editor: ClauseEditor) -> bool:
        """Close one tab; unsaved edits get Save / Discard / Cancel. False if it stays open."""
        if editor.is_modified():
            choice = UnsavedChangesDialog.ask(self._window, [editor.display_title()])
            if choice is Choice.CANCEL:
                return False
            if choice is Choice.SAVE:
                return self.save_editor(editor, then=lambda: self.remove_editor(editor))
        self.remove_editor(editor)
        return True

    def close_all(self) -> bool:
        """Close every editor, asking once about unsaved edits (Discard closes them)."""
        modified = self._workspace.modified_editors()
        if modified:
            choice = UnsavedChangesDialog.ask(self._window, [e.display_title() for e in modified])
            if choice is not Choice.DISCARD:
                return False  # saving first is asynchronous: the user saves, then tries again
        for editor in self._workspace.editors():
            self.remove_editor(editor)
        return True

    def remove_editor(self, editor: ClauseEditor) -> None:
        self._slots.pop(id(editor), None)
        self._workspace.remove_editor(editor)
        self.autosave.write_now()

    # -- autosave and recovery --------------------------------------------------------------

    def _snapshots(self) -> dict[str, dict[str, Any]]:
        editors = {
            f"editor-{self.slot_of(e)}": e.snapshot() for e in self._workspace.modified_editors()
        }
        return {**editors, **self.page_snapshots()}

    def offer_recovery(self) -> None:
        """Offer to bring back edits that a crashed or killed session had not saved."""
        left = self.autosave.left_behind()
        if not left:
            return
        chosen = RecoveryDialog.ask(self._window, [r.title for r in left])
        for index in chosen:
            self._recover(left[index])
        Autosave.forget(left)
        self.autosave.write_now()

    def _recover(self, recovered: RecoveredEdit) -> None:
        snapshot = recovered.snapshot
        if self.recover_page(snapshot):
            return
        clause: Clause | None = None
        key = snapshot.get("key")
        if isinstance(key, str):
            try:
                clause = self._library().get(key)
            except NotFoundError:
                clause = None
            lock = snapshot.get("lock_version")
            if clause is not None and isinstance(lock, int):
                clause = replace(clause, lock_version=lock)  # a save since then is a conflict
        self.add_editor(clause).apply_snapshot(snapshot)


def run_save(
    library: ClauseLibrary,
    request: SaveRequest,
    *,
    delays: Sequence[float] = RETRY_DELAYS,
    on_retry: Callable[[int], None] = lambda _attempt: None,
) -> Clause | SaveConflict:
    """The save, run by the worker: the saved clause, or the conflict it met.

    A dropped connection is retried after each of ``delays`` (nothing was written: the server
    rolled the transaction back). If the commit reached the server before the drop, the retry
    finds its own edit stored: that is the saved clause, not a conflict.
    """
    try:
        return save_with_retries(
            lambda: _save_once(library, request),
            stored=lambda: _stored(library, request),
            delays=delays,
            on_retry=on_retry,
        )
    except (ConflictError, InvalidInputError) as exc:
        # "Nothing changed" too: someone may have saved exactly this edit meanwhile.
        if (stored := _stored(library, request)) is not None:
            return stored  # nothing to resolve
        if not isinstance(exc, ConflictError) or not isinstance(exc.theirs, Clause):
            raise
        return library.explain_conflict(exc.theirs, request.base, request.body)


def _save_once(library: ClauseLibrary, request: SaveRequest) -> Clause:
    if request.key is None:
        return library.create(request.meta, request.body, reason=request.reason)
    return library.revise(
        request.key, request.body, request.reason, expected_lock=request.lock, meta=request.meta
    )


def _stored(library: ClauseLibrary, request: SaveRequest) -> Clause | None:
    try:
        return library.stored_edit(request.key, request.meta, request.body, lock=request.lock)
    except (InvalidInputError, NotFoundError):
        return None


def _check_overlaps_resolved(body: str) -> None:
    """A merged wording that still holds both sides of an overlap is not saved by mistake."""
    if has_overlap_marks(body):
        raise InvalidInputError(
            "the wording still holds both sides of a passage you and a colleague changed "
            "(marked ⟦Theirs: …⟧⟦Yours: …⟧): keep one wording of each, then save"
        )


def _merged_message(conflict: SaveConflict) -> str:
    head = f"Merged onto version {conflict.their_version.number} of “{conflict.theirs.title}”"
    if conflict.overlaps:
        return f"{head}: keep one of each ⟦Theirs⟧⟦Yours⟧ pair, then save"
    return f"{head}: review, then save"
