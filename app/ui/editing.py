"""Clause editors' lifecycle: open, new, save with a reason, close, autosave and recovery."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.domain.clause import Clause, ClauseMetadata
from app.domain.errors import ConflictError, InvalidInputError, NotFoundError
from app.ui.autosave import Autosave, RecoveredEdit
from app.ui.background import BackgroundRunner
from app.ui.clause_editor import ClauseEditor
from app.ui.dialogs import Choice, ReasonDialog, RecoveryDialog, UnsavedChangesDialog, show_error
from app.ui.error_handler import ErrorHandler
from app.ui.workspace import Workspace

if TYPE_CHECKING:
    from app.services.clause_library import ClauseLibrary

LibraryGetter = Callable[[], "ClauseLibrary"]
Completions = Callable[[], tuple[list[str], list[str]]]  # categories, clause types


class EditorSessions(QObject):
    """Everything that happens to an editor between opening and closing it.

    Signals:
        editor_opened(object): a ClauseEditor was added to the workspace.
        clause_saved(object): an editor's clause was saved (the saved Clause).
    """

    editor_opened = Signal(object)
    clause_saved = Signal(object)

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
        save = _save_job(self._library(), editor, meta, body, reason)

        def saved(clause: Clause) -> None:
            editor.mark_saved(clause)
            self.clause_saved.emit(clause)
            if then:
                then()

        self._runner.run(save, saved, on_error=lambda exc: self._on_save_failed(editor, exc))
        return True

    def save_all(self, editors: list[ClauseEditor], then: Callable[[], None]) -> None:
        """Save one editor after the other; ``then`` runs when all are saved."""
        pending = list(editors)

        def next_save() -> None:
            if not pending:
                then()
                return
            self.save_editor(pending.pop(0), then=next_save)  # a cancelled reason stops here

        next_save()

    def _on_save_failed(self, editor: ClauseEditor, exc: BaseException) -> None:
        if isinstance(exc, ConflictError) and isinstance(exc.theirs, Clause):
            theirs = exc.theirs
            show_error(
                self._window,
                "Clause Changed Elsewhere",
                f"{exc}\n\nYour changes are still in the editor and nothing was overwritten. "
                "Copy what you need, close the tab without saving and open the clause again.",
                f"THEIR WORDING (version {theirs.version}):\n{theirs.body}\n\n"
                f"YOUR WORDING:\n{editor.body()}",
            )
            return
        self._errors.report(exc)

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


def _save_job(
    library: ClauseLibrary, editor: ClauseEditor, meta: ClauseMetadata, body: str, reason: str
) -> Callable[[], Clause]:
    """The save, as plain data for the worker: a new clause, or a revision under the lock."""
    key, lock = editor.key, editor.lock_version

    def save() -> Clause:
        if key is None:
            return library.create(meta, body, reason=reason)
        return library.revise(key, body, reason, expected_lock=lock, meta=meta)

    return save
