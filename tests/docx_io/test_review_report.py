"""The Word review report: facts, a deviations table with lost protections first, each clause."""

from __future__ import annotations

import datetime as dt
import io

import docx
from docx.enum.text import WD_UNDERLINE
from docx.text.paragraph import Paragraph

from app.docx_io.review_report import DELETED, INSERTED, report_bytes
from app.domain.comparison import (
    ClauseChange,
    Comparison,
    LibraryPosition,
    RiskDelta,
    Summary,
)
from app.domain.review import Review, ReviewDecision

WHEN = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
POSITIONS = (
    LibraryPosition("ct-preferred", "Competing models", "preferred"),
    LibraryPosition("ct-fallback", "Competing models (fallback)", "fallback"),
)


def _review() -> Review:
    fees = ClauseChange(
        "modified", 0, 0, "Fees", 0.9,
        (("equal", "1. Fees\nPay within "), ("delete", "thirty"), ("insert", "sixty"),
         ("equal", " days.")),
        number="1.",
    )  # fmt: skip
    output = ClauseChange(
        "removed", 1, None, "Use of Output", 0.0,
        (("delete", "2. Use of Output\nYou may not use Output to build rival models."),),
        old_number="2.", categories_lost=("competitor-training",), library_positions=POSITIONS,
    )  # fmt: skip
    law = ClauseChange("unchanged", 2, 1, "Law", 1.0, (("equal", "3. Law\nIreland."),))
    comparison = Comparison(
        old="standard.md",
        new="customer.docx",
        clauses=(fees, output, law),
        summary=Summary(unchanged=1, modified=1, removed=1),
        risk=RiskDelta(lost=("competitor-training",)),
    )
    return Review(comparison, "standard.md", "customer.docx", customer="Acme Corp")


def _style(paragraph: Paragraph) -> str:
    return paragraph.style.name if paragraph.style is not None else ""


def _document() -> docx.document.Document:
    return docx.Document(io.BytesIO(report_bytes(_review(), date=WHEN)))


def test_report_names_customer_contract_standard_and_date() -> None:
    texts = [p.text for p in _document().paragraphs]
    assert texts[0] == "Contract review"
    assert "Customer: Acme Corp" in texts
    assert "Contract: customer.docx" in texts
    assert "Standard: standard.md" in texts
    assert "Date: 1 March 2026" in texts


def test_summary_table_lists_the_lost_protection_first_with_positions() -> None:
    table = _document().tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header == ["#", "Clause", "Change", "Similarity", "Risk", "Library positions"]
    first, second = ([c.text for c in row.cells] for row in table.rows[1:])
    assert first[1] == "2. Use of Output"
    assert first[2] == "missing from the customer's version"
    assert "lost: competitor-training" in first[4]
    assert first[5].splitlines() == ["preferred: ct-preferred", "fallback: ct-fallback"]
    assert second[1] == "1. Fees" and second[3] == "90%"
    assert len(table.rows) == 3  # the unchanged clause is not a deviation


def test_lost_protection_is_the_first_risk_line() -> None:
    bullets = [p.text for p in _document().paragraphs if _style(p) == "List Bullet"]
    assert bullets[0] == "LOST protections: competitor-training"


def test_each_deviating_clause_shows_coloured_insertions_and_deletions() -> None:
    document = _document()
    headings = [p.text for p in document.paragraphs if _style(p) == "Heading 2"]
    assert headings == ["2. Use of Output", "1. Fees"]
    runs = [r for p in document.paragraphs for r in p.runs]
    deleted = next(r for r in runs if r.text == "thirty")
    inserted = next(r for r in runs if r.text == "sixty")
    assert deleted.font.strike and deleted.font.color.rgb == DELETED
    assert inserted.font.underline == WD_UNDERLINE.DOUBLE
    assert inserted.font.color.rgb == INSERTED
    texts = [p.text for p in document.paragraphs]
    assert any(t.startswith("Library positions: preferred: Competing models") for t in texts)


def test_report_has_no_tracked_changes_and_no_personal_metadata() -> None:
    data = report_bytes(_review(), date=WHEN)
    document = docx.Document(io.BytesIO(data))
    body = document.element.body.xml
    assert "<w:ins " not in body and "<w:del " not in body
    assert document.core_properties.author == ""


def _section(texts: list[str], heading: str) -> list[str]:
    """The paragraphs under a heading, up to the next heading."""
    start = texts.index(heading) + 1
    end = next((k for k in range(start, len(texts)) if texts[k] in HEADINGS), len(texts))
    return texts[start:end]


HEADINGS = ("2. Use of Output", "1. Fees", "Other notes", "Law")


def test_each_clause_shows_the_lawyers_decision_and_note_and_other_notes_come_last() -> None:
    notes = (
        ReviewDecision(1, "fallback", "We can offer this.", position_key="ct-fallback"),
        ReviewDecision.note_only(0, "Ask finance first."),
        ReviewDecision.note_only(2, "Irish law is fine."),
    )
    document = docx.Document(io.BytesIO(report_bytes(_review(), date=WHEN, notes=notes)))
    texts = [p.text for p in document.paragraphs]
    output = _section(texts, "2. Use of Output")
    assert "Decision: offer fallback (ct-fallback)" in output
    assert "Note: We can offer this." in output
    assert "Note (no decision yet): Ask finance first." in _section(texts, "1. Fees")
    assert texts.index("Other notes") > texts.index("1. Fees")
    assert _section(texts, "Law") == ["Note (no decision yet): Irish law is fine."]
    assert "Decided: 1 of 2 deviating clause(s); 3 note(s)." in texts
    label = next(p for p in document.paragraphs if p.text.startswith("Decision:")).runs[0]
    assert label.text == "Decision: " and label.bold


def test_without_notes_the_report_says_nothing_about_decisions() -> None:
    texts = [p.text for p in _document().paragraphs]
    assert not any(t.startswith(("Decision", "Decided", "Note:", "Other notes")) for t in texts)


def test_summary_table_type_is_smaller_than_the_body_and_fits_the_text_width() -> None:
    from docx.shared import Inches, Pt

    table = _document().tables[0]
    sizes = {
        r.font.size for row in table.rows for c in row.cells for p in c.paragraphs for r in p.runs
    }
    assert sizes == {Pt(8.5)}
    assert sum(cell.width for cell in table.rows[0].cells) == Inches(6.0)
