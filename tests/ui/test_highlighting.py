"""The findings highlighter: severity colours, UTF-16 offsets after emoji, tooltips, contrast."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from app.domain.findings import Finding, Severity
from app.ui.highlighting import (
    FindingsHighlighter,
    FindingsTooltips,
    Utf16Map,
    contrast_ratio,
    jump_to_finding,
    severity_fill,
    utf16_length,
)


def _finding(text: str, span: str, severity: Severity = Severity.HIGH, index: int = 0) -> Finding:
    start = text.index(span)
    return Finding(
        category="competitor-training",
        rule="r",
        severity=severity,
        start=start,
        end=start + len(span),
        text=span,
        explanation="Forbids building models.",
        clause_index=index,
        scope="competing-models",
    )


def _highlighted(view: QPlainTextEdit) -> str:
    """The characters that carry a highlight format, as Qt paints them."""
    painted = []
    block = view.document().firstBlock()
    while block.isValid():
        for fmt_range in block.layout().formats():
            cursor = QTextCursor(view.document())
            cursor.setPosition(block.position() + fmt_range.start)
            cursor.setPosition(
                block.position() + fmt_range.start + fmt_range.length,
                QTextCursor.MoveMode.KeepAnchor,
            )
            painted.append(cursor.selectedText())
        block = block.next()
    return "|".join(painted)


def test_utf16_map_converts_both_ways() -> None:
    text = "a😀b👍🏽c"
    positions = Utf16Map(text)
    assert utf16_length(text) == len(text.encode("utf-16-le")) // 2
    assert [positions.to_utf16(i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 6, 8, 9]
    assert [positions.from_utf16(p) for p in (0, 1, 3, 4, 6, 8, 9)] == list(range(7))


def test_highlight_after_emoji_lands_on_the_matched_words(qtbot: QtBot) -> None:
    text = "Intro 😀😀 line.\nSecond 🎉 line: you may not develop models here."
    view = QPlainTextEdit()
    qtbot.addWidget(view)
    view.setPlainText(text)
    highlighter = FindingsHighlighter(view.document())
    highlighter.set_findings([_finding(text, "develop models")])
    assert _highlighted(view) == "develop models"


def test_findings_per_clause_are_shifted_to_their_clause(qtbot: QtBot) -> None:
    clauses = ["First 😀 clause.", "Then develop models."]
    text = "\n".join(clauses)
    view = QPlainTextEdit()
    qtbot.addWidget(view)
    view.setPlainText(text)
    highlighter = FindingsHighlighter(view.document())
    finding = _finding(clauses[1], "develop models", index=1)
    highlighter.set_findings([finding], {0: 0, 1: len(clauses[0]) + 1})
    assert _highlighted(view) == "develop models"


def test_tooltip_explains_the_finding_under_a_position(qtbot: QtBot) -> None:
    text = "😀 develop models"
    view = QPlainTextEdit()
    qtbot.addWidget(view)
    view.setPlainText(text)
    highlighter = FindingsHighlighter(view.document())
    highlighter.set_findings([_finding(text, "develop models")])
    FindingsTooltips(view, highlighter)
    inside = Utf16Map(text).to_utf16(text.index("models"))
    tip = highlighter.tooltip_at(inside)
    assert tip is not None
    assert "Forbids building models." in tip and "competing-models" in tip
    assert highlighter.tooltip_at(0) is None


def test_most_severe_finding_wins_where_findings_overlap(qtbot: QtBot) -> None:
    text = "may not develop models"
    view = QPlainTextEdit()
    qtbot.addWidget(view)
    view.setPlainText(text)
    highlighter = FindingsHighlighter(view.document())
    low = _finding(text, "may not develop", Severity.LOW)
    high = _finding(text, "develop models", Severity.HIGH)
    highlighter.set_findings([low, high])
    assert highlighter.finding_at(text.index("develop")) is high
    assert highlighter.finding_at(0) is low


@pytest.mark.parametrize(
    ("dark", "text_colours"),
    [(False, ("#000000", "#1f2328")), (True, ("#ffffff", "#e6e8eb"))],
)
@pytest.mark.parametrize("severity", list(Severity))
def test_fills_keep_text_readable_in_light_and_dark(
    dark: bool, text_colours: tuple[str, ...], severity: Severity
) -> None:
    for colour in text_colours:
        assert contrast_ratio(QColor(colour), severity_fill(severity, dark)) >= 4.5


def test_switching_to_dark_repaints_with_dark_fills(qtbot: QtBot) -> None:
    text = "develop models"
    view = QPlainTextEdit()
    qtbot.addWidget(view)
    view.setPlainText(text)
    highlighter = FindingsHighlighter(view.document())
    highlighter.set_findings([_finding(text, text)])
    highlighter.set_dark(True)
    [fmt_range] = view.document().firstBlock().layout().formats()
    assert fmt_range.format.background().color() == severity_fill(Severity.HIGH, True)


def test_jumping_to_a_finding_selects_its_words(qtbot: QtBot) -> None:
    text = "😀 first line\nthen you may not develop models."
    view = QPlainTextEdit()
    qtbot.addWidget(view)
    view.setPlainText(text)
    highlighter = FindingsHighlighter(view.document())
    finding = _finding(text, "develop models")
    highlighter.set_findings([finding])
    assert jump_to_finding(view, highlighter, finding)
    assert view.textCursor().selectedText() == "develop models"


def test_hovering_a_highlight_gives_its_tooltip_text(qtbot: QtBot) -> None:
    text = "develop models " * 3
    view = QPlainTextEdit()
    qtbot.addWidget(view)
    view.resize(600, 200)
    view.setPlainText(text)
    view.show()
    highlighter = FindingsHighlighter(view.document())
    highlighter.set_findings([_finding(text, "develop models")])
    tooltips = FindingsTooltips(view, highlighter)
    cursor = view.textCursor()
    cursor.setPosition(3)
    inside = view.cursorRect(cursor).center()
    tip = tooltips.text_at(inside)
    assert tip is not None and "Forbids building models." in tip
