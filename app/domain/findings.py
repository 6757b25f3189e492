"""Findings of the highlighting rules, the rules as plain data, and the breadth of a scope."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum

# Category ids are stable: files, JSON output and the review's risk delta use them.
CATEGORIES: tuple[str, ...] = (
    "competitor-training",
    "distillation-extraction",
    "scraping",
    "reverse-engineering",
    "benchmarking",
    "provider-trains-on-content",
    "no-training-commitment",
    "non-compete",
    "limitation-of-liability",
    "uncapped-liability",
    "indemnification",
    "arbitration",
    "governing-law",
    "jurisdiction",
    "unilateral-change",
    "unilateral-termination",
    "content-removal",
    "contract-by-using",
    "auto-renewal",
)

SCOPES: tuple[str, ...] = ("competing-models", "competing-products", "any-model", "other-llm")
RESTRICTED_PARTIES: tuple[str, ...] = ("customer", "provider", "both")

# How much a competitor-training prohibition forbids: a higher number forbids more.
# "other-llm" (any *other* large language model) is not on this line: it is its own kind.
_SCOPE_BREADTH = {"competing-models": 1, "competing-products": 2, "any-model": 3}


class Severity(Enum):
    """How much a finding matters to the reader; ``rank`` orders them (high first)."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2, Severity.INFO: 3}


def compare_scope(old: str | None, new: str | None) -> str:
    """How a scope changed from ``old`` to ``new``: same, narrowed, widened or changed.

    "changed" means the two cannot be ranked (e.g. competing models against other LLMs).
    """
    if old == new:
        return "same"
    old_rank = _SCOPE_BREADTH.get(old or "")
    new_rank = _SCOPE_BREADTH.get(new or "")
    if old_rank is None or new_rank is None:
        return "changed"
    return "narrowed" if new_rank < old_rank else "widened"


@dataclass(frozen=True)
class Finding:
    """One rule's match in a clause; ``start``/``end`` are code-point offsets in its text."""

    category: str
    rule: str
    severity: Severity
    start: int
    end: int
    text: str
    explanation: str
    clause_index: int = 0
    restricted_party: str | None = None
    scope: str | None = None
    carve_outs: tuple[str, ...] = ()

    def in_clause(self, clause_index: int) -> Finding:
        """The same finding attributed to another clause of a document."""
        return replace(self, clause_index=clause_index)

    def to_json(self) -> dict[str, object]:
        return {
            "category": self.category,
            "rule": self.rule,
            "severity": self.severity.value,
            "clause_index": self.clause_index,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "explanation": self.explanation,
            "restricted_party": self.restricted_party,
            "scope": self.scope,
            "carve_outs": list(self.carve_outs),
        }


@dataclass(frozen=True)
class Choice:
    """A value chosen when its pattern matches (scope, restricted party, carve-out)."""

    value: str
    pattern: str


@dataclass(frozen=True)
class RuleSpec:
    """A detection rule as written in a rule file, before its patterns are compiled.

    A sentence matches when one of ``patterns`` matches in it, every pattern of ``requires``
    matches in it or in the lead-in of its list, no pattern of ``unless`` matches in it, and
    no pattern of ``unless_lead_in`` matches in the lead-in of its list (a list item under
    "Nothing in this Section restricts you from:" is a permission, not a restriction).
    Patterns are regular expressions (case-insensitive) in which ``{name}`` stands for a term
    list and ``~N`` for "then, within N words".
    """

    id: str
    category: str
    severity: Severity
    explanation: str
    patterns: tuple[str, ...]
    requires: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    unless_lead_in: tuple[str, ...] = ()
    enabled: bool = True
    scope: tuple[Choice, ...] = ()
    default_scope: str | None = None
    restricted_party: tuple[Choice, ...] = ()
    default_party: str | None = None
    carve_outs: tuple[Choice, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class RuleSet:
    """Rules with the term lists their patterns refer to."""

    rules: tuple[RuleSpec, ...]
    terms: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def enabled(self) -> tuple[RuleSpec, ...]:
        return tuple(r for r in self.rules if r.enabled)

    def by_id(self, rule_id: str) -> RuleSpec | None:
        return next((r for r in self.rules if r.id == rule_id), None)


def merge_rules(
    shipped: RuleSet,
    user_rules: tuple[RuleSpec, ...] = (),
    disabled: frozenset[str] = frozenset(),
    user_terms: dict[str, tuple[str, ...]] | None = None,
) -> RuleSet:
    """Shipped rules with the user's: a user rule replaces the shipped rule of the same id,
    new ones follow, and rules whose id is in ``disabled`` are switched off."""
    own = {r.id: r for r in user_rules}
    merged = [own.pop(r.id, r) for r in shipped.rules]
    merged.extend(own.values())
    switched = tuple(replace(r, enabled=False) if r.id in disabled else r for r in merged)
    return RuleSet(switched, {**shipped.terms, **(user_terms or {})})
