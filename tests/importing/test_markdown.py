"""Reading Markdown: structure becomes numbers and headings, never clause text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.errors import InvalidInputError
from app.importing import read_markdown
from tests.conftest import CORPUS

SAMPLE = """# Master Terms

Welcome to **the Service**. See [our policy](https://example.com/policy).

## 1. Fees

**Payment.** You pay *monthly* in advance.

1. Invoices are due in 30 days.
2. Late fees apply.

## 2. Restrictions

| Use | Allowed |
|-----|---------|
| Resale | No |

2\\. Escaped number paragraph that is long enough to be a clause on its own.
"""


def _all_text(source: str) -> str:
    doc = read_markdown(source)
    return "\n".join(f"{c.number} {c.heading} {c.text}" for c in doc.clauses) + str(doc.title)


def test_markdown_syntax_and_link_addresses_never_reach_clause_text() -> None:
    text = _all_text(SAMPLE)
    for marker in ("**", "#", "|", "https://", "[", "*monthly*"):
        assert marker not in text
    assert "our policy" in text


def test_headings_lists_and_bold_lead_ins_become_clauses() -> None:
    doc = read_markdown(SAMPLE)
    assert doc.title == "Master Terms"
    shapes = [(c.number, c.heading, c.level) for c in doc.clauses]
    assert shapes[:5] == [
        (None, None, 1),
        ("1.", "Fees", 1),
        (None, "Payment", 2),
        ("1.", None, 2),
        ("2.", None, 2),
    ]
    assert doc.clauses[2].text == "You pay monthly in advance."
    assert doc.clauses[3].text == "Invoices are due in 30 days."


def test_table_rows_are_paragraphs_with_tab_separated_cells() -> None:
    doc = read_markdown(SAMPLE)
    restrictions = next(c for c in doc.clauses if c.heading == "Restrictions")
    assert restrictions.text.splitlines() == ["Use\tAllowed", "Resale\tNo"]


def test_escaped_typed_number_is_recognised() -> None:
    doc = read_markdown(SAMPLE)
    assert doc.clauses[-1].number == "2."
    assert doc.clauses[-1].text.startswith("Escaped number paragraph")


def test_file_with_bom_reads_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes("\ufeff# T\n\n1. Café ☕ 😀 terms.\n".encode())
    doc = read_markdown(path)
    assert doc.warnings == ()
    assert doc.clauses[0].text == "Café ☕ 😀 terms."
    assert doc.source == str(path)


def test_windows_1252_file_reads_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes("Caf\u00e9 \u201cterms\u201d apply.\n".encode("cp1252"))
    doc = read_markdown(path)
    assert doc.clauses[0].text == "Café “terms” apply."
    assert any("Windows-1252" in w for w in doc.warnings)


def test_binary_file_is_invalid_input(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(InvalidInputError, match="binary"):
        read_markdown(path)


def test_missing_file_is_invalid_input(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="no such file"):
        read_markdown(tmp_path / "missing.md")


def test_empty_markdown_has_no_clauses() -> None:
    assert read_markdown("").clauses == ()
    assert read_markdown("\n\n   \n").clauses == ()


@pytest.mark.skipif(not (CORPUS / "tos_versions").exists(), reason="corpus absent")
def test_real_terms_of_service_split_without_markdown_syntax() -> None:
    for path in sorted((CORPUS / "tos_versions").rglob("*.md")):
        doc = read_markdown(path)
        assert len(doc.clauses) > 10, path
        for clause in doc.clauses:
            assert "**" not in clause.text, path
            assert "](" not in clause.text, path


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["# ", "## ", "1. ", "- ", "**", "*", "[a](http://x)", "|", "---", "\n", "\n\n",
             "Fees", " apply", ".", "2\\.", "`code`", "<b>", "&amp;", "😀", "禁止", "  \n", "> "]
        ),
        max_size=40,
    ).map("".join)
)  # fmt: skip
def test_any_markdown_reads_without_error_or_link_addresses(source: str) -> None:
    doc = read_markdown(source)
    for clause in doc.clauses:
        assert "http://x" not in clause.text


def test_numbered_lines_swallowed_into_a_paragraph_start_clauses() -> None:
    source = (
        "1. Services\n    1. Providing. We provide.\n    2. Cooperation. You help.\n"
        "        3.   Change Orders. Ask first.\n"
    )
    doc = read_markdown(source)
    assert [(c.number, c.level) for c in doc.clauses] == [
        ("1.", 1),
        ("1.", 2),
        ("2.", 2),
        ("3.", 2),
    ]
    assert (doc.clauses[3].heading, doc.clauses[3].text) == ("Change Orders", "Ask first.")


def test_nested_markdown_lists_nest_clauses() -> None:
    source = "1. Fees\n   1. Monthly fees apply.\n   2. Late fees apply.\n2. Term\n"
    doc = read_markdown(source)
    assert [(c.number, c.level, c.parent) for c in doc.clauses] == [
        ("1.", 1, None),
        ("1.", 2, 0),
        ("2.", 2, 0),
        ("2.", 1, None),
    ]
