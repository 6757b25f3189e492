"""eval-rules: precision, recall, F1 and scope accuracy on labelled lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.detection.evaluation import evaluate, format_table, read_labelled
from app.detection.scanner import Scanner
from app.domain.errors import InvalidInputError
from app.domain.findings import RuleSet, RuleSpec, Severity

RULES = RuleSet(
    (
        RuleSpec(
            id="law",
            category="governing-law",
            severity=Severity.LOW,
            explanation="Law.",
            patterns=("governed by",),
        ),
    )
)


def _write(path: Path, items: list[dict[str, object]]) -> Path:
    path.write_text("\n".join(json.dumps(i) for i in items) + "\n", encoding="utf-8")
    return path


def test_counts_true_and_false_positives_and_misses(tmp_path: Path) -> None:
    labelled = _write(
        tmp_path / "l.jsonl",
        [
            {"text": "This is governed by Texas law.", "labels": ["governing-law"]},
            {"text": "Governed by nothing.", "labels": []},
            {"text": "Texas law applies.", "labels": ["governing-law"]},
            {"text": "Fees.", "labels": []},
        ],
    )
    result = evaluate(Scanner(RULES), read_labelled(labelled)).to_json()
    assert result["categories"] == {
        "governing-law": {"precision": 0.5, "recall": 0.5, "f1": 0.5, "tp": 1, "fp": 1, "fn": 1}
    }
    assert result["macro_f1"] == 0.5
    assert result["scope_accuracy"] == 0.0


def test_only_restricts_the_scored_categories(tmp_path: Path) -> None:
    labelled = _write(tmp_path / "l.jsonl", [{"text": "x", "labels": ["arbitration"]}])
    result = evaluate(Scanner(RULES), read_labelled(labelled), frozenset({"governing-law"}))
    assert result.categories == {}
    assert "macro F1" in format_table(result)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("{not json", "not valid JSON"),
        ('{"labels": []}', '"text"'),
        ('{"text": "x", "labels": ["nonsense"]}', "unknown category"),
        ('{"text": "x", "labels": [], "scope": "everything"}', "unknown scope"),
    ],
)
def test_malformed_lines_are_named(tmp_path: Path, line: str, problem: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "ok", "labels": []}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match=problem) as error:
        list(read_labelled(path))
    assert ":2:" in str(error.value)
