"""The scanning service: user patterns that would run away are refused before they run."""

from __future__ import annotations

import time

import pytest

from app.domain.errors import ClauseFileError
from app.domain.findings import RuleSet, RuleSpec, Severity
from app.services.scanning import Scanning, UserRules, try_rule


def _rule(pattern: str, **changes: object) -> RuleSpec:
    fields: dict[str, object] = {
        "id": "mine.rule",
        "category": "jurisdiction",
        "severity": Severity.LOW,
        "explanation": "Test.",
        "patterns": (pattern,),
    }
    fields.update(changes)
    return RuleSpec(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize("pattern", [r"(\w+\s?)+$", r"(?:court\w*\s*)+venue", r"(a|aa)+$"])
def test_a_pattern_that_backtracks_without_end_is_refused_before_it_runs(pattern: str) -> None:
    long_sentence = "a " * 5000 + "courts " * 5000 + "!"
    started = time.perf_counter()
    with pytest.raises(ClauseFileError, match="exponential time"):
        try_rule(_rule(pattern), {}, long_sentence)
    assert time.perf_counter() - started < 5  # the text itself was never searched


def test_a_runaway_unless_pattern_is_refused_too() -> None:
    with pytest.raises(ClauseFileError, match="unless"):
        try_rule(_rule("venue", unless=(r"([a-z]+)*[0-9]",)), {}, "The venue is Paris.")


def test_ordinary_patterns_with_proximity_still_run() -> None:
    terms: dict[str, tuple[str, ...]] = {"court": ("courts?", "tribunals?")}
    rule = _rule("exclusive ~40 {court}", unless=(r"(?:\w+\W+){0,40}?arbitra\w+",))
    [finding] = try_rule(rule, terms, "Exclusive jurisdiction lies with the courts of Paris.")
    assert finding.text == "Exclusive jurisdiction lies with the courts"


def test_a_saved_user_rule_that_runs_away_is_refused_when_the_rules_load() -> None:
    user = UserRules(rules=(_rule(r"(\w+\s?)+$"),))
    with pytest.raises(ClauseFileError, match="exponential time"):
        Scanning(RuleSet(()), user)
    switched_off = UserRules(rules=user.rules, disabled=frozenset({"mine.rule"}))
    assert Scanning(RuleSet(()), switched_off).scan_text("Any text at all.") == []
