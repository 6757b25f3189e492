"""`clausewright scan` and `eval-rules`: findings and measures, without touching the database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.__main__ import main

CONTRACT = """# Terms

## 1. Restrictions

You may not:

* use Output to develop models that compete with Acme;
* reverse engineer the Services.

## 2. Law

😀 These Terms are governed by the laws of the State of New York.
"""


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "user-data"
    monkeypatch.setenv("CLAUSEWRIGHT_DATA_DIR", str(folder))
    return folder


def test_scan_json_has_the_documented_shape(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "terms.md"
    source.write_text(CONTRACT, encoding="utf-8")
    assert main(["scan", str(source), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["source"] == str(source)
    by_category = {f["category"]: f for f in data["findings"]}
    assert {"competitor-training", "reverse-engineering", "governing-law"} <= set(by_category)
    ct = by_category["competitor-training"]
    assert (ct["scope"], ct["restricted_party"], ct["carve_outs"]) == (
        "competing-models",
        "customer",
        [],
    )
    assert by_category["governing-law"]["scope"] is None
    split = json.loads(_run_split(source, capsys))
    for finding in data["findings"]:
        clause = split["clauses"][finding["clause_index"]]["text"]
        assert clause[finding["start"] : finding["end"]] == finding["text"]
    assert not data_dir.exists()


def _run_split(source: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["split", str(source), "--format", "json"]) == 0
    return capsys.readouterr().out


def test_scan_text_lists_findings_with_explanations(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "terms.txt"
    source.write_text("You may not use Output to develop models that compete with us.\n")
    assert main(["scan", str(source)]) == 0
    out = capsys.readouterr().out
    assert "[high] competitor-training" in out
    assert "scope: competing-models" in out


def test_scan_of_a_missing_file_fails_with_one_line(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["scan", str(tmp_path / "nope.md")]) == 1
    assert capsys.readouterr().err.strip().count("\n") == 0


def test_eval_rules_prints_precision_recall_and_f1(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    labelled = tmp_path / "labelled.jsonl"
    lines = [
        {"text": "This Agreement is governed by the laws of Texas.", "labels": ["governing-law"]},
        {"text": "Fees are due monthly.", "labels": []},
        {
            "text": "You may not use Output to develop models that compete with us.",
            "labels": ["competitor-training"],
            "scope": "competing-models",
        },
    ]
    labelled.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    assert main(["eval-rules", str(labelled), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["categories"]["governing-law"]["recall"] == 1.0
    assert data["categories"]["competitor-training"]["tp"] == 1
    assert data["scope_accuracy"] == 1.0
    assert main(["eval-rules", str(labelled), "--only", "governing-law"]) == 0
    out = capsys.readouterr().out
    assert "governing-law" in out and "competitor-training" not in out


def test_eval_rules_rejects_a_malformed_file(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    labelled = tmp_path / "bad.jsonl"
    labelled.write_text("{oops\n", encoding="utf-8")
    assert main(["eval-rules", str(labelled)]) == 1
    assert "bad.jsonl:1" in capsys.readouterr().err
