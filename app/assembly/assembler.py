"""Assembling a terms document: check, include by condition, number, then render each clause.

Numbering comes first and rendering second, so a cross-reference (``{{ ref('liability') }}``)
can point forwards as well as backwards. Every problem found is collected and reported
together, each naming the clause (and variable) to fix; nothing is rendered blank.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from jinja2.exceptions import SecurityError, UndefinedError

from app.assembly.templates import (
    CompiledCondition,
    CompiledText,
    TemplateCompiler,
    WordingSyntaxError,
)
from app.assembly.values import REF_END, REF_START, typed_values
from app.domain.terms import (
    AssembledClause,
    AssembledDocument,
    AssembledParagraph,
    AssemblyError,
    ClauseWording,
    CrossReference,
    Piece,
    Problem,
    Section,
    TermsDocument,
    Value,
    bookmark_name,
    format_value,
)

Wordings = Mapping[tuple[str, int | None], ClauseWording]

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_LIST_MARK = re.compile(r"^\(([a-z]{1,4})\)\s+")
_REF_PIECE = re.compile(f"{REF_START}([^{REF_END}]*){REF_END}")
_UNDEFINED_NAME = re.compile(r"'([^']+)' is undefined")
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")
EFFECTIVE_DATE = "effective_date"


@dataclass
class _Planned:
    """An outline item after its static checks, with what it needs to render."""

    item: Section
    depth: int
    wording: ClauseWording | None
    body: CompiledText | None = None
    heading: CompiledText | None = None
    condition: CompiledCondition | None = None
    children: list[_Planned] = field(default_factory=list)

    def names(self) -> frozenset[str]:
        parts = (self.body, self.heading, self.condition)
        return frozenset().union(*(p.names for p in parts if p is not None))

    def problem(
        self, message: str, variable: str | None = None, line: int | None = None
    ) -> Problem:
        if self.item.clause:
            return Problem(message, self.item.clause, variable, line)
        return Problem(f"{self.item.describe()}: {message}", None, variable, line)


@dataclass
class _RenderState:
    """What rendering each clause needs: the values, the numbered targets, and the problems."""

    typed: dict[str, Value]
    missing: set[str]
    anchors: dict[str, _Numbered]
    left_out: set[str]
    problems: list[Problem]


@dataclass
class _Numbered:
    planned: _Planned
    number: str
    reference_number: str
    bookmark: str


def letter(n: int) -> str:
    """1 -> 'a', 26 -> 'z', 27 -> 'aa' (as Word's lowerLetter numbering counts)."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def roman(n: int) -> str:
    return _ROMAN[n - 1] if n <= len(_ROMAN) else str(n)


class Assembler:
    """Assembles documents; keeps compiled wordings so a live preview re-renders quickly."""

    def __init__(self, compiler: TemplateCompiler | None = None) -> None:
        self._compiler = compiler or TemplateCompiler()

    def check(
        self, document: TermsDocument, wordings: Wordings, values: Mapping[str, object] | None
    ) -> list[Problem]:
        """The problems that stop the document from being assembled (empty when it is fine)."""
        try:
            self.assemble(document, wordings, values)
        except AssemblyError as exc:
            return list(exc.problems)
        return []

    def assemble(
        self,
        document: TermsDocument,
        wordings: Wordings,
        values: Mapping[str, object] | None = None,
        *,
        version_label: str | None = None,
    ) -> AssembledDocument:
        """Raises AssemblyError listing every problem, each pointing at its clause."""
        problems: list[Problem] = []
        plan = [self._plan(item, 1, wordings, problems) for item in document.outline]
        flat = list(_flatten(plan))
        _check_names(document, flat, problems)
        _check_references(flat, problems)
        typed, missing = typed_values(document, values or {}, _variable_users(flat), problems)
        _raise_if(problems)
        included, left_out = _include(plan, typed, missing, problems)
        _raise_if(problems)
        numbered = _number(included)
        state = _RenderState(typed, missing, _anchors(numbered), left_out, problems)
        clauses = [_render(n, state) for n in numbered]
        _raise_if(problems)
        return AssembledDocument(
            name=document.name,
            title=document.title,
            clauses=tuple(clauses),
            values=tuple(
                (v.name, format_value(typed[v.name])) for v in document.variables if v.name in typed
            ),
            warnings=tuple(_warnings(flat)),
            effective_date=str(typed[EFFECTIVE_DATE]) if EFFECTIVE_DATE in typed else None,
            version_label=version_label,
        )

    def _plan(
        self, item: Section, depth: int, wordings: Wordings, problems: list[Problem]
    ) -> _Planned:
        wording = wordings.get((item.clause, item.version)) if item.clause else None
        planned = _Planned(item, depth, wording)
        if item.clause and wording is None:
            missing = f"has no version {item.version}" if item.version else "is not in the library"
            problems.append(planned.problem(f"the clause {missing}"))
        elif wording is not None and wording.retired:
            problems.append(planned.problem("the clause is retired; choose another wording"))
        planned.body = self._compile(planned, wording.body if wording else None, problems)
        planned.heading = self._compile(planned, item.heading, problems)
        if item.when is not None:
            try:
                planned.condition = self._compiler.condition(item.when)
            except WordingSyntaxError as exc:
                problems.append(planned.problem(exc.message))
        planned.children = [self._plan(c, depth + 1, wordings, problems) for c in item.items]
        return planned

    def _compile(
        self, planned: _Planned, source: str | None, problems: list[Problem]
    ) -> CompiledText | None:
        if source is None:
            return None
        try:
            return self._compiler.text(source)
        except WordingSyntaxError as exc:
            problems.append(planned.problem(exc.message, line=exc.line))
            return None


def _raise_if(problems: list[Problem]) -> None:
    if problems:
        raise AssemblyError(problems)


def _flatten(plan: list[_Planned]) -> list[_Planned]:
    out: list[_Planned] = []
    for planned in plan:
        out.append(planned)
        out.extend(_flatten(planned.children))
    return out


def _variable_users(flat: list[_Planned]) -> dict[str, list[str]]:
    users: dict[str, list[str]] = {}
    for planned in flat:
        for name in planned.names():
            users.setdefault(name, []).append(planned.item.clause or planned.item.describe())
    return users


def _check_names(document: TermsDocument, flat: list[_Planned], problems: list[Problem]) -> None:
    declared = {v.name for v in document.variables}
    for planned in flat:
        if planned.condition is not None:
            for name in sorted(planned.condition.names - declared):
                problems.append(
                    planned.problem(
                        f"the condition {planned.condition.source!r} refers to an unknown variable",
                        name,
                    )
                )
        for part in (planned.body, planned.heading):
            for name in sorted(part.names - declared) if part else ():
                problems.append(
                    planned.problem("uses a variable the document does not declare", name)
                )


def _reference_names(flat: list[_Planned]) -> dict[str, str]:
    """Reference name -> anchor: each item's anchor or clause key, and unambiguous clause types."""
    names = {p.item.reference_name: p.item.reference_name for p in flat if p.item.reference_name}
    by_type: dict[str, list[str]] = {}
    for planned in flat:
        if planned.wording is not None and planned.item.reference_name:
            by_type.setdefault(planned.wording.type, []).append(planned.item.reference_name)
    for clause_type, anchors in by_type.items():
        if len(anchors) == 1:
            names.setdefault(clause_type, anchors[0])
    return {k: v for k, v in names.items() if k is not None and v is not None}


def _check_references(flat: list[_Planned], problems: list[Problem]) -> None:
    names = _reference_names(flat)
    for planned in flat:
        for part in (planned.body, planned.heading):
            for target in part.ref_targets if part else ():
                if target not in names:
                    problems.append(
                        planned.problem(
                            f"cross-reference to {target!r}, which is not in the outline"
                        )
                    )
    _check_heading_cycles(flat, names, problems)


def _check_heading_cycles(
    flat: list[_Planned], names: dict[str, str], problems: list[Problem]
) -> None:
    """A heading that refers, directly or through other headings, to its own section loops:
    the section's number would be shown inside its own bookmark."""
    by_anchor = {p.item.reference_name: p for p in flat if p.item.reference_name}
    edges = {
        anchor: [names[t] for t in p.heading.ref_targets if t in names] if p.heading else []
        for anchor, p in by_anchor.items()
        if anchor is not None
    }
    reported: set[str] = set()
    for start in edges:
        path = _cycle_from(start, edges)
        if path and not reported.intersection(path):
            reported.update(path)
            loop = " → ".join([*path, path[0]])
            problems.append(by_anchor[start].problem(f"cross-references in headings loop: {loop}"))


def _cycle_from(start: str, edges: dict[str, list[str]]) -> list[str] | None:
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    while stack:
        node, path = stack.pop()
        for target in edges.get(node, ()):
            if target == start:
                return path
            if target not in path:
                stack.append((target, [*path, target]))
    return None


def _include(
    plan: list[_Planned], typed: dict[str, Value], missing: set[str], problems: list[Problem]
) -> tuple[list[_Planned], set[str]]:
    """The items whose conditions hold (children only with their parent), and the left-out names."""
    included: list[_Planned] = []
    left_out: set[str] = set()
    for planned in plan:
        if _holds(planned, typed, missing, problems):
            kept_children, dropped = _include(planned.children, typed, missing, problems)
            included.append(replace(planned, children=kept_children))
            left_out |= dropped
        else:
            left_out.update(p.item.reference_name or "" for p in _flatten([planned]))
    return included, left_out - {""}


def _holds(
    planned: _Planned, typed: dict[str, Value], missing: set[str], problems: list[Problem]
) -> bool:
    condition = planned.condition
    if condition is None:
        return True
    for name in sorted(condition.names & missing):
        problems.append(planned.problem("the condition needs a value for this variable", name))
    if condition.names & missing:
        return False
    try:
        return bool(condition.evaluate(**typed))
    except Exception as exc:  # any error a user's expression raises is reported, not crashed on
        problems.append(planned.problem(f"the condition {condition.source!r} failed: {exc}"))
        return False


def _number(included: list[_Planned]) -> list[_Numbered]:
    numbered: list[_Numbered] = []

    def visit(items: list[_Planned], parent: str) -> None:
        for position, planned in enumerate(items, start=1):
            if planned.depth == 1:
                number = reference = str(position)
            elif planned.depth == 2:
                number = reference = f"{parent}.{position}"
            else:
                number = f"({letter(position)})"
                reference = f"{parent}{number}"
            anchor = planned.item.reference_name or number
            numbered.append(
                _Numbered(planned, number, reference, bookmark_name(anchor, len(numbered) + 1))
            )
            visit(planned.children, reference)

    visit(included, "")
    return numbered


def _anchors(numbered: list[_Numbered]) -> dict[str, _Numbered]:
    flat = [n.planned for n in numbered]
    names = _reference_names(flat)
    by_anchor = {n.planned.item.reference_name: n for n in numbered}
    return {name: by_anchor[anchor] for name, anchor in names.items() if anchor in by_anchor}


def _render(numbered: _Numbered, state: _RenderState) -> AssembledClause:
    planned = numbered.planned
    typed, anchors, problems = state.typed, state.anchors, state.problems
    blanks = planned.names() & state.missing
    for name in sorted(blanks):
        problems.append(planned.problem("the variable has no value; give one or a default", name))

    def ref(target: object) -> str:
        found = anchors.get(str(target))
        if found is not None:
            return f"{REF_START}{target}{REF_END}"
        reason = (
            "its condition leaves it out"
            if str(target) in state.left_out
            else "it is not in the outline"
        )
        problems.append(planned.problem(f"cross-reference to {target!r}, but {reason}"))
        return "?"

    context: dict[str, Any] = {**typed, "ref": ref}
    body = heading = ""
    if not blanks:
        body = _render_text(planned, planned.body, context, problems)
        heading = _render_text(planned, planned.heading, context, problems)
    title = heading or (planned.wording.title if planned.wording else "")
    level = planned.depth
    return AssembledClause(
        number=numbered.number,
        reference_number=numbered.reference_number,
        level=level,
        heading=_strip_refs(title, anchors).strip() or None,
        paragraphs=tuple(_paragraphs(body, level, anchors)),
        bookmark=numbered.bookmark,
        anchor=planned.item.reference_name,
        clause_key=planned.item.clause,
        clause_version=planned.wording.version if planned.wording else None,
    )


def _render_text(
    planned: _Planned,
    text: CompiledText | None,
    context: dict[str, Any],
    problems: list[Problem],
) -> str:
    if text is None:
        return ""
    try:
        return text(context)
    except UndefinedError as exc:
        found = _UNDEFINED_NAME.search(str(exc))
        name = found.group(1) if found else None
        problems.append(planned.problem(f"a blank cannot be filled: {exc}", name))
    except SecurityError as exc:
        problems.append(planned.problem(f"the wording uses something not allowed: {exc}"))
    except Exception as exc:  # a wording's expression failing (e.g. text + number) is reported
        problems.append(planned.problem(f"the wording cannot be filled in: {exc}"))
    return ""


def _strip_refs(text: str, anchors: dict[str, _Numbered]) -> str:
    def number(match: re.Match[str]) -> str:
        found = anchors.get(match.group(1))
        return found.reference_number if found else "?"

    return _REF_PIECE.sub(number, text)


def _paragraphs(text: str, level: int, anchors: dict[str, _Numbered]) -> list[AssembledParagraph]:
    """Blank lines separate paragraphs; a typed "(a)" starts a list item, numbered afresh."""
    paragraphs: list[AssembledParagraph] = []
    count = 0
    for chunk in _PARAGRAPH_BREAK.split(text.strip()):
        joined = " ".join(line.strip() for line in chunk.splitlines() if line.strip())
        if not joined:
            continue
        mark = _LIST_MARK.match(joined)
        number = None
        if mark and (mark.group(1) == letter(count + 1) or mark.group(1) == roman(count + 1)):
            count += 1
            number = f"({letter(count)})" if level < 3 else f"({roman(count)})"
            joined = joined[mark.end() :]
        paragraphs.append(AssembledParagraph(_pieces(joined, anchors), number))
    return paragraphs


def _pieces(text: str, anchors: dict[str, _Numbered]) -> tuple[Piece, ...]:
    pieces: list[Piece] = []
    position = 0
    for match in _REF_PIECE.finditer(text):
        if match.start() > position:
            pieces.append(text[position : match.start()])
        target = anchors[match.group(1)]
        pieces.append(CrossReference(match.group(1), target.bookmark, target.reference_number))
        position = match.end()
    if position < len(text):
        pieces.append(text[position:])
    return tuple(pieces)


def _warnings(flat: list[_Planned]) -> list[str]:
    return [
        f"clause {p.item.clause!r} is a draft, not yet approved"
        for p in flat
        if p.wording is not None and p.wording.draft
    ]
