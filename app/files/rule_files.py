"""Rule files (YAML): reading and validating detection rules, and the user's own rule file.

A rule file holds ``terms`` (named term lists shared by every rule) and ``rules``::

    terms:
      model: ['models?', 'machine[- ]learning', 'AI']
    rules:
      - id: competitor-training.use-output
        category: competitor-training
        severity: high
        explanation: Forbids using the output to build models.
        patterns: ['{use} ~12 to ~4 {develop} ~8 {model}']
        requires: []          # each must match in the sentence or its list's lead-in
        unless: []            # none may match in the sentence
        unless_lead_in: []    # none may match in the lead-in of its list
        scope: {default: any-model, when: {competing-models: 'compet'}}
        restricted_party: {default: customer, when: {provider: '^we\\b'}}
        carve_outs: {with-approval: 'without ~3 (consent|approval)'}

The user's file (``user_rules.yaml`` in the user data folder) has the same form plus
``disabled``: ids of rules the user switched off. A user rule with a shipped rule's id
replaces it, so shipped rules can be updated without losing the user's edits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from app.atomic_write import write_bytes_atomic
from app.domain.errors import ClauseFileError
from app.domain.findings import (
    CATEGORIES,
    RESTRICTED_PARTIES,
    SCOPES,
    Choice,
    RuleSet,
    RuleSpec,
    Severity,
)
from app.files.yaml_io import dump_yaml

USER_RULES_FILE = "user_rules.yaml"
_ID = re.compile(r"^[a-z0-9][a-z0-9._/-]*$")
_TERM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_RULE_KEYS = {
    "id",
    "category",
    "severity",
    "explanation",
    "patterns",
    "requires",
    "unless",
    "unless_lead_in",
    "enabled",
    "scope",
    "restricted_party",
    "carve_outs",
}
_FILE_KEYS = {"terms", "rules", "disabled"}


@dataclass(frozen=True)
class UserRules:
    """The user's own rules and the ids of rules they switched off."""

    rules: tuple[RuleSpec, ...] = ()
    disabled: frozenset[str] = frozenset()
    terms: dict[str, tuple[str, ...]] | None = None


class _RuleError(Exception):
    """A problem found inside one rule; turned into a ClauseFileError with file and line."""


def _parse(text: str, path: str) -> tuple[Any, yaml.Node | None]:
    try:
        return yaml.safe_load(text), yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise ClauseFileError(
            path, mark.line + 1 if mark else None, f"invalid YAML: {exc.problem}"
        ) from exc
    except yaml.YAMLError as exc:
        raise ClauseFileError(path, None, f"invalid YAML: {exc}") from exc
    except RecursionError:  # PyYAML recurses once per nesting level: "[[[[..." exhausts it
        raise ClauseFileError(path, None, "invalid YAML: nested too deeply") from None
    except ValueError as exc:  # a timestamp out of range, e.g. "date: 2025-13-45"
        raise ClauseFileError(path, None, f"invalid YAML: {exc}") from exc


