"""Highlighting findings in any text view: colours by severity, tooltips, UTF-16 offsets.

Findings count code points (Python); Qt counts UTF-16 code units, so every position is
converted here — otherwise each emoji before a finding shifts its highlight by one.

Use::

    highlighter = FindingsHighlighter(view.document())
    highlighter.set_findings(findings)                      # offsets into the whole text
    highlighter.set_findings(findings, clause_offsets)      # or per clause: index -> offset
    FindingTooltips(view, highlighter)                      # hover a span to see why
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QPalette,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip

from app.domain.findings import Finding, Severity

# Fills behind highlighted text; the text keeps the palette's colour. Each pair was chosen
# so that the palette's text on the fill has a contrast ratio of at least 4.5:1.
_LIGHT_FILLS = {
    Severity.HIGH: "#fbd9d7",
    Severity.MEDIUM: "#fcebbf",
    Severity.LOW: "#d8efdf",
    Severity.INFO: "#dde7f6",
}
_DARK_FILLS = {
    Severity.HIGH: "#5c1f24",
    Severity.MEDIUM: "#4f3c10",
    Severity.LOW: "#1e422b",
    Severity.INFO: "#21365a",
}
_LIGHT_LINES = {
    Severity.HIGH: "#b0191e",
    Severity.MEDIUM: "#8a5300",
    Severity.LOW: "#2d6a3a",
    Severity.INFO: "#3d5a80",
}
_DARK_LINES = {
    Severity.HIGH: "#ff8a80",
    Severity.MEDIUM: "#f0c060",
    Severity.LOW: "#81c995",
    Severity.INFO: "#8ab4f8",
}


def utf16_length(text: str) -> int:
    """How many UTF-16 code units Qt counts for ``text``."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


class Utf16Map:
    """Converts code-point offsets of one text to UTF-16 positions and back."""

    def __init__(self, text: str) -> None:
        # Offsets (code points) of the characters outside the Basic Multilingual Plane.
        self._astral = [i for i, char in enumerate(text) if ord(char) > 0xFFFF]
        self._length = len(text)

    def to_utf16(self, offset: int) -> int:
        return offset + bisect.bisect_left(self._astral, offset)

    def from_utf16(self, position: int) -> int:
        """The code-point offset of a UTF-16 position (inside a pair: the character's start)."""
        low, high = 0, self._length
        while low < high:
            middle = (low + high + 1) // 2
            if self.to_utf16(middle) <= position:
                low = middle
            else:
                high = middle - 1
        return low


def relative_luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast_ratio(first: QColor, second: QColor) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    a, b = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def severity_fill(severity: Severity, dark: bool) -> QColor:
    return QColor((_DARK_FILLS if dark else _LIGHT_FILLS)[severity])


def severity_line(severity: Severity, dark: bool) -> QColor:
    return QColor((_DARK_LINES if dark else _LIGHT_LINES)[severity])


def tooltip_text(finding: Finding) -> str:
    """What hovering a highlighted span says: what was found, why, and its scope."""
    lines = [f"{finding.category} ({finding.severity.value})", finding.explanation]
    if finding.scope:
        lines.append(f"Scope: {finding.scope}")
    if finding.restricted_party:
        lines.append(f"Restricts: {finding.restricted_party}")
    if finding.carve_outs:
        lines.append(f"Carve-outs: {', '.join(finding.carve_outs)}")
    lines.append(f"Matched: \u201c{' '.join(finding.text.split())}\u201d (rule {finding.rule})")
    return "\n".join(lines)


@dataclass(frozen=True)
class _Span:
    start: int  # UTF-16 positions in the document
    end: int
    finding: Finding


class FindingsHighlighter(QSyntaxHighlighter):
    """Colours findings by severity (a fill behind the text and a wavy underline).

    Colours follow the document's palette (light or dark): ``set_dark`` switches them.
    ``finding_at(position)`` and ``tooltip_at(position)`` take Qt (UTF-16) positions.
    """

    def __init__(self, document: QTextDocument, dark: bool = False) -> None:
        super().__init__(document)
        self._spans: list[_Span] = []
        self._starts: list[int] = []
        self._dark = dark
        self._formats = self._make_formats()

    def set_dark(self, dark: bool) -> None:
        if dark != self._dark:
            self._dark = dark
            self._formats = self._make_formats()
            self.rehighlight()

    def set_findings(
        self, findings: Sequence[Finding], clause_offsets: Mapping[int, int] | None = None
    ) -> None:
        """Show these findings; offsets are code points into the document's plain text,
        or into each clause's text when ``clause_offsets`` gives where each clause starts."""
        document = self.document()
        text = document.toPlainText() if document is not None else ""
        positions = Utf16Map(text)
        spans = []
        for finding in findings:
            shift = clause_offsets.get(finding.clause_index, 0) if clause_offsets else 0
            start, end = finding.start + shift, finding.end + shift
            if 0 <= start < end <= len(text):
                spans.append(_Span(positions.to_utf16(start), positions.to_utf16(end), finding))
        # Higher severity last, so it is painted over a lower one on overlaps.
        spans.sort(key=lambda s: (s.start, -s.finding.severity.rank))
        self._spans = spans
        self._starts = [s.start for s in spans]
        self.rehighlight()

    def findings(self) -> list[Finding]:
        return [s.finding for s in self._spans]

    def finding_at(self, position: int) -> Finding | None:
        """The most severe finding covering a Qt (UTF-16) position."""
        covering = [s.finding for s in self._spans if s.start <= position < s.end]
        return min(covering, key=lambda f: f.severity.rank, default=None)

    def tooltip_at(self, position: int) -> str | None:
        finding = self.finding_at(position)
        return tooltip_text(finding) if finding is not None else None

    def span_of(self, finding: Finding) -> tuple[int, int] | None:
        """Where a finding lies in the document (UTF-16), for jumping to it."""
        return next(((s.start, s.end) for s in self._spans if s.finding == finding), None)

    def highlightBlock(self, text: str) -> None:
        block = self.currentBlock()
        first = block.position()
        last = first + block.length()
        for span in self._spans[: bisect.bisect_left(self._starts, last)]:
            if span.end <= first:
                continue
            start = max(span.start, first)
            self.setFormat(
                start - first, min(span.end, last) - start, self._formats[span.finding.severity]
            )

    def _make_formats(self) -> dict[Severity, QTextCharFormat]:
        formats = {}
        for severity in Severity:
            fmt = QTextCharFormat()
            fmt.setBackground(severity_fill(severity, self._dark))
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(severity_line(severity, self._dark))
            formats[severity] = fmt
        return formats


class FindingsTooltips(QObject):
    """Shows the tooltip of the finding under the mouse in a text view."""

    def __init__(self, view: QPlainTextEdit | QTextEdit, highlighter: FindingsHighlighter) -> None:
        super().__init__(view)
        self._view = view
        self._highlighter = highlighter
        view.viewport().installEventFilter(self)

    def text_at(self, point: QPoint) -> str | None:
        position = self._view.cursorForPosition(point).position()
        return self._highlighter.tooltip_at(position)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.text_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self._view.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().eventFilter(watched, event)


def jump_to_finding(
    view: QPlainTextEdit | QTextEdit, highlighter: FindingsHighlighter, finding: Finding
) -> bool:
    """Select a finding's span in its view and scroll to it (connect to finding_activated)."""
    span = highlighter.span_of(finding)
    if span is None:
        return False
    cursor = view.textCursor()
    cursor.setPosition(span[0])
    cursor.setPosition(span[1], QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    return True
