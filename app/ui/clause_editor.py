"""The clause editor: a form for the clause's metadata and its wording, with one undo stack."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QTextDocument, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.clause import Clause, ClauseMetadata, Risk, Status, Tier
from app.domain.errors import InvalidInputError
from app.domain.findings import Finding
from app.ui.clause_table_model import label
from app.ui.highlighting import FindingsHighlighter, FindingsTooltips
from app.ui.undo import EditField, EditText, Field, UndoKeyRouter

NO_TIER = ""
_WORD_ENDS = frozenset(" \u2029\n\t")
NEW_CLAUSE_TITLE = "Untitled clause"
WORDING_SETTLE_MS = 300
LINE_FIELDS = ("title", "type", "category", "tags", "jurisdiction", "owner")
CHOICE_FIELDS = {
    "tier": (NO_TIER, *(t.value for t in Tier)),
    "risk": tuple(r.value for r in Risk),
    "status": tuple(s.value for s in Status),
}


def blank_clause_meta() -> ClauseMetadata:
    return ClauseMetadata(title=NEW_CLAUSE_TITLE, type="general", status=Status.DRAFT)


class ClauseEditor(QWidget):
    """Edits one clause. Every change is a step on ``undo_stack``; saving is the window's job.

    Signals:
        modified_changed(bool): the editor now has (True) or no longer has unsaved changes.
        title_changed(str): the title field changed (the tab shows it).
        wording_settled(str): the wording, once typing paused (to scan it for findings).
    """

    modified_changed = Signal(bool)
    title_changed = Signal(str)
    wording_settled = Signal(str)

    def __init__(
        self,
        clause: Clause | None,
        *,
        categories: Sequence[str] = (),
        types: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.clause = clause
        self.undo_stack = QUndoStack(self)
        self._router = UndoKeyRouter(self.undo_stack, self)
        self._fields: dict[str, Field] = {}
        self._texts: list[QPlainTextEdit] = []
        self._build(categories, types)
        self.findings = FindingsHighlighter(self.body_edit.document())
        self._tooltips = FindingsTooltips(self.body_edit, self.findings)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(WORDING_SETTLE_MS)
        self._settle.timeout.connect(lambda: self.wording_settled.emit(self.body()))
        self._load(clause.meta if clause else blank_clause_meta(), clause.body if clause else "")
        self.undo_stack.cleanChanged.connect(self._on_undo_stack_clean_changed)
        self.body_edit.textChanged.connect(self._settle.start)

    # -- identity ---------------------------------------------------------------------------

    @property
    def key(self) -> str | None:
        return self.clause.key if self.clause else None

    @property
    def lock_version(self) -> int | None:
        return self.clause.lock_version if self.clause else None

    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    def display_title(self) -> str:
        return self.title_edit.text().strip() or NEW_CLAUSE_TITLE

    # -- building ---------------------------------------------------------------------------

    def _build(self, categories: Sequence[str], types: Sequence[str]) -> None:
        self.heading = QLabel()
        self.heading.setProperty("role", "heading")
        heading_font = QFont(self.font())
        heading_font.setPointSizeF(self.font().pointSizeF() * 1.35)
        self.heading.setFont(heading_font)
        self.subheading = QLabel()
        self.subheading.setProperty("role", "muted")
        self.title_edit = self._line("title", "Title")
        self.type_edit = self._line("type", "Clause type", completions=types)
        self.category_edit = self._line("category", "Category", completions=categories)
        self.tags_edit = self._line("tags", "Tags")
        self.tags_edit.setPlaceholderText("comma-separated, e.g. ai-training, output")
        self.jurisdiction_edit = self._line("jurisdiction", "Jurisdiction")
        self.owner_edit = self._line("owner", "Owner")
        self.tier_box = self._choice("tier", "Tier")
        self.risk_box = self._choice("risk", "Risk")
        self.status_box = self._choice("status", "Status")
        self.notes_edit = self._text("notes", "Notes")
        self.notes_edit.setPlaceholderText("Negotiation notes, when to offer this wording…")
        self.notes_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 14)
        self.body_edit = self._text("wording", "Clause wording")
        self.body_edit.setObjectName("clauseBody")
        self.body_edit.setPlaceholderText("Write the clause wording here.")
        body_font = QFont(self.font())
        body_font.setPointSizeF(self.font().pointSizeF() * 1.1)
        self.body_edit.setFont(body_font)
        self._lay_out()

    def _lay_out(self) -> None:
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(8)
        left = QFormLayout()
        right = QFormLayout()
        title_form = QFormLayout()
        notes_form = QFormLayout()
        for form in (left, right, title_form, notes_form):
            form.setHorizontalSpacing(10)
            form.setVerticalSpacing(8)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        left.addRow("&Type", self.type_edit)
        left.addRow("Cate&gory", self.category_edit)
        left.addRow("&Jurisdiction", self.jurisdiction_edit)
        right.addRow("T&ier", self.tier_box)
        right.addRow("&Risk", self.risk_box)
        right.addRow("&Status", self.status_box)
        right.addRow("&Owner", self.owner_edit)
        title_form.addRow("Tit&le", self.title_edit)
        grid.addLayout(title_form, 0, 0, 1, 2)
        grid.addLayout(left, 1, 0)
        grid.addLayout(right, 1, 1)
        notes_form.addRow("Ta&gs", self.tags_edit)
        notes_form.addRow("&Notes", self.notes_edit)
        grid.addLayout(notes_form, 2, 0, 1, 2)
        wording = QLabel("&Wording")
        wording.setProperty("role", "heading")
        wording.setBuddy(self.body_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addLayout(grid)
        layout.addWidget(wording)
        layout.addWidget(self.body_edit, 1)

    def _line(self, name: str, accessible: str, completions: Sequence[str] = ()) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(accessible)
        if completions:
            completer = QCompleter(sorted(set(completions)), edit)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            edit.setCompleter(completer)
        field = Field(name, len(self._fields), edit.text, edit.setText)
        self._fields[name] = field
        edit.textEdited.connect(lambda _text: self._on_field_edited(field, mergeable=True))
        self._router.watch(edit)
        return edit

    def _choice(self, name: str, accessible: str) -> QComboBox:
        box = QComboBox()
        box.setAccessibleName(accessible)
        for value in CHOICE_FIELDS[name]:
            box.addItem(label(value) or "—", value)

        def write(value: str) -> None:
            box.setCurrentIndex(max(0, box.findData(value)))

        field = Field(name, len(self._fields), lambda: str(box.currentData()), write)
        self._fields[name] = field
        box.activated.connect(lambda _index: self._on_field_edited(field, mergeable=False))
        return box

    def _text(self, name: str, accessible: str) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setAccessibleName(accessible)
        edit.setTabChangesFocus(True)
        document = edit.document()
        document.undoCommandAdded.connect(lambda: self._on_document_step_added(document, name))
        document.contentsChange.connect(
            lambda position, _removed, added: _end_step_after_word(document, position, added)
        )
        self._texts.append(edit)
        self._router.watch(edit)
        return edit

    # -- loading and reading ----------------------------------------------------------------

    def _load(self, meta: ClauseMetadata, body: str) -> None:
        values = _meta_values(meta)
        for name, field in self._fields.items():
            field.write(values[name])
            field.last = values[name]
        self.notes_edit.setPlainText(meta.notes)
        self.body_edit.setPlainText(body)
        self._update_heading()

    def reload(self, clause: Clause) -> None:
        """Show a newer saved state of the clause (only when nothing is unsaved)."""
        self.undo_stack.clear()
        self.clause = clause
        self._load(clause.meta, clause.body)
        self.undo_stack.setClean()

    def current_meta(self) -> ClauseMetadata:
        """The metadata as the form shows it now."""
        value = {name: field.read().strip() for name, field in self._fields.items()}
        tags = tuple(t.strip() for t in value["tags"].split(",") if t.strip())
        try:
            return ClauseMetadata(
                title=value["title"],
                type=value["type"],
                category=value["category"] or None,
                tier=Tier(value["tier"]) if value["tier"] else None,
                tags=tags,
                risk=Risk(value["risk"]),
                jurisdiction=value["jurisdiction"] or None,
                status=Status(value["status"]),
                owner=value["owner"] or None,
                notes=self.notes_edit.toPlainText().strip(),
            )
        except ValueError as exc:
            raise InvalidInputError(str(exc)) from None

    def body(self) -> str:
        return self.body_edit.toPlainText()

    def show_findings(self, wording: str, findings: Sequence[Finding]) -> None:
        """Highlight findings of a scan, unless the wording changed since it was scanned."""
        if wording == self.body():
            self.findings.set_findings(findings)

    def jump_to(self, finding: Finding) -> None:
        span = self.findings.span_of(finding)
        if span is None:
            return
        cursor = self.body_edit.textCursor()
        cursor.setPosition(span[0])
        cursor.setPosition(span[1], cursor.MoveMode.KeepAnchor)
        self.body_edit.setTextCursor(cursor)
        self.body_edit.setFocus()

    def mark_saved(self, clause: Clause, *, still_modified: bool = False) -> None:
        """The save succeeded: remember the new lock and show the editor as unmodified.

        ``still_modified``: the user typed on while the save ran; the newer edit stays unsaved.
        """
        self.clause = clause
        self._end_text_steps()
        if still_modified:
            self.undo_stack.resetClean()
        else:
            self.undo_stack.setClean()
        self._update_heading()

    def rebase(self, theirs: Clause, merged_body: str) -> None:
        """Continue the edit on top of someone else's newer save (the conflict dialog's Merge).

        The lock becomes theirs, so the next save is an ordinary new version over theirs. The
        wording becomes ``merged_body`` and details the user left alone take their values, both
        as undoable steps (Undo brings the user's own wording back). The editor stays modified.
        """
        base = _meta_values(self.clause.meta) if self.clause else None
        mine = {name: field.read() for name, field in self._fields.items()}
        new = _meta_values(theirs.meta)
        self._end_text_steps()
        for name, field in self._fields.items():
            if base is not None and mine[name] == base[name] and new[name] != mine[name]:
                field.write(new[name])
                self.undo_stack.push(EditField(field, mine[name], new[name], mergeable=False))
                field.last = new[name]
        if self.clause is not None and self.notes_edit.toPlainText() == self.clause.meta.notes:
            _replace_text(self.notes_edit, theirs.meta.notes)
        _replace_text(self.body_edit, merged_body)
        self.clause = theirs
        self.undo_stack.resetClean()  # never "saved" again until it is: undo cannot make it so
        self._update_heading()

    # -- autosave snapshots -----------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """Everything typed, as plain data (written to the autosave folder)."""
        return {
            "key": self.key,
            "lock_version": self.lock_version,
            "fields": {name: field.read() for name, field in self._fields.items()},
            "notes": self.notes_edit.toPlainText(),
            "body": self.body(),
            "saved_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }

    def apply_snapshot(self, snapshot: dict[str, Any]) -> None:
        """Put recovered text back as ordinary, undoable edits."""
        fields = snapshot.get("fields", {})
        for name, field in self._fields.items():
            value = str(fields.get(name, field.read()))
            if value != field.read():
                old = field.read()
                field.write(value)
                self.undo_stack.push(EditField(field, old, value, mergeable=False))
        _replace_text(self.notes_edit, str(snapshot.get("notes", "")))
        _replace_text(self.body_edit, str(snapshot.get("body", "")))
        self._update_heading()

    # -- handlers ---------------------------------------------------------------------------

    def _on_field_edited(self, field: Field, *, mergeable: bool) -> None:
        new = field.read()
        if new != field.last:
            self._end_text_steps()
            self.undo_stack.push(EditField(field, field.last, new, mergeable=mergeable))
        if field.name == "title":
            self._update_heading()

    def _on_document_step_added(self, document: QTextDocument, name: str) -> None:
        self._end_text_steps(except_document=document)
        self.undo_stack.push(EditText(document, name))

    def _end_text_steps(self, except_document: QTextDocument | None = None) -> None:
        """Make the next typing in each text a new undo step.

        WORKAROUND: QTextDocument merges consecutive typing into its last undo step, without
        announcing it, for as long as the document counts as modified; typing after a save or
        after editing another field would otherwise not reach the editor's stack.
        """
        for edit in self._texts:
            if edit.document() is not except_document:
                edit.document().setModified(False)

    def _on_undo_stack_clean_changed(self, clean: bool) -> None:
        self._update_heading()
        self.modified_changed.emit(not clean)

    def _update_heading(self) -> None:
        title = self.display_title()
        self.heading.setText(title)
        if self.clause is None:
            self.subheading.setText("New clause — not saved yet")
        else:
            when = self.clause.updated_at.astimezone()
            self.subheading.setText(
                f"{self.clause.key} · version {self.clause.version} · "
                f"last changed {when.day} {when:%b %Y}"
            )
        self.title_changed.emit(title)


def _meta_values(meta: ClauseMetadata) -> dict[str, str]:
    return {
        "title": meta.title,
        "type": meta.type,
        "category": meta.category or "",
        "tags": ", ".join(meta.tags),
        "jurisdiction": meta.jurisdiction or "",
        "owner": meta.owner or "",
        "tier": meta.tier.value if meta.tier else NO_TIER,
        "risk": meta.risk.value,
        "status": meta.status.value,
    }


def _end_step_after_word(document: QTextDocument, position: int, added: int) -> None:
    """Typing a space or a line break ends the undo step, so Undo takes back one word."""
    if added == 1 and document.characterAt(position) in _WORD_ENDS:
        document.setModified(False)


def _replace_text(edit: QPlainTextEdit, text: str) -> None:
    if edit.toPlainText() == text:
        return
    cursor = edit.textCursor()
    cursor.select(cursor.SelectionType.Document)
    cursor.insertText(text)  # one document undo step, pushed onto the editor's stack
