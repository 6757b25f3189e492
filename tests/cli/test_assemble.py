"""`clausewright documents` and `clausewright assemble` run as a user would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document

from app.resources import shipped_library_dir
from tests.cli.test_library_cli import run_cli

SAMPLE = "terms-of-service-ai-api"


@pytest.fixture
def db(tmp_path: Path) -> list[str]:
    """A --db library with the shipped folder imported (a named database is not seeded)."""
    args = ["--db", f"sqlite:///{tmp_path / 'lib.db'}"]
    done = run_cli(*args, "library", "import", str(shipped_library_dir()), data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    return args


def test_documents_lists_the_sample_as_json(db: list[str], tmp_path: Path) -> None:
    done = run_cli(*db, "documents", "--format", "json", data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "documents": [{"name": SAMPLE, "title": "Terms of Service — AI API", "versions": 0}]
    }


def test_assemble_with_no_values_writes_a_word_document(db: list[str], tmp_path: Path) -> None:
    out = tmp_path / "terms.docx"
    done = run_cli(*db, "assemble", SAMPLE, "-o", str(out), data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "words" in done.stdout
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "Use of Output to Develop Competing Models" in text


def test_properties_stay_blank_unless_given(db: list[str], tmp_path: Path) -> None:
    out = tmp_path / "terms.docx"
    done = run_cli(*db, "assemble", SAMPLE, "--author", "Ana", "-o", str(out), data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    properties = Document(str(out)).core_properties
    assert (properties.author, properties.last_modified_by) == ("Ana", "Ana")


def test_set_changes_values_and_conditions(db: list[str], tmp_path: Path) -> None:
    out = tmp_path / "terms.docx"
    values = ["--set", "company_name=Nimbus Labs", "--set", "offers_model_api=false"]
    done = run_cli(*db, "assemble", SAMPLE, *values, "-o", str(out), data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "Nimbus Labs" in text and "Example AI Ltd" not in text
    assert "Use of Output to Develop Competing Models" not in text


def test_bad_values_are_reported_per_clause_and_nothing_is_written(
    db: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "terms.docx"
    bad = ["--set", "effective_date=next week", "--set", "colour=red"]
    done = run_cli(*db, "assemble", SAMPLE, *bad, "-o", str(out), data_dir=tmp_path)
    assert done.returncode == 1
    assert "clause 'acceptance-of-terms', variable 'effective_date'" in done.stderr
    assert "variable 'colour'" in done.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-document", "-o", "x.docx"], "no document named"),
        ([SAMPLE, "--set", "novalue", "-o", "x.docx"], "NAME=VALUE"),
        ([SAMPLE, "-o", "x.pdf"], "must be a .docx"),
    ],
)
def test_usage_errors_are_one_clear_line(
    db: list[str], tmp_path: Path, args: list[str], message: str
) -> None:
    done = run_cli(*db, "assemble", *args, data_dir=tmp_path)
    assert done.returncode == 1
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
