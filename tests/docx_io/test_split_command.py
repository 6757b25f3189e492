"""`clausewright split FILE.docx`: clauses as JSON, and exit code 1 with one line for bad files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from docx.oxml import parse_xml

from app.docx_io.reader import TRACKED_CHANGES_WARNING
from tests.docx_io.builders import document_xml, new_document, paragraph_xml, raw_package, save
from tests.docx_io.test_reader import REVISED


def split(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "split", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_split_prints_clauses_and_the_tracked_changes_warning(tmp_path: Path) -> None:
    document = new_document()
    document.add_heading("Scope", level=1)
    document.element.body.insert(1, parse_xml(REVISED))
    document.add_heading("Term", level=1)
    document.add_paragraph("One year.")
    finished = split(save(document, tmp_path / "revised.docx"))
    assert finished.returncode == 0, finished.stderr
    result = json.loads(finished.stdout)
    assert result["warnings"] == [TRACKED_CHANGES_WARNING]
    assert [(c["heading"], c["text"]) for c in result["clauses"]] == [
        ("Scope", "Second section text."),
        ("Term", "One year."),
    ]


def test_split_of_a_zip_bomb_fails_with_one_clear_line(tmp_path: Path) -> None:
    body = paragraph_xml("All work and no play. " * 10) * 400_000
    path = raw_package(tmp_path / "bomb.docx", document_xml(body))
    finished = split(path)
    assert finished.returncode == 1
    assert finished.stdout == ""
    lines = finished.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "bomb.docx" in lines[0] and "zip bomb" in lines[0]
