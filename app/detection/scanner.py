"""The scanner: runs compiled rules over clause text and reports explainable findings."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from app.detection.patterns import (
    PatternError,
    compile_pattern,
    required_words,
    runs_away,
    split_alternatives,
    trigger_words,
)
from app.detection.prefilter import Prefilter, word_starts
from app.detection.sentences import Segment, last_lead_in, split_segments
from app.domain.errors import ClauseFileError
from app.domain.findings import Choice, Finding, RuleSet, RuleSpec

_CACHE_SIZE = 20_000


@dataclass(frozen=True)
class _CompiledChoice:
    value: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class CompiledRule:
    """A rule ready to run: its patterns compiled once, with the words that trigger it."""

    spec: RuleSpec
    patterns: tuple[re.Pattern[str], ...]
    triggers: tuple[frozenset[str] | None, ...]
    required: tuple[tuple[frozenset[str], ...], ...]
    requires: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...]
    unless_words: tuple[tuple[frozenset[str], ...], ...]
    unless_starts: tuple[frozenset[str] | None, ...]
    unless_lead_in: tuple[re.Pattern[str], ...]
    scope: tuple[_CompiledChoice, ...]
    party: tuple[_CompiledChoice, ...]
    carve_outs: tuple[_CompiledChoice, ...]


def _choices(
    spec: RuleSpec, field: str, choices: tuple[Choice, ...], terms: dict[str, tuple[str, ...]]
) -> tuple[_CompiledChoice, ...]:
    compiled = []
    for choice in choices:
        try:
            compiled.append(_CompiledChoice(choice.value, compile_pattern(choice.pattern, terms)))
        except PatternError as exc:
            raise _rule_error(spec, f"{field} {choice.value!r}: {exc}") from exc
    return tuple(compiled)


def _rule_error(spec: RuleSpec, problem: str) -> ClauseFileError:
    return ClauseFileError(spec.source or "<rule>", None, f"rule {spec.id!r}: {problem}")


def _compiled_list(
    spec: RuleSpec, field: str, patterns: tuple[str, ...], terms: dict[str, tuple[str, ...]]
) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for number, pattern in enumerate(patterns, start=1):
        try:
            compiled.append(compile_pattern(pattern, terms))
        except PatternError as exc:
            raise _rule_error(spec, f"{field} {number}: {exc}") from exc
    return tuple(compiled)


def compile_rule(spec: RuleSpec, terms: dict[str, tuple[str, ...]]) -> CompiledRule:
    """Compile one rule; a bad pattern raises :class:`ClauseFileError` naming file and rule."""
    if not spec.patterns:
        raise _rule_error(spec, "no patterns")
    _compiled_list(spec, "pattern", spec.patterns, terms)  # errors name the whole pattern
    # Each top-level alternative runs on its own, so each needs only its own words.
    parts = tuple(alt for p in spec.patterns for alt in split_alternatives(p))
    return CompiledRule(
        spec=spec,
        patterns=_compiled_list(spec, "pattern", parts, terms),
        triggers=tuple(trigger_words(p, terms) for p in parts),
        required=tuple(required_words(p, terms) for p in parts),
        requires=_compiled_list(spec, "requires", spec.requires, terms),
        unless=_compiled_list(spec, "unless", spec.unless, terms),
        unless_words=tuple(required_words(p, terms) for p in spec.unless),
        unless_starts=tuple(trigger_words(p, terms) for p in spec.unless),
        unless_lead_in=_compiled_list(spec, "unless_lead_in", spec.unless_lead_in, terms),
        scope=_choices(spec, "scope", spec.scope, terms),
        party=_choices(spec, "restricted_party", spec.restricted_party, terms),
        carve_outs=_choices(spec, "carve_outs", spec.carve_outs, terms),
    )


def refuse_runaway_patterns(rule: CompiledRule) -> None:
    """Raise :class:`ClauseFileError` if a pattern of ``rule`` backtracks catastrophically.

    For rules a user writes (the shipped ones are measured): such a pattern would freeze
    the application on a long sentence, and a running regex cannot be stopped.
    """
    fields = (
        ("pattern", rule.patterns),
        ("requires", rule.requires),
        ("unless", rule.unless),
        ("unless_lead_in", rule.unless_lead_in),
        ("scope", tuple(c.pattern for c in rule.scope)),
        ("restricted_party", tuple(c.pattern for c in rule.party)),
        ("carve_outs", tuple(c.pattern for c in rule.carve_outs)),
    )
    for field, patterns in fields:
        for pattern in patterns:
            if runs_away(pattern):
                raise _rule_error(
                    rule.spec,
                    f"{field} {pattern.pattern!r} can take exponential time on some texts "
                    "(a repetition inside a repetition, such as (\\w+\\s?)+): rewrite it",
                )


def _first_choice(choices: tuple[_CompiledChoice, ...], text: str) -> str | None:
    return next((c.value for c in choices if c.pattern.search(text)), None)


class Scanner:
    """Finds rule matches in clause text; results are cached by text (and list lead-in).

    ``scan_text(text)`` gives the findings of one clause; ``scan_clauses(texts)`` those of
    a document's clauses in order, carrying a list's lead-in from one clause to the next.
    """

    def __init__(self, rules: RuleSet) -> None:
        self._rules = tuple(compile_rule(spec, rules.terms) for spec in rules.enabled())
        self._prefilter = Prefilter(
            [
                (r, pattern, rule.triggers[p], rule.required[p])
                for r, rule in enumerate(self._rules)
                for p, pattern in enumerate(rule.patterns)
            ],
            [words for rule in self._rules for words in rule.unless_words],
        )
        # An exception needs its words too: a clause without them cannot trigger it.
        self._unless = tuple(
            tuple(
                _Exception(pattern, self._prefilter.needs(words), starts)
                for pattern, words, starts in zip(
                    rule.unless, rule.unless_words, rule.unless_starts, strict=True
                )
            )
            for rule in self._rules
        )
        self._cache: OrderedDict[tuple[str, str | None], tuple[Finding, ...]] = OrderedDict()

    @property
    def rules(self) -> tuple[RuleSpec, ...]:
        return tuple(r.spec for r in self._rules)

    def scan_text(self, text: str, lead_in: str | None = None) -> list[Finding]:
        key = (text, lead_in)
        cached = self._cache.get(key)
        if cached is None:
            cached = tuple(self._scan(text, lead_in))
            self._cache[key] = cached
            if len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return list(cached)

    def scan_clauses(self, texts: Sequence[str]) -> list[list[Finding]]:
        results: list[list[Finding]] = []
        lead_in: str | None = None
        for index, text in enumerate(texts):
            results.append([f.in_clause(index) for f in self.scan_text(text, lead_in)])
            lead_in = last_lead_in(text)
        return results

    def _scan(self, text: str, lead_in: str | None) -> list[Finding]:
        split: list[list[Segment]] = []

        def sentences() -> list[tuple[int, int]]:
            if not split:
                split.append(split_segments(text, lead_in))
            return [(s.start, s.end) for s in split[0]]

        candidates, present = self._prefilter.matches(text, sentences)
        if not candidates:
            return []  # most clauses: no need to split them into sentences
        segments = split[0] if split else split_segments(text, lead_in)
        starts = [s.start for s in segments]
        seen: set[tuple[str, int]] = set()
        findings: list[Finding] = []
        for r in sorted(candidates):
            rule = self._rules[r]
            verdicts: dict[int, bool] = {}
            for match in sorted(candidates[r], key=lambda m: (m.start(), -m.end())):
                placed = _inside_segment(rule, match, segments, starts)
                if placed is None:
                    continue
                number, inner = placed
                key = (rule.spec.category, number)
                if key in seen or verdicts.get(number) is False:
                    continue
                finding = _finding(
                    rule, text, segments[number], inner, unless=self._unless[r], present=present
                )
                verdicts[number] = finding is not None
                if finding is not None:
                    seen.add(key)
                    findings.append(finding)
        findings.sort(key=lambda f: (f.start, f.severity.rank, f.category))
        return findings


def _inside_segment(
    rule: CompiledRule, match: re.Match[str], segments: list[Segment], starts: list[int]
) -> tuple[int, re.Match[str]] | None:
    """The segment a match lies in, and the match cut back to that segment if it ran past."""
    number = bisect_right(starts, match.start()) - 1
    if number < 0 or match.start() >= segments[number].end:
        return None
    end = segments[number].end
    if match.end() <= end:
        return number, match
    # The match ran past the sentence: look again inside the sentence alone.
    inner = match.re.match(match.string, match.start(), end)
    return (number, inner) if inner is not None else None


class _Exception(NamedTuple):
    """An ``unless`` pattern, the word sets it needs and the words its matches start with."""

    pattern: re.Pattern[str]
    needs: int
    starts: frozenset[str] | None


def _excepted(sentence: str, unless: tuple[_Exception, ...], missing: int) -> bool:
    """Whether an exception matches the sentence (as a search of the whole sentence would).

    Where the words an exception starts with are known, it is tried only where they begin a
    word, not at every character.
    """
    lowered = sentence.lower()
    exact = len(lowered) == len(sentence)
    for exception in unless:
        if exception.needs & missing:
            continue
        if exception.starts is None or not exact:
            if exception.pattern.search(sentence):
                return True
            continue
        match = exception.pattern.match
        for word in exception.starts:
            if any(match(sentence, at) for at in word_starts(lowered, word, 0, len(lowered))):
                return True
    return False


def _finding(
    rule: CompiledRule,
    text: str,
    segment: Segment,
    match: re.Match[str],
    *,
    unless: tuple[_Exception, ...],
    present: int,
) -> Finding | None:
    """The finding of a match, or None when an exception or a missing requirement clears it.

    ``present``: the word sets the clause has (an exception whose words are missing is not
    searched for).
    """
    sentence = text[segment.start : segment.end]
    if _excepted(sentence, unless, ~present):
        return None
    lead = segment.lead_in or ""
    if lead and any(p.search(lead) for p in rule.unless_lead_in):
        return None
    for required in rule.requires:
        if not (required.search(sentence) or (lead and required.search(lead))):
            return None
    spec = rule.spec
    context = f"{lead}\n{sentence}" if lead else sentence
    scope = _first_choice(rule.scope, sentence) or spec.default_scope
    party = _first_choice(rule.party, context) or spec.default_party
    carve_outs = tuple(
        dict.fromkeys(c.value for c in rule.carve_outs if c.pattern.search(sentence))
    )
    return Finding(
        category=spec.category,
        rule=spec.id,
        severity=spec.severity,
        start=match.start(),
        end=match.end(),
        text=match.group(),
        explanation=spec.explanation,
        restricted_party=party,
        scope=scope,
        carve_outs=carve_outs,
    )
