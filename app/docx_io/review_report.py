"""The Word review report: who and what was reviewed, a table of deviations and risks (lost
protections first), then each deviating clause with the library's positions, the lawyer's decision
and note, and its redline; last, the lawyer's notes on clauses that do not deviate.

The redline inside the report is shown with coloured runs (insertions blue and double-underlined,
deletions red and struck through), not as tracked changes: a report is read, not accepted, and
"accept all" in Word must not rewrite it. The tracked-changes redline is a separate file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from typing import Any

import docx
from docx.enum.text import WD_UNDERLINE
from docx.shared import Inches, Pt, RGBColor

from app.atomic_write import write_bytes_atomic
from app.domain.comparison import ClauseChange
from app.domain.review import (
    Review,
    ReviewDecision,
    clause_name,
    decision_lines,
    decisions_summary,
    positions_text,
    risk_lines,
    status_text,
)

INSERTED = RGBColor(0x1F, 0x4E, 0xA8)
DELETED = RGBColor(0xB4, 0x23, 0x18)
LOST = RGBColor(0x8A, 0x1C, 0x1C)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_COLUMNS = ("#", "Clause", "Change", "Similarity", "Risk", "Library positions")
_TABLE_TYPE = Pt(8.5)
_WIDTHS = (0.3, 1.35, 1.05, 0.9, 1.2, 1.2)  # inches: 6.0, the text width between the margins


def report_bytes(
    review: Review, *, date: dt.datetime | None = None, notes: Sequence[ReviewDecision] = ()
) -> bytes:
    """The report as .docx bytes; ``notes`` are the lawyer's decisions and notes per clause."""
    by_clause = {n.clause: n for n in notes}
    word = docx.Document()
    when = date or review.reviewed_at or dt.datetime.now(dt.UTC)
    word.add_paragraph(_clean("Contract review"), style="Title")
    _facts(word, review, when)
    word.add_heading("Summary", level=1)
    summary = review.comparison.summary
    word.add_paragraph(
        f"{len(review.deviations())} deviating clause(s): {summary.modified} modified, "
        f"{summary.moved} moved, {summary.added} added by the customer, {summary.removed} "
        f"missing from the customer's version; {summary.unchanged} unchanged."
    )
    for line in risk_lines(review.risk):
        paragraph = word.add_paragraph(style="List Bullet")
        run = paragraph.add_run(_clean(line))
        if line.startswith(("LOST", "WEAKENED")):
            run.bold = True
            run.font.color.rgb = LOST
    for warning in review.comparison.warnings:
        word.add_paragraph(_clean(f"Note: {warning}"))
    if notes:
        word.add_paragraph(decisions_summary(review, notes))
    _deviation_table(word, review)
    word.add_heading("Deviating clauses", level=1)
    for position in review.deviations():
        _clause_section(word, review.clauses[position], by_clause.get(position))
    _other_notes(word, review, by_clause)
    _set_properties(word, when)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def write_report(
    path: Any,
    review: Review,
    *,
    date: dt.datetime | None = None,
    notes: Sequence[ReviewDecision] = (),
) -> None:
    """Write the report atomically."""
    write_bytes_atomic(path, report_bytes(review, date=date, notes=notes))


def _facts(word: Any, review: Review, when: dt.datetime) -> None:
    facts = [
        ("Customer", review.customer or "(not named)"),
        ("Contract", review.contract),
        ("Standard", review.standard),
        ("Date", when.strftime("%d %B %Y").lstrip("0")),
    ]
    for label, value in facts:
        paragraph = word.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(_clean(value))


