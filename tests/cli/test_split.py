"""`clausewright split`: the clauses of a file, as text or JSON, without touching the database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.__main__ import main

SAMPLE = """# Master Terms

## 1. Fees

**Payment.** You pay monthly.

1.1 Late fees apply to overdue invoices.

## 2. Restrictions

You may not use Output to develop models that compete with us.
"""


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "user-data"
    monkeypatch.setenv("CLAUSEWRIGHT_DATA_DIR", str(folder))
    return folder


def test_split_json_has_the_documented_shape(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "terms.md"
    source.write_text(SAMPLE, encoding="utf-8")
    assert main(["split", str(source), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["source"] == str(source)
    assert data["warnings"] == []
    assert [(c["number"], c["heading"], c["level"], c["parent"]) for c in data["clauses"]] == [
        ("1.", "Fees", 1, None),
        (None, "Payment", 2, 0),
        ("1.1", None, 2, 0),
        ("2.", "Restrictions", 1, None),
    ]
    assert data["clauses"][1]["text"] == "You pay monthly."
    assert [c["index"] for c in data["clauses"]] == [0, 1, 2, 3]
    assert not data_dir.exists()


def test_split_text_lists_clauses(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "terms.txt"
    source.write_text("1. Fees are due monthly.\n\n2. Term is one year.\n", encoding="utf-8")
    assert main(["split", str(source)]) == 0
    out = capsys.readouterr().out
    assert "2 clauses" in out
    assert "1. \u2014 Fees are due monthly." in out
    assert not data_dir.exists()


def test_split_of_missing_or_unsupported_file_fails_with_one_line(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["split", str(tmp_path / "missing.md")]) == 1
    assert capsys.readouterr().err.count("\n") == 1
    other = tmp_path / "terms.pdf"
    other.write_bytes(b"%PDF")
    assert main(["split", str(other)]) == 1
    assert "unsupported file type" in capsys.readouterr().err
    assert not data_dir.exists()


def test_split_with_wrong_usage_exits_2(data_dir: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["split"])
    assert exit_info.value.code == 2
