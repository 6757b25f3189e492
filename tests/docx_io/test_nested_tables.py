"""Nested tables are read once each (a regression: they used to cost exponential time)."""

from __future__ import annotations

import time
from pathlib import Path

from docx import Document

from app.docx_io.reader import read_docx


def test_deeply_nested_tables_read_fast_and_in_order(tmp_path: Path) -> None:
    document = Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.text = "Outer"
    for _ in range(40):
        cell = cell.add_table(rows=1, cols=1).cell(0, 0)
    cell.text = "Innermost"
    document.add_paragraph("1. After the table.")
    path = tmp_path / "nested.docx"
    document.save(str(path))
    start = time.perf_counter()
    split = read_docx(path)
    assert time.perf_counter() - start < 5
    texts = [c.text for c in split.clauses]
    assert texts[-1] == "After the table."
    assert sum(t.count("Innermost") for t in texts) == 1, "each nested row is read once"
    assert sum(t.count("Outer") for t in texts) == 1
