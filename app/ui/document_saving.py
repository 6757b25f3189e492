"""Saving a terms document: the draft and its versions retried on a dropped connection, and
the conflict view when someone else saved the document first.

The worker functions take plain data and never touch a widget; the tab shows the outcome.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ConflictError
from app.domain.terms import DocumentVersion, Section, TermsDocument
from app.services.drafting import Drafting
from app.ui.conflict_dialog import (
    ConflictChoice,
    captioned,
    read_only_text,
    rich_label,
    words_text,
)
from app.ui.redline_view import RedlineView, count_words, word_changes
from app.ui.save_retries import RETRY_DELAYS, save_with_retries
from app.ui.theme import LIGHT, Theme

Retrying = Callable[[int], None]


@dataclass(frozen=True)
class DocumentSave:
    """One save of the working draft as plain data: the definition and the lock it was
    edited under (``new``: the document is not in the library yet)."""

    definition: TermsDocument
    lock: int | None
    new: bool
    undo_index: int  # where the tab's undo stack stood: typing meanwhile keeps it modified


def run_document_save(
    drafting: Drafting,
    request: DocumentSave,
    *,
    delays: Sequence[float] = RETRY_DELAYS,
    on_retry: Retrying = lambda _attempt: None,
) -> TermsDocument:
    """The save, run by the worker: the saved document, or ConflictError (someone saved first).

    A dropped connection is retried after each of ``delays``. A retry (or a conflict) that
    finds exactly this definition stored counts as saved: the earlier commit had reached the
    server, so it is not saved twice and is no conflict with oneself.
    """

    def save() -> TermsDocument:
        if request.new:
            return drafting.create(request.definition)
        return drafting.save(request.definition, expected_lock=request.lock)

    try:
        return save_with_retries(
            save,
            stored=lambda: drafting.stored_draft(request.definition),
            delays=delays,
            on_retry=on_retry,
        )
    except ConflictError:
        if (stored := drafting.stored_draft(request.definition)) is not None:
            return stored
        raise


def run_version_save(
    drafting: Drafting,
    name: str,
    label: str,
    values: Mapping[str, object],
    *,
    delays: Sequence[float] = RETRY_DELAYS,
    on_retry: Retrying = lambda _attempt: None,
) -> DocumentVersion:
    """Save a version (run by the worker), retried on a dropped connection, never twice.

    The versions are counted before the first attempt; a retry first looks for this user's
    version with this label above that count (the earlier commit had reached the server).
    """
    before: list[int] = []

    def save() -> DocumentVersion:
        if not before:
            before.append(drafting.version_count(name))
        return drafting.save_version(name, label, values)

    def stored() -> DocumentVersion | None:
        return drafting.stored_version(name, label, after=before[0]) if before else None

    return save_with_retries(save, stored=stored, delays=delays, on_retry=on_retry)


def outline_text(document: TermsDocument, titles: Mapping[str, str] | None = None) -> str:
    """The outline as indented lines: headings or clause titles, and their conditions."""
    names = titles or {}

    def line(item: Section) -> str:
        clause = item.clause or ""
        shown = item.heading or names.get(clause, clause)
        return shown + (f" (if {item.when})" if item.when else "")

    return "\n".join("  " * (depth - 1) + line(item) for depth, item in document.walk())


class DocumentConflictDialog(QDialog):
    """Someone else saved the document first: their outline next to the user's, a redline
    from theirs to the user's, and Overwrite Theirs / Discard Mine / Cancel."""

    def __init__(
        self,
        parent: QWidget | None,
        theirs: TermsDocument,
        mine: TermsDocument,
        *,
        new: bool = False,
        theme: Theme = LIGHT,
        titles: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("documentConflictDialog")
        self.setWindowTitle("Document Changed Elsewhere")
        self.choice = ConflictChoice.CANCEL
        self.summary = rich_label(_summary(theirs, new))
        their_outline, your_outline = outline_text(theirs, titles), outline_text(mine, titles)
        self.their_text = read_only_text(their_outline, "Their outline")
        self.your_text = read_only_text(your_outline, "Your outline")
        self.redline = RedlineView()
        self.redline.setAccessibleName("Redline from their outline to yours")
        self.redline.set_theme(theme)
        changes = word_changes(their_outline, your_outline)
        self.redline.show_changes(changes)
        inserted, deleted = count_words(changes, "insert"), count_words(changes, "delete")
        self.redline_caption = rich_label(
            f"<b>Redline</b> from their outline to yours: {words_text(inserted)} inserted, "
            f"{words_text(deleted)} deleted."
        )
        self._build(new)
        self.resize(900, 600)

    def _build(self, new: bool) -> None:
        panes = QSplitter(Qt.Orientation.Horizontal)
        panes.addWidget(captioned(rich_label("<b>Their outline</b> (saved)"), self.their_text))
        panes.addWidget(captioned(rich_label("<b>Your outline</b> (not saved)"), self.your_text))
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(panes)
        split.addWidget(captioned(self.redline_caption, self.redline))
        buttons = QDialogButtonBox()
        self.overwrite_button = self._button(buttons, "&Overwrite Theirs", ConflictChoice.OVERWRITE)
        self.discard_button = self._button(buttons, "&Discard Mine", ConflictChoice.DISCARD)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setToolTip("Keep editing: your outline stays in the tab, not saved")
        cancel.clicked.connect(self.reject)
        for button in (self.overwrite_button, self.discard_button):
            button.setAutoDefault(False)
        cancel.setDefault(True)  # the safe answer: nothing is lost either way
        cancel.setFocus()
        what = "the existing document" if new else "their version"
        self.overwrite_button.setToolTip(f"Save your outline over {what}")
        self.discard_button.setToolTip("Show their outline in the tab; Undo brings yours back")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)

    def _button(self, buttons: QDialogButtonBox, text: str, choice: ConflictChoice) -> QPushButton:
        button = buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.clicked.connect(lambda: self._choose(choice))
        return button

    def _choose(self, choice: ConflictChoice) -> None:
        self.choice = choice
        self.accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        theirs: TermsDocument,
        mine: TermsDocument,
        *,
        new: bool = False,
        theme: Theme = LIGHT,
        titles: Mapping[str, str] | None = None,
    ) -> ConflictChoice:
        """Overwrite, Discard, or Cancel (keep editing); tests replace this."""
        dialog = cls(parent, theirs, mine, new=new, theme=theme, titles=titles)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return ConflictChoice.CANCEL
        return dialog.choice


def _summary(theirs: TermsDocument, new: bool) -> str:
    title = escape(theirs.title or theirs.name)
    kept = "Nothing was overwritten: your outline is still in the tab."
    if new:
        return (
            f"<b>The library already has a document named “{escape(theirs.name)}”</b> "
            f"(“{title}”, saved {_when(theirs)}). {kept}"
        )
    return f"<b>“{title}” was saved by someone else {_when(theirs)}</b> while you edited it. {kept}"


def _when(document: TermsDocument) -> str:
    if document.updated_at is None:
        return "meanwhile"
    moment = document.updated_at.astimezone()
    return f"on {moment.day} {moment:%b %Y %H:%M}"
