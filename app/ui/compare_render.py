"""A comparison laid out as text documents (inline redline, old side, new side), built off the GUI
thread so that even a 100-page pair never stalls the window."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import (
    QColor,
    QFont,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QPlainTextDocumentLayout

from app.domain.comparison import ClauseChange, Comparison, Piece
from app.domain.findings import Finding
from app.ui.highlighting import severity_fill, severity_line, tooltip_text
from app.ui.theme import Theme

STATUS_WORDS = {
    "unchanged": "Unchanged",
    "modified": "Modified",
    "moved": "Moved",
    "added": "Added",
    "removed": "Removed",
}


@dataclass
class ComparisonFindings:
    """Detection findings of each clause of both documents (lists indexed by clause index)."""

    old: Sequence[Sequence[Finding]] = ()
    new: Sequence[Sequence[Finding]] = ()
    old_texts: Sequence[str] = ()
    new_texts: Sequence[str] = ()


@dataclass
class RenderedComparison:
    """Three documents and where each clause (by its position in ``comparison.clauses``) starts.

    Positions are Qt (UTF-16) positions, ready for ``QTextCursor.setPosition``.
    """

    comparison: Comparison
    inline: QTextDocument
    old: QTextDocument
    new: QTextDocument
    inline_starts: list[int] = field(default_factory=list)
    old_starts: list[int] = field(default_factory=list)
    new_starts: list[int] = field(default_factory=list)


def render_comparison(
    comparison: Comparison,
    findings: ComparisonFindings,
    theme: Theme,
    *,
    hide_trivial: bool = False,
) -> RenderedComparison:
    """Build the documents in the calling (worker) thread and hand them to the GUI thread."""
    painter = _Painter(theme)
    rendered = RenderedComparison(comparison, QTextDocument(), QTextDocument(), QTextDocument())
    inline, old, new = (QTextCursor(d) for d in (rendered.inline, rendered.old, rendered.new))
    for position, change in enumerate(comparison.clauses):
        quiet = change.status == "unchanged" or (hide_trivial and change.trivial)
        rendered.inline_starts.append(painter.begin_clause(inline, change, quiet, position))
        pieces = _quiet_pieces(change) if quiet else change.changes
        text_start = inline.position()
        _write_inline(painter, inline, pieces, change, findings)
        painter.embolden_heading(inline, text_start, change)
        rendered.old_starts.append(painter.begin_clause(old, change, quiet, position))
        rendered.new_starts.append(painter.begin_clause(new, change, quiet, position))
        for cursor, op in ((old, "delete"), (new, "insert")):
            text_start = cursor.position()
            _write_side(painter, cursor, pieces, shown_op=op, change=change, findings=findings)
            painter.embolden_heading(cursor, text_start, change)
    gui = QCoreApplication.instance()
    for document in (rendered.inline, rendered.old, rendered.new):
        document.setUndoRedoEnabled(False)
        # The plain-text layout lays out only what is shown: a QTextEdit's layout of a 100-page
        # redline runs in steps of up to 200,000 characters on the GUI thread (stalls > 100 ms).
        document.setDocumentLayout(QPlainTextDocumentLayout(document))
        if gui is not None:
            document.moveToThread(gui.thread())
    return rendered


def _quiet_pieces(change: ClauseChange) -> tuple[Piece, ...]:
    """A clause shown without marks: unchanged, or a trivial change the reader hid."""
    if change.status == "removed":
        return change.changes
    return (("equal", change.new_text),)


def _write_inline(
    painter: _Painter,
    cursor: QTextCursor,
    pieces: Sequence[Piece],
    change: ClauseChange,
    findings: ComparisonFindings,
) -> None:
    offsets = _Offsets()
    for op, text in pieces:
        offsets.add(op, cursor.position(), text)
        painter.write(cursor, op, text)
    # The new side's findings over equal and inserted text, the old side's over deleted text.
    new_found = _clause_findings(
        findings.new, findings.new_texts, change.new_index, change.new_text
    )
    old_found = _clause_findings(
        findings.old, findings.old_texts, change.old_index, change.old_text
    )
    for finding, shift in new_found:
        painter.mark(cursor, offsets.span("new", finding, shift), finding)
    for finding, shift in old_found:
        if finding.category in change.categories_lost:
            painter.mark(cursor, offsets.span("old", finding, shift), finding)
    cursor.movePosition(QTextCursor.MoveOperation.End)


def _write_side(
    painter: _Painter,
    cursor: QTextCursor,
    pieces: Sequence[Piece],
    *,
    shown_op: str,
    change: ClauseChange,
    findings: ComparisonFindings,
) -> None:
    """One document's side: its own pieces marked, the other side's left out."""
    start = cursor.position()
    side_pieces = [(op, text) for op, text in pieces if op in ("equal", shown_op)]
    if not side_pieces or not "".join(t for _, t in side_pieces):
        painter.write(cursor, "placeholder", "(not in this version)")
        return
    for op, text in side_pieces:
        painter.write(cursor, op, text)
    side = "old" if shown_op == "delete" else "new"
    index = change.old_index if side == "old" else change.new_index
    per_clause = findings.old if side == "old" else findings.new
    texts = findings.old_texts if side == "old" else findings.new_texts
    whole = "".join(t for _, t in side_pieces)
    for finding, shift in _clause_findings(per_clause, texts, index, whole):
        begin = start + _utf16(whole[: finding.start + shift])
        painter.mark(cursor, (begin, begin + _utf16(finding.text)), finding)
    cursor.movePosition(QTextCursor.MoveOperation.End)


def _clause_findings(
    per_clause: Sequence[Sequence[Finding]],
    texts: Sequence[str],
    index: int | None,
    whole: str,
) -> list[tuple[Finding, int]]:
    """The clause's findings with the shift from its scanned text into the shown clause text."""
    if index is None or index >= len(per_clause) or index >= len(texts):
        return []
    scanned = texts[index]
    shift = whole.rfind(scanned) if scanned else -1
    if shift < 0:
        return []
    return [(f, shift) for f in per_clause[index] if f.end <= len(scanned)]


