"""Real Word contracts from the shared corpus: the clauses a reader sees when opening them."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.docx_io.isolation import import_docx
from app.domain.document import SplitDocument
from tests.conftest import CORPUS

DOCX = CORPUS / "docx"


def corpus_file(name: str) -> Path:
    path = DOCX / name
    if not path.exists():
        pytest.skip(f"corpus file {name} is not present")
    return path


def headings(split: SplitDocument) -> dict[str, str | None]:
    return {c.number: c.heading for c in split.clauses if c.number}


def test_common_paper_cloud_service_agreement_matches_its_numbered_sections() -> None:
    split = import_docx(corpus_file("common-paper-cloud-service-agreement.docx"))
    found = headings(split)
    # As LibreOffice renders them: 13 sections, "1. Service" ... "13. Definitions".
    top = [c for c in split.clauses if c.number and c.parent is None]
    assert [c.number for c in top] == [f"{n}." for n in range(1, 14)]
    assert found["1."] == "Service"
    assert found["1.6"] == "Machine Learning"
    assert found["8."] == "Limitation of Liability"
    assert found["8.2"] == "Damages Waiver"
    assert found["13."] == "Definitions"
    liability = next(c for c in split.clauses if c.number == "8.2")
    assert split.clauses[liability.parent or 0].number == "8."
    assert 150 <= len(split.clauses) <= 190
    assert split.warnings == ()


def test_y_combinator_safe_reads_typed_numbers_and_lead_ins() -> None:
    split = import_docx(corpus_file("yc-safe-valuation-cap.docx"))
    events = next(c for c in split.clauses if c.number == "1.")
    assert events.heading == "Events"
    items = [(c.number, c.heading) for c in split.clauses if c.parent == events.index]
    assert items == [
        ("(a)", "Equity Financing"),
        ("(b)", "Liquidity Event"),
        ("(c)", "Dissolution Event"),
        ("(d)", "Liquidation Priority"),
        ("(e)", "Termination"),
    ]
    assert [c.heading for c in split.clauses if c.level == 1 and c.number] == [
        "Events",
        "Definitions",
        "Company Representations",
        "Investor Representations",
        "Miscellaneous",
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bonterms-mutual-nda-cover-page.docx", ["Purpose", "Governing Law", "Courts"]),
        ("common-paper-mutual-nda.docx", ["Purpose", "Governing Law", "Jurisdiction"]),
        ("common-paper-pilot-agreement.docx", ["Pilot Period", "Governing Law"]),
    ],
)
def test_cover_page_tables_keep_each_term_with_its_value(name: str, expected: list[str]) -> None:
    split = import_docx(corpus_file(name))
    first_lines = [c.text.split("\n")[0] for c in split.clauses]
    for term in expected:
        assert term in first_lines
        clause = split.clauses[first_lines.index(term)]
        assert "\n" in clause.text  # the term's row also holds its value