def _item_lines(node: yaml.Node | None, key: str) -> list[int]:
    """The line of each item of the top-level list ``key`` (1-based)."""
    if not isinstance(node, yaml.MappingNode):
        return []
    for key_node, value in node.value:
        if key_node.value == key and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def _strings(value: Any, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _RuleError(f"{field} must be a list of non-empty strings")
    return tuple(value)


def _choice_map(value: Any, field: str, allowed: tuple[str, ...] | None) -> tuple[Choice, ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise _RuleError(f"{field} must map each value to a pattern")
    choices = []
    for name, pattern in value.items():
        valid = name in allowed if allowed is not None else bool(_KEBAB.match(str(name)))
        if not valid:
            hint = f" (one of: {', '.join(allowed)})" if allowed else " (use kebab-case)"
            raise _RuleError(f"{field}: unknown value {name!r}{hint}")
        if not isinstance(pattern, str) or not pattern.strip():
            raise _RuleError(f"{field} {name!r}: the pattern must be a non-empty string")
        choices.append(Choice(str(name), pattern))
    return tuple(choices)


def _decided(
    value: Any, field: str, allowed: tuple[str, ...]
) -> tuple[str | None, tuple[Choice, ...]]:
    """A ``{default: ..., when: {value: pattern}}`` block (scope, restricted party)."""
    if value is None:
        return None, ()
    if not isinstance(value, dict) or set(value) - {"default", "when"}:
        raise _RuleError(f"{field} must be a mapping with 'default' and 'when'")
    default = value.get("default")
    if default is not None and default not in allowed:
        raise _RuleError(f"{field}: unknown default {default!r} (one of: {', '.join(allowed)})")
    return default, _choice_map(value.get("when"), field, allowed)


def _severity(value: Any) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        names = ", ".join(s.value for s in Severity)
        raise _RuleError(f"severity must be one of: {names} (not {value!r})") from None


def rule_from_data(data: Any, source: str = "") -> RuleSpec:
    """Validate one rule given as plain data; :class:`ValueError` says what is wrong."""
    try:
        return _rule(data, source)
    except _RuleError as exc:
        raise ValueError(str(exc)) from None


def _rule(data: Any, source: str) -> RuleSpec:
    if not isinstance(data, dict):
        raise _RuleError("a rule must be a mapping of fields")
    unknown = sorted(set(data) - _RULE_KEYS)
    if unknown:
        raise _RuleError(f"unknown field(s): {', '.join(map(str, unknown))}")
    for required in ("id", "category", "severity", "explanation", "patterns"):
        if data.get(required) in (None, "", []):
            raise _RuleError(f"missing {required}")
    if not isinstance(data["id"], str) or not _ID.match(data["id"]):
        raise _RuleError("id must be lower-case letters, digits, '.', '-', '/' or '_'")
    if data["category"] not in CATEGORIES:
        raise _RuleError(f"unknown category {data['category']!r}")
    explanation = data["explanation"]
    if not isinstance(explanation, str) or "\n" in explanation.strip():
        raise _RuleError("explanation must be one line of text")
    enabled = data.get("enabled", True)
    if not isinstance(enabled, bool):
        raise _RuleError("enabled must be true or false")
    default_scope, scope = _decided(data.get("scope"), "scope", SCOPES)
    default_party, party = _decided(
        data.get("restricted_party"), "restricted_party", RESTRICTED_PARTIES
    )
    return RuleSpec(
        id=data["id"],
        category=data["category"],
        severity=_severity(data["severity"]),
        explanation=explanation.strip(),
        patterns=_strings(data["patterns"], "patterns"),
        requires=_strings(data.get("requires"), "requires"),
        unless=_strings(data.get("unless"), "unless"),
        unless_lead_in=_strings(data.get("unless_lead_in"), "unless_lead_in"),
        enabled=enabled,
        scope=scope,
        default_scope=default_scope,
        restricted_party=party,
        default_party=default_party,
        carve_outs=_choice_map(data.get("carve_outs"), "carve_outs", None),
        source=source,
    )


def _terms(data: Any, path: str) -> dict[str, tuple[str, ...]]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ClauseFileError(path, None, "terms must map each name to a list of terms")
    terms: dict[str, tuple[str, ...]] = {}
    for name, entries in data.items():
        if not _TERM_NAME.match(str(name)):
            raise ClauseFileError(path, None, f"term list name {name!r} is not a plain name")
        if not isinstance(entries, list) or not entries:
            raise ClauseFileError(path, None, f"term list {name!r} must be a non-empty list")
        if not all(isinstance(e, str | int) and str(e).strip() for e in entries):
            raise ClauseFileError(path, None, f"term list {name!r} has an empty entry")
        terms[str(name)] = tuple(str(e) for e in entries)
    return terms


def parse_rule_text(text: str, path: str) -> UserRules:
    """Read a rule file's text; errors name the file, the line and the rule id."""
    data, node = _parse(text, path)
    if data is None:
        return UserRules(terms={})
    if not isinstance(data, dict):
        raise ClauseFileError(path, 1, "a rule file must be a mapping with 'rules' (and 'terms')")
    unknown = sorted(set(map(str, data)) - _FILE_KEYS)
    if unknown:
        raise ClauseFileError(path, None, f"unknown top-level field(s): {', '.join(unknown)}")
    items = data.get("rules") or []
    if not isinstance(items, list):
        raise ClauseFileError(path, None, "rules must be a list")
    lines = _item_lines(node, "rules")
    rules: list[RuleSpec] = []
    for number, item in enumerate(items):
        line = lines[number] if number < len(lines) else None
        rule_id = item.get("id") if isinstance(item, dict) else None
        try:
            rules.append(_rule(item, path))
        except _RuleError as exc:
            label = f"rule {rule_id!r}" if rule_id else f"rule {number + 1}"
            raise ClauseFileError(path, line, f"{label}: {exc}") from None
    _refuse_duplicates(rules, path)
    disabled = _strings_at_top(data.get("disabled"), path)
    return UserRules(tuple(rules), frozenset(disabled), _terms(data.get("terms"), path))


def _strings_at_top(value: Any, path: str) -> tuple[str, ...]:
    try:
        return _strings(value, "disabled")
    except _RuleError as exc:
        raise ClauseFileError(path, None, str(exc)) from None


def _refuse_duplicates(rules: list[RuleSpec], path: str) -> None:
    seen: dict[str, str] = {}
    for rule in rules:
        if rule.id in seen:
            raise ClauseFileError(
                path, None, f"rule {rule.id!r} is defined twice (also in {seen[rule.id]})"
            )
        seen[rule.id] = rule.source or path


def read_rule_file(path: Path) -> UserRules:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ClauseFileError(str(path), None, f"cannot read rule file: {exc}") from exc
    return parse_rule_text(text, str(path))


def load_rule_folder(folder: Path) -> RuleSet:
    """Every ``*.yaml`` rule file of a folder, in name order, as one rule set."""
    rules: list[RuleSpec] = []
    terms: dict[str, tuple[str, ...]] = {}
    term_sources: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        found = read_rule_file(path)
        for name, entries in (found.terms or {}).items():
            if name in terms:
                raise ClauseFileError(
                    str(path), None, f"term list {name!r} is also defined in {term_sources[name]}"
                )
            terms[name] = entries
            term_sources[name] = str(path)
        rules.extend(found.rules)
    _refuse_duplicates(rules, str(folder))
    return RuleSet(tuple(rules), terms)


def load_user_rules(folder: Path) -> UserRules:
    """The user's rules from ``folder`` (nothing when the file does not exist yet)."""
    path = folder / USER_RULES_FILE
    if not path.exists():
        return UserRules(terms={})
    return read_rule_file(path)


def rule_to_data(rule: RuleSpec) -> dict[str, Any]:
    """A rule as plain data in the order of the file format (empty fields left out)."""
    data: dict[str, Any] = {
        "id": rule.id,
        "category": rule.category,
        "severity": rule.severity.value,
        "explanation": rule.explanation,
        "patterns": list(rule.patterns),
    }
    if rule.requires:
        data["requires"] = list(rule.requires)
    if rule.unless:
        data["unless"] = list(rule.unless)
    if rule.unless_lead_in:
        data["unless_lead_in"] = list(rule.unless_lead_in)
    if not rule.enabled:
        data["enabled"] = False
    for name, default, choices in (
        ("scope", rule.default_scope, rule.scope),
        ("restricted_party", rule.default_party, rule.restricted_party),
    ):
        if default or choices:
            data[name] = {"default": default, "when": {c.value: c.pattern for c in choices}}
    if rule.carve_outs:
        data["carve_outs"] = {c.value: c.pattern for c in rule.carve_outs}
    return data


def save_user_rules(folder: Path, user: UserRules) -> Path:
    """Write the user's rule file atomically (creating the folder) and return its path."""
    data: dict[str, Any] = {}
    if user.terms:
        data["terms"] = {name: list(entries) for name, entries in user.terms.items()}
    data["disabled"] = sorted(user.disabled)
    data["rules"] = [rule_to_data(r) for r in user.rules]
    path = folder / USER_RULES_FILE
    write_bytes_atomic(path, dump_yaml(data).encode("utf-8"))
    return path


def rule_to_text(rule: RuleSpec) -> str:
    """One rule as YAML text, as the rules dialog shows it for editing."""
    return dump_yaml(rule_to_data(rule))


def rule_from_text(text: str, source: str = "user rule") -> RuleSpec:
    """Parse one rule typed as YAML; ValueError says what is wrong (with the line)."""
    try:
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}: " if mark is not None else ""
        raise ValueError(f"{where}invalid YAML: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise ValueError(f"invalid YAML: {exc}") from None
    return rule_from_data(data, source)
