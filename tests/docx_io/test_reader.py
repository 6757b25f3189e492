"""Reading a customer's Word document into clauses."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml

from app.docx_io.reader import TRACKED_CHANGES_WARNING, read_docx
from tests.docx_io.builders import W_NS, new_document, save

REVISED = (
    f'<w:p xmlns:w="{W_NS}"><w:r><w:t xml:space="preserve">Second </w:t></w:r>'
    '<w:del w:id="1" w:author="Them" w:date="2026-01-01T00:00:00Z"><w:r>'
    '<w:delText xml:space="preserve">clause </w:delText></w:r></w:del>'
    '<w:ins w:id="2" w:author="Them" w:date="2026-01-01T00:00:00Z"><w:r>'
    '<w:t xml:space="preserve">section </w:t></w:r></w:ins>'
    "<w:r><w:t>text.</w:t></w:r></w:p>"
)


def test_headings_split_clauses_and_headers_and_footers_are_ignored(tmp_path: Path) -> None:
    document = new_document()
    document.sections[0].header.paragraphs[0].text = "CONFIDENTIAL header"
    document.sections[0].footer.paragraphs[0].text = "Page footer"
    document.add_heading("Acceptable Use", level=1)
    document.add_paragraph("You may not scrape the Services.")
    document.add_heading("Fees", level=1)
    document.add_paragraph("Fees are due monthly.")
    document.add_paragraph("Late fees apply.")
    split = read_docx(save(document, tmp_path / "terms.docx"))
    assert [(c.heading, c.text) for c in split.clauses] == [
        ("Acceptable Use", "You may not scrape the Services."),
        ("Fees", "Fees are due monthly.\nLate fees apply."),
    ]
    everything = " ".join(c.full_text for c in split.clauses)
    assert "header" not in everything and "footer" not in everything


def test_tracked_changes_are_read_as_accepted_and_the_user_is_told(tmp_path: Path) -> None:
    document = new_document()
    document.add_heading("Scope", level=1)
    document.element.body.insert(1, parse_xml(REVISED))
    path = save(document, tmp_path / "revised.docx")
    # python-docx alone silently loses the inserted word: the reason we read the XML.
    assert docx.Document(str(path)).paragraphs[1].text == "Second text."
    split = read_docx(path)
    assert split.clauses[0].text == "Second section text."
    assert split.warnings == (TRACKED_CHANGES_WARNING,)


def test_a_deleted_paragraph_mark_joins_the_paragraph_to_the_next(tmp_path: Path) -> None:
    joined = (
        f'<w:p xmlns:w="{W_NS}"><w:pPr><w:rPr><w:del w:id="5" w:author="A" '
        'w:date="2026-01-01T00:00:00Z"/></w:rPr></w:pPr>'
        '<w:r><w:t xml:space="preserve">Customer may </w:t></w:r></w:p>'
    )
    document = new_document()
    document.add_heading("Use", level=1)
    document.element.body.insert(1, parse_xml(joined))
    document.add_paragraph("use the Output.")
    split = read_docx(save(document, tmp_path / "joined.docx"))
    assert split.clauses[0].text == "Customer may use the Output."


def test_comments_are_kept_with_the_clause_they_annotate(tmp_path: Path) -> None:
    document = new_document()
    document.add_heading("Liability", level=1)
    document.add_paragraph("Liability is capped at fees paid.")
    document.add_heading("Training", level=1)
    commented = document.add_paragraph("Customer may not use Output to train competing models.")
    document.add_comment(commented.runs, text="We cannot accept this.", author="Dana Client")
    split = read_docx(save(document, tmp_path / "commented.docx"))
    assert split.clauses[0].comments == ()
    assert split.clauses[1].comments == ("Dana Client: We cannot accept this.",)


def test_tables_are_read_in_order_with_their_cells(tmp_path: Path) -> None:
    document = new_document()
    document.add_heading("Fees", level=1)
    document.add_paragraph("The fees are:")
    table = document.add_table(rows=2, cols=2)
    for row, (plan, price) in zip(table.rows, [("Basic", "$10"), ("Pro", "$20")], strict=True):
        row.cells[0].text, row.cells[1].text = plan, price
    document.add_paragraph("Prices exclude tax.")
    document.add_heading("Term", level=1)
    split = read_docx(save(document, tmp_path / "table.docx"))
    assert split.clauses[0].text == "The fees are:\nBasic\n$10\nPro\n$20\nPrices exclude tax."


def test_bold_lead_ins_and_typed_numbers_start_clauses(tmp_path: Path) -> None:
    document = new_document()
    for lead, rest in [
        ("Limitation of Liability.", " Neither party is liable for indirect damages."),
        ("Governing Law.", " The laws of Delaware govern."),
    ]:
        paragraph = document.add_paragraph()
        paragraph.add_run(lead).bold = True
        paragraph.add_run(rest)
    document.add_paragraph("1. Definitions")
    document.add_paragraph("1.1 Output means what the Services produce.")
    document.add_paragraph("(a) including text; and")
    document.add_paragraph("Section 4. Term")
    split = read_docx(save(document, tmp_path / "leads.docx"))
    found = [(c.number, c.heading, c.text, c.level) for c in split.clauses]
    assert found == [
        (None, "Limitation of Liability", "Neither party is liable for indirect damages.", 1),
        (None, "Governing Law", "The laws of Delaware govern.", 1),
        ("1.", "Definitions", "", 1),
        ("1.1", None, "Output means what the Services produce.", 2),
        ("(a)", None, "including text; and", 3),
        ("Section 4", "Term", "", 1),
    ]


def test_a_plain_number_run_before_a_bold_lead_in_keeps_the_lead_in(tmp_path: Path) -> None:
    document = new_document()
    paragraph = document.add_paragraph()
    for text in ("(", "e", ")", "\t"):
        paragraph.add_run(text)
    paragraph.add_run("Termination").bold = True
    paragraph.add_run(". This Safe terminates on conversion.")
    split = read_docx(save(document, tmp_path / "safe.docx"))
    clause = split.clauses[0]
    assert (clause.number, clause.heading, clause.text) == (
        "(e)",
        "Termination",
        "This Safe terminates on conversion.",
    )
