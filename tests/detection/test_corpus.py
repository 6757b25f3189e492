"""Targets on the shared development corpus (skipped when the corpus is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.detection.corpus_mapping import ai_training_item, claudette_item
from app.detection.evaluation import LabelledText, evaluate
from app.detection.scanner import Scanner
from tests.conftest import CORPUS

AI_CLAUSES = CORPUS / "ai_training_clauses" / "clauses.jsonl"
CLAUDETTE = CORPUS / "claudette" / "sentences.jsonl"


def _records(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.skipif(not AI_CLAUSES.exists(), reason="shared corpus not present")
def test_competitor_training_meets_its_targets_on_the_ai_clauses(shipped_scanner: Scanner) -> None:
    records = _records(AI_CLAUSES)
    items = [ai_training_item(r) for r in records]
    labelled = [
        LabelledText(i["text"], frozenset(i["labels"]), i.get("scope"), i.get("lead_in"))
        for i in items
        if i is not None
    ]
    result = evaluate(shipped_scanner, labelled, frozenset({"competitor-training"}))
    score = result.categories["competitor-training"]
    assert score.precision >= 0.95
    assert score.recall >= 0.90
    assert result.scope_accuracy >= 0.8


@pytest.mark.skipif(not AI_CLAUSES.exists(), reason="shared corpus not present")
def test_no_provider_training_clause_is_flagged_as_competitor_training(
    shipped_scanner: Scanner,
) -> None:
    for record in _records(AI_CLAUSES):
        text = str(record["text"])
        if record["label"] == "negative" and "train" in text.lower():
            found = {f.category for f in shipped_scanner.scan_text(text)}
            assert "competitor-training" not in found, text


@pytest.mark.slow
@pytest.mark.skipif(not CLAUDETTE.exists(), reason="shared corpus not present")
def test_claudette_macro_f1(shipped_scanner: Scanner) -> None:
    items = [claudette_item(r) for r in _records(CLAUDETTE)]
    labelled = [LabelledText(i["text"], frozenset(i["labels"])) for i in items]
    result = evaluate(shipped_scanner, labelled, frozenset(c for i in items for c in i["labels"]))
    # A regression floor just under the measured level (macro 0.745, lowest category 0.71;
    # the target is macro 0.75 with every category at least 0.6).
    assert result.macro_f1 >= 0.73
    assert min(s.f1 for s in result.categories.values()) >= 0.69
