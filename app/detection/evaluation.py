"""Measuring rules against labelled text: precision, recall and F1 per category."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from app.detection.scanner import Scanner
from app.domain.errors import InvalidInputError
from app.domain.findings import CATEGORIES, SCOPES


@dataclass(frozen=True)
class LabelledText:
    """One line of an eval-rules file: a text, the categories it has, and optionally a scope."""

    text: str
    labels: frozenset[str]
    scope: str | None = None
    lead_in: str | None = None


@dataclass
class CategoryScore:
    """Counts and measures of one category."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Evaluation:
    """The scores of every category seen, with scope accuracy for competitor-training."""

    categories: dict[str, CategoryScore] = field(default_factory=dict)
    scope_cases: int = 0
    scope_correct: int = 0

    @property
    def macro_f1(self) -> float:
        scores = list(self.categories.values())
        return sum(s.f1 for s in scores) / len(scores) if scores else 0.0

    @property
    def scope_accuracy(self) -> float:
        return self.scope_correct / self.scope_cases if self.scope_cases else 0.0

    def to_json(self) -> dict[str, object]:
        return {
            "categories": {k: v.to_json() for k, v in sorted(self.categories.items())},
            "macro_f1": round(self.macro_f1, 4),
            "scope_accuracy": round(self.scope_accuracy, 4),
            "scope_cases": self.scope_cases,
        }


def read_labelled(path: Path) -> Iterator[LabelledText]:
    """The items of a JSON-lines file; a malformed line is an error naming the line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInputError(f"{path}: cannot read labelled data: {exc}") from exc
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield _labelled(line, f"{path}:{number}")


def _labelled(line: str, where: str) -> LabelledText:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InvalidInputError(f"{where}: not valid JSON ({exc.msg})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise InvalidInputError(f'{where}: each line needs "text" (a string) and "labels"')
    labels = data.get("labels", [])
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        raise InvalidInputError(f'{where}: "labels" must be a list of category ids')
    unknown = sorted(set(labels) - set(CATEGORIES))
    if unknown:
        raise InvalidInputError(f"{where}: unknown category {unknown[0]!r}")
    scope = data.get("scope")
    if scope is not None and scope not in SCOPES:
        raise InvalidInputError(f"{where}: unknown scope {scope!r} (one of: {', '.join(SCOPES)})")
    lead_in = data.get("lead_in")
    return LabelledText(
        data["text"], frozenset(labels), scope, lead_in if isinstance(lead_in, str) else None
    )


def evaluate(
    scanner: Scanner, items: Iterable[LabelledText], only: frozenset[str] | None = None
) -> Evaluation:
    """Score the scanner's findings against the labels (restricted to ``only`` if given)."""
    result = Evaluation()
    for item in items:
        findings = scanner.scan_text(item.text, item.lead_in)
        predicted = {f.category for f in findings}
        labels = set(item.labels)
        if only is not None:
            predicted &= only
            labels &= only
        for category in predicted | labels:
            score = result.categories.setdefault(category, CategoryScore())
            if category in predicted and category in labels:
                score.tp += 1
            elif category in predicted:
                score.fp += 1
            else:
                score.fn += 1
        if item.scope is not None:
            result.scope_cases += 1
            scopes = {f.scope for f in findings if f.category == "competitor-training"}
            result.scope_correct += item.scope in scopes
    return result


def format_table(result: Evaluation) -> str:
    """The evaluation as a plain-text table, one category per line."""
    lines = [
        f"{'category':<28} {'precision':>9} {'recall':>7} {'f1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"
    ]
    for category, s in sorted(result.categories.items()):
        lines.append(
            f"{category:<28} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f} "
            f"{s.tp:>5} {s.fp:>5} {s.fn:>5}"
        )
    lines.append(f"{'macro F1':<28} {result.macro_f1:>24.3f}")
    if result.scope_cases:
        lines.append(
            f"{'scope accuracy':<28} {result.scope_accuracy:>24.3f} "
            f"({result.scope_correct}/{result.scope_cases})"
        )
    return "\n".join(lines)
