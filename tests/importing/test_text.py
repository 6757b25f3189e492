"""Reading plain text: blank lines separate paragraphs; numbers and short titles are structure."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.errors import InvalidInputError
from app.importing import read_text


def test_blank_lines_separate_paragraphs_and_wrapped_lines_join() -> None:
    doc = read_text("First paragraph\nwrapped here.\n\nSecond paragraph.\n")
    assert [c.text for c in doc.clauses] == ["First paragraph wrapped here.", "Second paragraph."]


def test_numbered_lines_start_clauses_even_without_blank_lines() -> None:
    doc = read_text("1. Fees are due.\n1.1 Monthly.\n(a) in advance;\n2. Term is one year.\n")
    assert [(c.number, c.level) for c in doc.clauses] == [
        ("1.", 1),
        ("1.1", 2),
        ("(a)", 3),
        ("2.", 1),
    ]


def test_short_title_line_is_a_heading() -> None:
    doc = read_text("LIMITATION OF LIABILITY\n\nWe are not liable.\n\nGoverning Law\n\nFrench law.")
    assert [(c.heading, c.text) for c in doc.clauses] == [
        ("LIMITATION OF LIABILITY", "We are not liable."),
        ("Governing Law", "French law."),
    ]


def test_renumbered_typed_labels_are_kept_as_typed() -> None:
    doc = read_text("D.4. Notices go by email.\n\nSection 5. Fees apply.")
    assert [c.number for c in doc.clauses] == ["D.4.", "Section 5"]


def test_undecodable_bytes_are_invalid_input(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\x81\x8d\x8f\x90 not text")
    with pytest.raises(InvalidInputError):
        read_text(path)


def test_crlf_line_ends_read_like_lf(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"1. One fee.\r\n\r\n2. Two fees.\r\n")
    assert [c.text for c in read_text(path).clauses] == ["One fee.", "Two fees."]


def test_lettered_and_roman_items_of_a_licence_nest() -> None:
    doc = read_text(
        "LICENCE AGREEMENT\n\nRelease Date: July 23, 2024\n\n1. License Rights.\n"
        "    a. Grant of Rights. You may use it.\n    b. Redistribution.\n"
        "          i. Keep the notice.\n          ii. Name the model.\n2. Term. One year.\n"
    )
    assert doc.title == "LICENCE AGREEMENT"
    assert [(c.number, c.level) for c in doc.clauses] == [
        (None, 1),
        ("1.", 1),
        ("a.", 2),
        ("b.", 2),
        ("i.", 3),
        ("ii.", 3),
        ("2.", 1),
    ]
    assert doc.clauses[0].heading is None
