"""Rule files: validation with clear errors, the shipped folder, and the user's rule file."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.errors import ClauseFileError
from app.domain.findings import CATEGORIES, Severity, merge_rules
from app.files.rule_files import (
    UserRules,
    load_rule_folder,
    load_user_rules,
    parse_rule_text,
    rule_from_data,
    save_user_rules,
)
from app.resources import resource_path

GOOD = """
terms:
  law: ['laws?']
rules:
  - id: law.governed
    category: governing-law
    severity: low
    explanation: Chooses the law.
    patterns: ['governed by ~4 {law}']
"""


def test_a_valid_file_gives_rules_and_terms() -> None:
    found = parse_rule_text(GOOD, "good.yaml")
    assert [r.id for r in found.rules] == ["law.governed"]
    assert found.rules[0].severity is Severity.LOW
    assert found.terms == {"law": ("laws?",)}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ("category: governing-law", "unknown category 'gov'"),
        ("severity: low", "severity must be one of"),
        ("explanation: Chooses the law.", "missing explanation"),
        ("patterns: ['governed by ~4 {law}']", "patterns must be a list"),
    ],
)
def test_errors_name_the_file_the_line_and_the_rule(change: str, problem: str) -> None:
    broken = {
        "category: governing-law": "category: gov",
        "severity: low": "severity: urgent",
        "explanation: Chooses the law.": "explanation: ''",
        "patterns: ['governed by ~4 {law}']": "patterns: [1, '']",
    }[change]
    with pytest.raises(ClauseFileError) as error:
        parse_rule_text(GOOD.replace(change, broken), "bad.yaml")
    message = str(error.value)
    assert message.startswith("bad.yaml:5: rule 'law.governed': ")
    assert problem in message


def test_unknown_fields_and_duplicate_ids_are_refused() -> None:
    with pytest.raises(ClauseFileError, match="unknown field"):
        parse_rule_text(GOOD + "    colour: red\n", "x.yaml")
    rule = GOOD.split("rules:\n")[1]
    with pytest.raises(ClauseFileError, match="defined twice"):
        parse_rule_text(GOOD + rule, "x.yaml")


def test_invalid_yaml_names_the_line() -> None:
    with pytest.raises(ClauseFileError, match=r"x.yaml:\d+: invalid YAML"):
        parse_rule_text("rules:\n  - id: [unclosed\n", "x.yaml")


def test_the_shipped_rules_cover_every_category() -> None:
    shipped = load_rule_folder(resource_path("rules"))
    assert {r.category for r in shipped.rules} == set(CATEGORIES)
    assert all(r.explanation and "\n" not in r.explanation for r in shipped.rules)


def test_user_rules_round_trip_and_override_shipped_rules_by_id(tmp_path: Path) -> None:
    shipped = parse_rule_text(GOOD, "shipped.yaml")
    edited = rule_from_data(
        {
            "id": "law.governed",
            "category": "governing-law",
            "severity": "high",
            "explanation": "Mine.",
            "patterns": ["laws of"],
            "unless_lead_in": ["you may\\W*$"],
            "carve_outs": {"with-approval": "consent"},
        }
    )
    added = rule_from_data(
        {
            "id": "mine.venue",
            "category": "jurisdiction",
            "severity": "medium",
            "explanation": "Venue.",
            "patterns": ["venue"],
        }
    )
    folder = tmp_path / "rules"
    save_user_rules(folder, UserRules((edited, added), frozenset({"mine.venue"})))
    loaded = load_user_rules(folder)
    assert loaded.rules == (
        edited.__class__(**{**edited.__dict__, "source": str(folder / "user_rules.yaml")}),
        added.__class__(**{**added.__dict__, "source": str(folder / "user_rules.yaml")}),
    )
    from app.domain.findings import RuleSet

    merged = merge_rules(RuleSet(shipped.rules, shipped.terms or {}), loaded.rules, loaded.disabled)
    assert [(r.id, r.explanation, r.enabled) for r in merged.rules] == [
        ("law.governed", "Mine.", True),
        ("mine.venue", "Venue.", False),
    ]


def test_missing_user_file_means_no_user_rules(tmp_path: Path) -> None:
    assert load_user_rules(tmp_path / "nowhere").rules == ()
    assert not (tmp_path / "nowhere").exists()
