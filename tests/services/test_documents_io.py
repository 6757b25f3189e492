"""Loading documents by file type."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.errors import InvalidInputError
from app.services.documents_io import load_document


@pytest.mark.parametrize("suffix", [".md", ".markdown", ".MD", ".txt"])
def test_markdown_and_text_files_load(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"terms{suffix}"
    path.write_text("1. Fees apply.\n\n2. Term is one year.\n", encoding="utf-8")
    doc = load_document(path)
    assert [c.number for c in doc.clauses] == ["1.", "2."]


def test_unsupported_type_names_the_supported_ones(tmp_path: Path) -> None:
    path = tmp_path / "terms.pdf"
    path.write_bytes(b"%PDF-1.7")
    with pytest.raises(InvalidInputError, match=r"\.docx, \.md"):
        load_document(path)


def test_missing_file_and_folder_are_invalid_input(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="no such file"):
        load_document(tmp_path / "nope.md")
    with pytest.raises(InvalidInputError, match="folder"):
        load_document(tmp_path)
