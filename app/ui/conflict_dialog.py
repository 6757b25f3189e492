"""The conflict dialog: someone saved the clause first; merge, overwrite knowingly or discard.

Use::

    choice = ConflictDialog.ask(parent, conflict, mine_body, mine_meta, differ=differ)
"""

from __future__ import annotations

from enum import Enum
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.audit import describe_changes
from app.domain.clause import ClauseMetadata
from app.ui.redline_view import Differ, RedlineView, count_words, word_changes
from app.ui.theme import LIGHT, Theme

if TYPE_CHECKING:
    from app.services.clause_library import SaveConflict


class ConflictChoice(Enum):
    """What to do with an edit that met someone else's newer save."""

    MERGE = "merge"
    OVERWRITE = "overwrite"
    DISCARD = "discard"
    CANCEL = "cancel"


def when(conflict: SaveConflict) -> str:
    moment = conflict.saved_at.astimezone()
    return f"{moment.day} {moment:%b %Y %H:%M}"


class ConflictDialog(QDialog):
    """Their wording next to the user's, a redline from theirs to the user's, and the choices."""

    def __init__(
        self,
        parent: QWidget | None,
        conflict: SaveConflict,
        mine_body: str,
        mine_meta: ClauseMetadata,
        *,
        differ: Differ = word_changes,
        theme: Theme = LIGHT,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle("Clause Changed Elsewhere")
        self.choice = ConflictChoice.CANCEL
        theirs = conflict.theirs
        self.summary = rich_label(
            f"<b>“{escape(theirs.title)}” was saved by {escape(conflict.author)} "
            f"on {when(conflict)}</b> "
            "while you were editing it. Nothing was overwritten: your edit is still in the editor."
        )
        self.their_text = read_only_text(theirs.body, "Their wording")
        self.your_text = read_only_text(mine_body, "Your wording")
        self.redline = RedlineView()
        self.redline.setObjectName("conflictRedline")
        self.redline.setAccessibleName("Redline from their wording to yours")
        self.redline.set_theme(theme)
        changes = differ(theirs.body, mine_body)
        self.redline.show_changes(changes)
        self.redline_caption = rich_label(
            f"<b>Redline</b> from their wording to yours: "
            f"{words_text(count_words(changes, 'insert'))} inserted, "
            f"{words_text(count_words(changes, 'delete'))} deleted."
        )
        self.details = rich_label(_details_text(conflict, mine_meta))
        self.merge_note = rich_label(_merge_note(conflict))
        self._build(conflict)
        self.resize(980, 720)

    def _build(self, conflict: SaveConflict) -> None:
        version = conflict.their_version
        panes = QSplitter(Qt.Orientation.Horizontal)
        panes.addWidget(
            _captioned(
                f"<b>Their wording</b> — version {version.number}, {escape(version.author)}: "
                f"“{escape(version.reason)}”",
                self.their_text,
            )
        )
        panes.addWidget(_captioned("<b>Your wording</b> (not saved)", self.your_text))
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(panes)
        split.addWidget(captioned(self.redline_caption, self.redline))
        buttons = QDialogButtonBox()
        self.merge_button = self._button(buttons, "&Merge in Editor", ConflictChoice.MERGE)
        self.overwrite_button = self._button(buttons, "&Overwrite Theirs", ConflictChoice.OVERWRITE)
        self.discard_button = self._button(buttons, "&Discard Mine", ConflictChoice.DISCARD)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.clicked.connect(self.reject)
        self.merge_button.setToolTip("Your changes applied to their wording, to review and save")
        self.overwrite_button.setToolTip(
            f"Save your wording as a new version over version {conflict.their_version.number}"
        )
        self.discard_button.setToolTip("Reload their version in the editor; your edit is dropped")
        self.merge_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        if self.details.text():
            layout.addWidget(self.details)
        layout.addWidget(split, 1)
        layout.addWidget(self.merge_note)
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
        conflict: SaveConflict,
        mine_body: str,
        mine_meta: ClauseMetadata,
        *,
        differ: Differ = word_changes,
        theme: Theme = LIGHT,
    ) -> ConflictChoice:
        dialog = cls(parent, conflict, mine_body, mine_meta, differ=differ, theme=theme)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return ConflictChoice.CANCEL
        return dialog.choice


def _details_text(conflict: SaveConflict, mine_meta: ClauseMetadata) -> str:
    lines = [
        f"{escape(change.author)} changed the details on "
        f"{change.at.astimezone():%d %b %Y %H:%M}: {escape(change.summary)}"
        for change in conflict.their_changes
    ]
    differs = describe_changes(conflict.theirs.meta, mine_meta)
    if differs:
        lines.append(f"Your details differ from theirs: {escape(differs)}")
    return "<br>".join(lines)


def _merge_note(conflict: SaveConflict) -> str:
    if conflict.overlaps == 0:
        return (
            "<b>Merge</b> puts their wording with your changes applied in the editor, to "
            "review and save as a new version over theirs."
        )
    places = "one place" if conflict.overlaps == 1 else f"{conflict.overlaps} places"
    return (
        f"<b>Merge</b>: you both changed the same words in {places}; there the editor keeps "
        "both wordings, marked ⟦Theirs: …⟧⟦Yours: …⟧. Choose one before saving."
    )


def words_text(count: int) -> str:
    """ "1 word", "3 words"."""
    return "1 word" if count == 1 else f"{count} words"


def rich_label(text: str) -> QLabel:
    """A wrapping label of rich text."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def read_only_text(text: str, name: str) -> QPlainTextEdit:
    """A read-only pane of plain text with an accessible name."""
    edit = QPlainTextEdit(text)
    edit.setReadOnly(True)
    edit.setAccessibleName(name)
    return edit


def _captioned(caption: str, widget: QWidget) -> QWidget:
    return captioned(rich_label(caption), widget)


def captioned(caption: QLabel, widget: QWidget) -> QWidget:
    """A widget with its caption above it."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 4, 0, 0)
    layout.addWidget(caption)
    layout.addWidget(widget, 1)
    return box
