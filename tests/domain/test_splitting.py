"""Splitting paragraphs into clauses: where clauses start, their numbers, headings and nesting."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.splitting import Paragraph, split_paragraphs


def _split(
    *paragraphs: Paragraph | str,
) -> list[tuple[str | None, str | None, str, int, int | None]]:
    items = [p if isinstance(p, Paragraph) else Paragraph(p) for p in paragraphs]
    doc = split_paragraphs(items, "test.md")
    return [(c.number, c.heading, c.text, c.level, c.parent) for c in doc.clauses]


def test_typed_numbers_start_clauses_and_leave_the_text() -> None:
    clauses = _split(
        "1. The customer pays.", "4.2 The provider delivers.", "D.4. Notices go by email."
    )
    assert [(n, t) for n, _, t, _, _ in clauses] == [
        ("1.", "The customer pays."),
        ("4.2", "The provider delivers."),
        ("D.4.", "Notices go by email."),
    ]


def test_sub_numbers_nest_under_their_clause() -> None:
    clauses = _split(
        "1. Fees apply.", "1.1 Fees are due monthly.", "1.2 Late fees apply.", "2. Term."
    )
    assert [(n, lvl, parent) for n, _, _, lvl, parent in clauses] == [
        ("1.", 1, None),
        ("1.1", 2, 0),
        ("1.2", 2, 0),
        ("2.", 1, None),
    ]


def test_lettered_and_roman_items_nest_one_deeper_than_their_parent() -> None:
    clauses = _split(
        "3.1 You may not:",
        "(a) copy the Services;",
        "(i) in whole;",
        "(ii) in part;",
        "(b) resell the Services.",
    )
    assert [(n, lvl, parent) for n, _, _, lvl, parent in clauses] == [
        ("3.1", 1, None),
        ("(a)", 2, 0),
        ("(i)", 3, 1),
        ("(ii)", 3, 1),
        ("(b)", 2, 0),
    ]


def test_letter_i_after_h_is_a_letter_not_a_roman_numeral() -> None:
    clauses = _split("1. Items:", "(h) eighth;", "(i) ninth.")
    assert clauses[2][3] == clauses[1][3] == 2


def test_section_and_article_labels_are_numbers() -> None:
    clauses = _split("Article IV General", "Section 4.1 – The parties agree to cooperate.")
    assert clauses[0][:2] == ("Article IV", "General")
    assert clauses[1][0] == "Section 4.1"
    assert clauses[1][2] == "The parties agree to cooperate."
    assert clauses[1][4] == 0


def test_headings_start_clauses_and_body_paragraphs_join_them() -> None:
    clauses = _split(
        Paragraph("Fees", heading_level=2),
        "You pay monthly.",
        "Fees exclude taxes.",
        Paragraph("Term", heading_level=2),
        "One year.",
    )
    assert clauses == [
        (None, "Fees", "You pay monthly.\nFees exclude taxes.", 1, None),
        (None, "Term", "One year.", 1, None),
    ]


def test_numbered_heading_splits_into_number_and_heading() -> None:
    clauses = _split(Paragraph("4.2 Your Account", heading_level=3), "Keep it safe.")
    assert clauses == [("4.2", "Your Account", "Keep it safe.", 1, None)]


def test_number_alone_takes_the_next_short_line_as_heading() -> None:
    clauses = _split("2.", "Fees and Payment", "You pay monthly.")
    assert clauses == [("2.", "Fees and Payment", "You pay monthly.", 1, None)]


def test_short_numbered_title_line_is_a_heading() -> None:
    clauses = _split("7. LIMITATION OF LIABILITY", "We are not liable for indirect loss.")
    assert clauses == [
        ("7.", "LIMITATION OF LIABILITY", "We are not liable for indirect loss.", 1, None)
    ]


def test_bold_lead_in_becomes_the_heading() -> None:
    clauses = _split(
        Paragraph("Registration", heading_level=2),
        Paragraph("Minimum Age. You must be 13.", bold_lead="Minimum Age."),
        Paragraph("Registration. Give true details.", bold_lead="Registration"),
    )
    assert clauses[1] == (None, "Minimum Age", "You must be 13.", 2, 0)
    assert clauses[2] == (None, "Registration", "Give true details.", 2, 0)


def test_bold_emphasis_without_punctuation_is_not_a_lead_in() -> None:
    clauses = _split(Paragraph("Effective: 1 May (previous)", bold_lead="Effective: 1 May"))
    assert clauses == [(None, None, "Effective: 1 May (previous)", 1, None)]


def test_document_without_structure_gives_one_clause_per_paragraph() -> None:
    clauses = _split("First paragraph.", "Second paragraph.", "Third.")
    assert [c[2] for c in clauses] == ["First paragraph.", "Second paragraph.", "Third."]
    assert all(c[3] == 1 and c[4] is None for c in clauses)


def test_lone_top_heading_is_the_title_not_a_clause() -> None:
    doc = split_paragraphs(
        [Paragraph("Master Terms", heading_level=1), Paragraph("1. Fees apply.")], "t.md"
    )
    assert doc.title == "Master Terms"
    assert [c.number for c in doc.clauses] == ["1."]


def test_known_list_number_under_a_numbered_heading_nests() -> None:
    clauses = _split(
        Paragraph("4.2 Restrictions", heading_level=2),
        Paragraph("do not copy;", number="1."),
        Paragraph("do not resell.", number="2."),
    )
    assert [(n, lvl, parent) for n, _, _, lvl, parent in clauses] == [
        ("4.2", 1, None),
        ("1.", 2, 0),
        ("2.", 2, 0),
    ]


def test_typed_number_closes_the_previous_numbered_heading() -> None:
    clauses = _split(Paragraph("1. Definitions", heading_level=2), "Words.", "2. Fees apply here.")
    assert clauses[1][3:] == (1, None)


def test_numbers_inside_sentences_do_not_start_clauses() -> None:
    clauses = _split("Fees.", "30 days notice applies.", "12.5% interest is charged.")
    assert [c[0] for c in clauses] == [None, None, None]


def test_empty_paragraphs_and_empty_documents() -> None:
    assert _split() == []
    assert _split("", "   ") == []


def test_warnings_and_source_are_kept() -> None:
    doc = split_paragraphs([Paragraph("x")], "a.docx", warnings=["tracked changes accepted"])
    assert doc.source == "a.docx"
    assert doc.warnings == ("tracked changes accepted",)


paragraph_texts = st.sampled_from(
    [
        "1. Fees apply.", "1.1 Monthly fees.", "(a) in advance;", "(i) by card;", "(ii) by wire;",
        "(b) in arrears.", "Section 4 Payment", "Article IV General", "D.4. Notices by email.",
        "Plain body text.", "", "2.", "Fees and Payment", "A. Smith", "😀 禁止 שלום",
    ]
)  # fmt: skip
paragraphs = st.builds(
    Paragraph,
    paragraph_texts,
    heading_level=st.none() | st.integers(1, 4),
    number=st.none() | st.sampled_from(["1.", "a)", "(iii)", "2.1"]),
    bold_lead=st.none() | st.sampled_from(["Fees.", "1. Fees", "Plain"]),
    in_table=st.booleans(),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(paragraphs, max_size=25))
def test_any_paragraphs_split_into_a_consistent_outline(items: list[Paragraph]) -> None:
    doc = split_paragraphs(items, "any.md")
    for position, clause in enumerate(doc.clauses):
        assert clause.index == position
        if clause.parent is None:
            assert clause.level == 1
        else:
            assert clause.parent < clause.index
            assert clause.level == doc.clauses[clause.parent].level + 1


def test_list_items_nest_by_list_depth_whatever_their_numbers() -> None:
    clauses = _split(
        Paragraph("Services", number="1.", list_depth=1),
        Paragraph("Providing Services. We provide them.", number="1.", list_depth=2),
        Paragraph("Cooperation. You cooperate.", number="2.", list_depth=2),
        Paragraph("Intellectual Property", number="2.", list_depth=1),
    )
    assert [(n, lvl, parent) for n, _, _, lvl, parent in clauses] == [
        ("1.", 1, None),
        ("1.", 2, 0),
        ("2.", 2, 0),
        ("2.", 1, None),
    ]


def test_typed_number_continuing_a_series_is_a_sibling() -> None:
    clauses = _split(
        Paragraph("Services", number="1.", list_depth=1),
        Paragraph("Providing Services. We provide them.", number="1.", list_depth=2),
        Paragraph("Cooperation. You cooperate.", number="2.", list_depth=2),
        "3. Change Orders. Either party may ask for changes.",
    )
    assert clauses[3][0] == "3."
    assert clauses[3][3:] == (2, 0)


def test_typed_series_restarting_at_one_opens_under_the_clause_before() -> None:
    clauses = _split("2. INTELLECTUAL PROPERTY", "1. Deliverables are yours.", "2. Tools are ours.")
    assert [(n, lvl, parent) for n, _, _, lvl, parent in clauses] == [
        ("2.", 1, None),
        ("1.", 2, 0),
        ("2.", 2, 0),
    ]


def test_run_in_title_of_a_numbered_clause_is_its_heading() -> None:
    clauses = _split(
        "1. Grant of Rights. You are granted a licence.",
        "a. Redistribution and Use. You may share copies.",
        "2. The Customer pays. Fees are due monthly.",
    )
    assert [(n, h, t) for n, h, t, _, _ in clauses] == [
        ("1.", "Grant of Rights", "You are granted a licence."),
        ("a.", "Redistribution and Use", "You may share copies."),
        ("2.", None, "The Customer pays. Fees are due monthly."),
    ]
