"""Word numbering resolved to the labels a reader sees in Word."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from app.docx_io.numbering import Numbering, format_number
from app.docx_io.reader import read_docx
from tests.docx_io.builders import W_NS, level_xml, new_document, numbered, save, set_numbering


def numbering_of(abstracts: dict[int, list[str]], nums: dict[int, str]) -> Numbering:
    parts = [
        f'<w:abstractNum w:abstractNumId="{a}">{"".join(levels)}</w:abstractNum>'
        for a, levels in abstracts.items()
    ]
    for num_id, inner in nums.items():
        abstract_id, _, rest = inner.partition("|")
        parts.append(
            f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{rest}</w:num>'
        )
    root = etree.fromstring(f'<w:numbering xmlns:w="{W_NS}">{"".join(parts)}</w:numbering>')
    return Numbering(root, {})


OUTLINE = [
    level_xml(0, "decimal", "%1."),
    level_xml(1, "decimal", "%1.%2"),
    level_xml(2, "lowerLetter", "(%3)"),
]


@pytest.mark.parametrize(
    ("value", "fmt", "label"),
    [
        (1, "decimal", "1"),
        (4, "upperRoman", "IV"),
        (1999, "lowerRoman", "mcmxcix"),
        (2, "lowerLetter", "b"),
        (27, "lowerLetter", "aa"),
        (28, "upperLetter", "BB"),
        (3, "decimalZero", "03"),
        (22, "ordinal", "22nd"),
        (5, "bullet", None),
    ],
)
def test_counters_are_formatted_as_word_shows_them(value: int, fmt: str, label: str | None) -> None:
    assert format_number(value, fmt) == label


def test_multilevel_outline_counts_and_restarts_lower_levels() -> None:
    numbering = numbering_of({0: OUTLINE}, {1: "0"})
    levels = [0, 1, 1, 2, 2, 1, 0, 1, 2]
    labels = [numbering.label("1", ilvl) for ilvl in levels]
    assert labels == ["1.", "1.1", "1.2", "(a)", "(b)", "1.3", "2.", "2.1", "(a)"]


def test_article_numbers_in_roman_and_legal_numbering_in_decimal() -> None:
    levels = [
        level_xml(0, "upperRoman", "Article %1"),
        level_xml(1, "decimal", "Section %1.%2", legal=True),
    ]
    numbering = numbering_of({0: levels}, {1: "0"})
    labels = [numbering.label("1", ilvl) for ilvl in (0, 0, 0, 0, 1, 1)]
    articles = ["Article I", "Article II", "Article III", "Article IV"]
    assert labels == [*articles, "Section 4.1", "Section 4.2"]


def test_a_level_that_never_restarts_keeps_counting() -> None:
    levels = [level_xml(0, "decimal", "%1."), level_xml(1, "decimal", "%2)", restart=0)]
    numbering = numbering_of({0: levels}, {1: "0"})
    labels = [numbering.label("1", ilvl) for ilvl in (0, 1, 1, 0, 1)]
    assert labels == ["1.", "1)", "2)", "2.", "3)"]


def test_start_value_and_start_override_restart_a_shared_list() -> None:
    levels = [level_xml(0, "decimal", "%1.", start=5)]
    restart = '0|<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
    numbering = numbering_of({0: levels}, {1: "0", 2: "0", 3: restart})
    labels = [numbering.label(n, 0) for n in ("1", "1", "2", "3", "3")]
    # Lists 1 and 2 share one definition and one count; list 3 restarts at its override.
    assert labels == ["5.", "6.", "7.", "1.", "2."]


def test_bullets_and_unknown_lists_have_no_label() -> None:
    numbering = numbering_of({0: [level_xml(0, "bullet", "\u2022")]}, {1: "0"})
    assert numbering.label("1", 0) is None
    assert numbering.label("99", 0) is None


def test_word_numbered_document_reads_labels_and_nesting(tmp_path: Path) -> None:
    document = new_document()
    set_numbering(document, {0: OUTLINE}, {1: "0"})
    numbered(document.add_paragraph("Definitions"), 1, 0)
    numbered(document.add_paragraph("Agreement means this agreement."), 1, 1)
    numbered(document.add_paragraph("Fees"), 1, 0)
    numbered(document.add_paragraph("Customer pays the fees:"), 1, 1)
    numbered(document.add_paragraph("monthly; and"), 1, 2)
    numbered(document.add_paragraph("in advance."), 1, 2)
    split = read_docx(save(document, tmp_path / "numbered.docx"))
    numbers = [(c.number, c.level) for c in split.clauses]
    assert numbers == [("1.", 1), ("1.1", 2), ("2.", 1), ("2.1", 2), ("(a)", 3), ("(b)", 3)]
    assert split.clauses[0].heading == "Definitions"
    assert split.clauses[4].text == "monthly; and"


def test_numbering_inherited_from_a_heading_style(tmp_path: Path) -> None:
    document = new_document()
    set_numbering(document, {0: [level_xml(0, "upperRoman", "Article %1")]}, {7: "0"})
    style = document.styles["Heading 1"].element
    p_pr = style.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    num_id = OxmlElement("w:numId")
    num_id.set(qn("w:val"), "7")
    num_pr.append(num_id)
    p_pr.append(num_pr)
    for title in ("Definitions", "Fees", "Term", "Liability"):
        document.add_heading(title, level=1)
        document.add_paragraph(f"The {title.lower()} clause text.")
    split = read_docx(save(document, tmp_path / "articles.docx"))
    assert [(c.number, c.heading) for c in split.clauses] == [
        ("Article I", "Definitions"),
        ("Article II", "Fees"),
        ("Article III", "Term"),
        ("Article IV", "Liability"),
    ]
    assert split.clauses[3].text == "The liability clause text."