def _deviation_table(word: Any, review: Review) -> None:
    deviations = review.deviations()
    if not deviations:
        word.add_paragraph("The contract follows the standard: no clause deviates.")
        return
    table = word.add_table(rows=1, cols=len(_COLUMNS))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, _COLUMNS, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(title).bold = True
    for number, position in enumerate(deviations, start=1):
        change = review.clauses[position]
        cells = table.add_row().cells
        cells[0].text = str(number)
        cells[1].text = _clean(clause_name(change))
        cells[2].text = status_text(change)
        paired = change.old_index is not None and change.new_index is not None
        cells[3].text = f"{change.similarity:.0%}" if paired else "\u2014"
        _risk_cell(cells[4], change)
        cells[5].text = _clean(
            "\n".join(f"{p.tier or 'untiered'}: {p.key}" for p in change.library_positions)
        )
    # A smaller type than the body, so category names fit their column unbroken.
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = _TABLE_TYPE
    # LibreOffice reads the grid's column widths, Word the cells' own: set both.
    table.autofit = False
    for column, width in zip(table.columns, _WIDTHS, strict=True):
        column.width = Inches(width)
    for row in table.rows:
        for cell, width in zip(row.cells, _WIDTHS, strict=True):
            cell.width = Inches(width)


def _risk_cell(cell: Any, change: ClauseChange) -> None:
    cell.text = ""
    paragraph = cell.paragraphs[0]
    if change.categories_lost:
        run = paragraph.add_run("lost: " + ", ".join(change.categories_lost))
        run.bold = True
        run.font.color.rgb = LOST
    if change.categories_gained:
        if change.categories_lost:
            paragraph.add_run("\n")
        paragraph.add_run("added: " + ", ".join(change.categories_gained))


def _clause_section(word: Any, change: ClauseChange, note: ReviewDecision | None) -> None:
    word.add_heading(_clean(clause_name(change)), level=2)
    status = word.add_paragraph()
    status.add_run(status_text(change).capitalize()).italic = True
    if change.old_index is not None and change.new_index is not None:
        status.add_run(f", similarity {change.similarity:.0%}").italic = True
    if change.categories_lost:
        run = word.add_paragraph().add_run("Protection lost: " + ", ".join(change.categories_lost))
        run.bold = True
        run.font.color.rgb = LOST
    if change.categories_gained:
        word.add_paragraph("Added by the customer: " + ", ".join(change.categories_gained))
    if change.library_positions:
        word.add_paragraph(_clean("Library positions: " + positions_text(change.library_positions)))
    if note is not None:
        _decision(word, note)
    _redline(word, change)


def _decision(word: Any, note: ReviewDecision) -> None:
    """The lawyer's decision and note, each line's label in bold ("Decision:", "Note:")."""
    for label, text in decision_lines(note):
        paragraph = word.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(_clean(text))


def _other_notes(word: Any, review: Review, by_clause: Mapping[int, ReviewDecision]) -> None:
    """Notes on clauses that do not deviate (the command line accepts any clause)."""
    others = sorted(by_clause.keys() - set(review.deviations()))
    if not others:
        return
    word.add_heading("Other notes", level=1)
    for position in others:
        word.add_heading(_clean(clause_name(review.clauses[position])), level=2)
        _decision(word, by_clause[position])


def _redline(word: Any, change: ClauseChange) -> None:
    """The clause's pieces, one Word paragraph per line, insertions and deletions coloured."""
    paragraph = word.add_paragraph()
    for op, text in change.changes:
        for k, line in enumerate(text.split("\n")):
            if k:
                paragraph = word.add_paragraph()
            if line:
                _piece(paragraph, op, line)


def _piece(paragraph: Any, op: str, text: str) -> None:
    run = paragraph.add_run(_clean(text))
    if op == "insert":
        run.font.color.rgb = INSERTED
        run.font.underline = WD_UNDERLINE.DOUBLE
    elif op == "delete":
        run.font.color.rgb = DELETED
        run.font.strike = True


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _set_properties(word: Any, when: dt.datetime) -> None:
    """No personal metadata in the report."""
    core = word.core_properties
    core.author = ""
    core.last_modified_by = ""
    core.comments = ""
    core.title = "Contract review"
    naive = when if when.tzinfo is None else when.astimezone(dt.UTC).replace(tzinfo=None)
    core.created = naive
    core.modified = naive
    word.styles["Normal"].font.size = Pt(10.5)