class _Offsets:
    """Maps offsets into the old or the new clause text to positions in the inline redline."""

    def __init__(self) -> None:
        self._runs: list[tuple[str, int, int, str]] = []  # op, old offset, new offset, text
        self._positions: list[int] = []
        self._old = 0
        self._new = 0

    def add(self, op: str, position: int, text: str) -> None:
        self._runs.append((op, self._old, self._new, text))
        self._positions.append(position)
        if op != "insert":
            self._old += len(text)
        if op != "delete":
            self._new += len(text)

    def span(self, side: str, finding: Finding, shift: int) -> tuple[int, int]:
        return self._at(side, finding.start + shift), self._at(side, finding.end + shift)

    def _at(self, side: str, offset: int) -> int:
        skip = "insert" if side == "old" else "delete"
        for (op, old, new, text), position in zip(self._runs, self._positions, strict=True):
            if op == skip:
                continue
            begin = old if side == "old" else new
            if begin <= offset <= begin + len(text):
                return position + _utf16(text[: offset - begin])
        return self._positions[-1] if self._positions else 0


def _utf16(text: str) -> int:
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


class _Painter:
    """The character formats of a redline, from the theme's colours."""

    def __init__(self, theme: Theme) -> None:
        self._theme = theme
        self._formats = {op: self._format(op) for op in ("equal", "insert", "delete")}
        self._label = QTextCharFormat()
        self._label.setForeground(QColor(theme.muted_text))
        self._label.setFontPointSize(8.5)
        self._label.setFontWeight(QFont.Weight.DemiBold)
        self._label.setFontCapitalization(QFont.Capitalization.AllUppercase)
        self._placeholder = QTextCharFormat()
        self._placeholder.setForeground(QColor(theme.muted_text))
        self._placeholder.setFontItalic(True)
        self._dark = theme.is_dark
        self._bold = QTextCharFormat()
        self._bold.setFontWeight(QFont.Weight.Bold)

    def begin_clause(
        self, cursor: QTextCursor, change: ClauseChange, quiet: bool, position: int
    ) -> int:
        """Start a clause on a new block, with a small status line when it changed."""
        if position > 0:  # an empty line between clauses
            cursor.insertBlock(QTextBlockFormat())
            cursor.insertBlock(QTextBlockFormat())
        start = cursor.position()
        if not quiet:
            cursor.insertText(_status_line(change), self._label)
            cursor.insertBlock(QTextBlockFormat())
        return start

    def embolden_heading(self, cursor: QTextCursor, start: int, change: ClauseChange) -> None:
        """The clause's first line is its number and heading: bold, as in the document."""
        if not change.heading:
            return
        end = cursor.position()
        cursor.setPosition(start)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(self._bold)
        cursor.setPosition(end)

    def write(self, cursor: QTextCursor, op: str, text: str) -> None:
        fmt = self._placeholder if op == "placeholder" else self._formats[op]
        for k, line in enumerate(text.split("\n")):
            if k:
                cursor.insertBlock(QTextBlockFormat())
            if line:
                cursor.insertText(line, fmt)

    def mark(self, cursor: QTextCursor, span: tuple[int, int], finding: Finding) -> None:
        start, end = span
        if end <= start:
            return
        fmt = QTextCharFormat()
        fmt.setBackground(severity_fill(finding.severity, self._dark))
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        fmt.setUnderlineColor(severity_line(finding.severity, self._dark))
        fmt.setToolTip(tooltip_text(finding))
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(fmt)
        cursor.clearSelection()

    def _format(self, op: str) -> QTextCharFormat:
        fmt = QTextCharFormat()
        theme = self._theme
        if op == "insert":
            fmt.setForeground(QColor(theme.insert_fg))
            fmt.setBackground(QColor(theme.insert_bg))
            fmt.setFontUnderline(True)
        elif op == "delete":
            fmt.setForeground(QColor(theme.delete_fg))
            fmt.setBackground(QColor(theme.delete_bg))
            fmt.setFontStrikeOut(True)
        else:
            fmt.setForeground(QColor(theme.text))
        return fmt


def _status_line(change: ClauseChange) -> str:
    words = [STATUS_WORDS[change.status]]
    if change.status == "moved" and change.old_number:
        words.append(f"from {change.old_number}")
    if change.trivial and change.trivial_reason:
        words.append(f"({change.trivial_reason} only)")
    if change.categories_lost:
        words.append("· drops " + ", ".join(change.categories_lost))
    if change.categories_gained:
        words.append("· adds " + ", ".join(change.categories_gained))
    return " ".join(words)
