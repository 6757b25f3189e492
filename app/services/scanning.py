"""Scanning: the highlighting rules (shipped and the user's), scans of texts and documents,
and the measurement of the rules against labelled data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.detection.evaluation import Evaluation, evaluate, read_labelled
from app.detection.scanner import Scanner, compile_rule, refuse_runaway_patterns
from app.domain.findings import Finding, RuleSet, RuleSpec, merge_rules
from app.files.rule_files import (
    UserRules,
    load_rule_folder,
    load_user_rules,
    rule_from_data,
    rule_from_text,
    rule_to_text,
    save_user_rules,
)

if TYPE_CHECKING:  # the playbook lives in the library database (SQLAlchemy loads on demand)
    from app.services.shared_playbook import TeamRules

__all__ = ["ScanReport", "Scanning", "UserRules", "rule_from_text", "rule_to_text", "try_rule"]


@dataclass(frozen=True)
class ScanReport:
    """The findings of one document (the `scan` JSON shape)."""

    source: str
    findings: tuple[Finding, ...]
    clause_texts: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {"source": self.source, "findings": [f.to_json() for f in self.findings]}


class Scanning:
    """Runs the rules over text; built from the shipped rule folder and the user's folder.

    ``shipped`` is the rule set as shipped; ``team`` the team's playbook from the library
    database, if one was published; ``user`` the user's own rules and switches; ``rules`` the
    merged set the scanner uses: shipped, then the team's over them, then the user's own.
    """

    def __init__(
        self, shipped: RuleSet, user: UserRules | None = None, team: TeamRules | None = None
    ) -> None:
        self.shipped = shipped
        self.user = user or UserRules()
        self.team = team
        base = shipped
        if team is not None:
            own = team.rules
            base = merge_rules(shipped, own.rules, own.disabled, own.terms or None)
        self.rules = merge_rules(base, self.user.rules, self.user.disabled, self.user.terms or None)
        self.scanner = Scanner(self.rules)
        added = [*self.user.rules, *(team.rules.rules if team is not None else ())]
        for rule in added:  # a hand-edited or published rule file may hold a runaway pattern
            if rule.enabled and rule.id not in self.user.disabled:
                refuse_runaway_patterns(compile_rule(rule, self.rules.terms))

    @property
    def team_rule_ids(self) -> frozenset[str]:
        """The ids of the rules the team's playbook adds or changes."""
        return frozenset(r.id for r in self.team.rules.rules) if self.team else frozenset()

    @classmethod
    def from_folders(cls, shipped_folder: Path, user_folder: Path | None = None) -> Scanning:
        """Rules from ``resources/rules`` and, if given, the user's rule folder (read only)."""
        user = load_user_rules(user_folder) if user_folder is not None else None
        return cls(load_rule_folder(shipped_folder), user)

    def scan_text(self, text: str) -> list[Finding]:
        return self.scanner.scan_text(text)

    def scan_clauses(self, texts: Sequence[str]) -> list[list[Finding]]:
        return self.scanner.scan_clauses(texts)

    def scan_document(self, path: Path) -> ScanReport:
        """Split a .md/.txt/.docx file into clauses and scan each clause."""
        from app.services.documents_io import load_document

        document = load_document(path)
        texts = [c.text for c in document.clauses]
        per_clause = self.scanner.scan_clauses(texts)
        findings = tuple(
            replace(f, clause_index=clause.index)
            for clause, found in zip(document.clauses, per_clause, strict=True)
            for f in found
        )
        return ScanReport(document.source, findings, tuple(texts))

    def evaluate_file(self, path: Path, only: frozenset[str] | None = None) -> Evaluation:
        return evaluate(self.scanner, read_labelled(path), only)

    def with_user_rules(self, user: UserRules) -> Scanning:
        """The same shipped (and team) rules with other user rules (e.g. after an edit in the
        dialog)."""
        return Scanning(self.shipped, user, self.team)

    def with_team_rules(self, team: TeamRules | None) -> Scanning:
        """The same shipped and user rules under another team playbook (None: without one)."""
        return Scanning(self.shipped, self.user, team)

    def save_user_rules(self, folder: Path, user: UserRules) -> Scanning:
        """Save the user's rules (atomically) and return a scanning service that uses them."""
        save_user_rules(folder, user)
        return self.with_user_rules(user)


def rule_from_fields(data: dict[str, Any], source: str = "user rule") -> RuleSpec:
    """Validate a rule given as plain fields; ValueError says what is wrong."""
    return rule_from_data(data, source)


def try_rule(rule: RuleSpec, terms: dict[str, tuple[str, ...]], text: str) -> list[Finding]:
    """Run one rule (enabled or not) over a sample text: the live test of the rules dialog.

    Raises ClauseFileError when a pattern does not compile or would backtrack without end
    (a regex cannot be stopped once it runs, so it is refused before it runs on the text).
    """
    refuse_runaway_patterns(compile_rule(rule, terms))
    return Scanner(RuleSet((replace(rule, enabled=True),), terms)).scan_text(text)
