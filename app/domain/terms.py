"""Terms documents: an outline of sections over clauses, typed variables, and assembled results."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from app.domain.clause import is_valid_key
from app.domain.document import SourceClause, SplitDocument
from app.domain.errors import InvalidInputError

_NAME_RE = re.compile(r"^[a-z_][a-z0-9_]*$")
_ANCHOR_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
_BOOKMARK_UNSAFE = re.compile(r"[^A-Za-z0-9_]")
# Spelled out here, not taken from strftime, whose month names follow the machine's locale.
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off"}
MAX_DEPTH = 3


class VariableType(StrEnum):
    """What kind of value a variable holds; the form shows a matching field."""

    TEXT = "text"
    DATE = "date"
    CHOICE = "choice"
    NUMBER = "number"
    YES_NO = "yes-no"


class LegalDate(dt.date):
    """A date that prints the way contracts write it: '1 March 2026'."""

    def __str__(self) -> str:
        return f"{self.day} {_MONTHS[self.month - 1]} {self.year}"


Value = str | int | float | bool | dt.date


def is_valid_variable_name(name: str) -> bool:
    """Variable names are lower-case identifiers, usable as ``{{ name }}`` in a clause."""
    return bool(_NAME_RE.match(name)) and len(name) <= 64


def _as_number(raw: object) -> int | float:
    if isinstance(raw, bool):
        raise ValueError("a number")
    if isinstance(raw, int | float):
        number: float = raw
    else:
        try:
            number = float(str(raw).strip().replace(",", ""))
        except ValueError:
            raise ValueError("a number") from None
    if not math.isfinite(number):
        raise ValueError("a number")
    return int(number) if float(number).is_integer() else number


def _as_date(raw: object) -> LegalDate:
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if isinstance(raw, dt.date):
        return LegalDate(raw.year, raw.month, raw.day)
    try:
        parsed = dt.date.fromisoformat(str(raw).strip())
    except ValueError:
        raise ValueError("a date written YYYY-MM-DD") from None
    return LegalDate(parsed.year, parsed.month, parsed.day)


def _as_yes_no(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError("yes or no (true/false)")


@dataclass(frozen=True)
class Variable:
    """A blank in the document's clauses, filled from the form or from ``--set name=value``."""

    name: str
    type: VariableType = VariableType.TEXT
    label: str = ""
    default: Value | None = None
    choices: tuple[str, ...] = ()
    help: str = ""

    @property
    def display_label(self) -> str:
        return self.label or self.name.replace("_", " ").capitalize()

    def coerce(self, raw: object) -> Value:
        """The typed value of a raw value (text from a form or the command line).

        Raises ValueError saying what was expected, e.g. "must be a date written YYYY-MM-DD".
        """
        try:
            return self._coerce(raw)
        except ValueError as exc:
            raise ValueError(f"must be {exc}, not {str(raw)!r}") from None

    def _coerce(self, raw: object) -> Value:
        if self.type is VariableType.NUMBER:
            return _as_number(raw)
        if self.type is VariableType.DATE:
            return _as_date(raw)
        if self.type is VariableType.YES_NO:
            return _as_yes_no(raw)
        text = str(raw).strip() if not isinstance(raw, str) else raw.strip()
        if self.type is VariableType.CHOICE and text not in self.choices:
            raise ValueError("one of " + ", ".join(repr(c) for c in self.choices))
        return text


def format_value(value: Value) -> str:
    """How a value reads in a form, a version's record and the command line (round-trips)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class Section:
    """One item of a document's outline.

    It shows a clause (``clause`` key, following its current approved wording unless ``version``
    pins one), or only a heading over its ``items``. ``heading`` overrides the clause's title;
    ``when`` is a condition on variables (e.g. ``offers_model_api``) deciding whether the item
    and its children are included; ``anchor`` names it for cross-references (default: the
    clause key).
    """

    clause: str | None = None
    heading: str | None = None
    version: int | None = None
    when: str | None = None
    anchor: str | None = None
    items: tuple[Section, ...] = ()

    @property
    def reference_name(self) -> str | None:
        return self.anchor or self.clause

    def describe(self) -> str:
        """How the item is named in messages."""
        if self.clause:
            return f"clause {self.clause!r}"
        if self.anchor:
            return f"section {self.anchor!r}"
        return f"section {self.heading!r}"


@dataclass(frozen=True)
class TermsDocument:
    """A terms document (template): variables and an outline of sections over clauses."""

    name: str
    title: str
    variables: tuple[Variable, ...] = ()
    outline: tuple[Section, ...] = ()
    description: str = ""
    lock_version: int = 0
    updated_at: dt.datetime | None = None

    def variable(self, name: str) -> Variable | None:
        return next((v for v in self.variables if v.name == name), None)

    def walk(self) -> Iterator[tuple[int, Section]]:
        """Every outline item with its depth (1 = top), in document order."""

        def visit(items: tuple[Section, ...], depth: int) -> Iterator[tuple[int, Section]]:
            for item in items:
                yield depth, item
                yield from visit(item.items, depth + 1)

        return visit(self.outline, 1)

    def clause_keys(self) -> list[str]:
        """The clause keys the outline uses, in order, each once."""
        seen: dict[str, None] = {}
        for _depth, item in self.walk():
            if item.clause:
                seen.setdefault(item.clause, None)
        return list(seen)

    def follows(self, clause_key: str) -> bool:
        """Whether a new wording of the clause changes this document (an unpinned use)."""
        return any(item.clause == clause_key and item.version is None for _, item in self.walk())

    def uses(self, clause_key: str) -> bool:
        return any(item.clause == clause_key for _, item in self.walk())

    def defaults(self) -> dict[str, Value]:
        return {v.name: v.default for v in self.variables if v.default is not None}


def check_document(document: TermsDocument) -> list[str]:
    """Structural problems of a definition (names, depth, duplicate anchors, bad defaults)."""
    problems: list[str] = []
    if not is_valid_key(document.name):
        problems.append(f"name {document.name!r} must be kebab-case (a-z, 0-9, hyphens)")
    if not document.title.strip():
        problems.append("the document needs a title")
    names: set[str] = set()
    for variable in document.variables:
        problems += _check_variable(variable, names)
    anchors: set[str] = set()
    for depth, item in document.walk():
        problems += _check_item(item, depth, anchors)
    if not document.outline:
        problems.append("the outline is empty: add at least one clause")
    return problems


def _check_variable(variable: Variable, names: set[str]) -> list[str]:
    problems = []
    if not is_valid_variable_name(variable.name):
        problems.append(
            f"variable {variable.name!r}: names are lower-case letters, digits and underscores"
        )
    if variable.name in names:
        problems.append(f"variable {variable.name!r} is declared twice")
    names.add(variable.name)
    if variable.type is VariableType.CHOICE and not variable.choices:
        problems.append(f"variable {variable.name!r} is a choice but lists no choices")
    if variable.default is not None:
        try:
            variable.coerce(variable.default)
        except ValueError as exc:
            problems.append(f"variable {variable.name!r}: the default {exc}")
    return problems


def _check_item(item: Section, depth: int, anchors: set[str]) -> list[str]:
    problems = []
    if depth > MAX_DEPTH:
        problems.append(f"{item.describe()} is nested deeper than {MAX_DEPTH} levels")
    if not item.clause and not (item.heading and item.heading.strip()):
        problems.append("an outline item needs a clause or a heading")
    if item.version is not None and (not item.clause or item.version < 1):
        problems.append(f"{item.describe()}: a pinned version must be 1 or more, with a clause")
    name = item.reference_name
    if item.anchor is not None and not _ANCHOR_RE.match(item.anchor):
        problems.append(f"anchor {item.anchor!r}: use lower-case letters, digits and hyphens")
    if name is not None:
        if name in anchors:
            problems.append(
                f"{item.describe()} appears twice; give one of them an anchor to refer to it"
            )
        anchors.add(name)
    return problems


# -- definitions as plain data (stored as JSON, written as YAML) ------------------------------


def variable_to_data(variable: Variable) -> dict[str, Any]:
    data: dict[str, Any] = {"name": variable.name, "type": variable.type.value}
    if variable.label:
        data["label"] = variable.label
    if variable.default is not None:
        data["default"] = default_to_data(variable.default)
    if variable.choices:
        data["choices"] = list(variable.choices)
    if variable.help:
        data["help"] = variable.help
    return data


def default_to_data(value: Value) -> str | int | float | bool:
    """Numbers and yes/no stay typed; dates are written ISO (YYYY-MM-DD)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def section_to_data(item: Section) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in ("clause", "heading", "version", "when", "anchor"):
        value = getattr(item, name)
        if value is not None:
            data[name] = value
    if item.items:
        data["items"] = [section_to_data(child) for child in item.items]
    return data


def document_to_data(document: TermsDocument) -> dict[str, Any]:
    """The definition as plain data, key order fixed, empty parts left out."""
    data: dict[str, Any] = {"name": document.name, "title": document.title}
    if document.description:
        data["description"] = document.description
    data["variables"] = [variable_to_data(v) for v in document.variables]
    data["outline"] = [section_to_data(item) for item in document.outline]
    return data


def document_from_data(data: Mapping[str, Any]) -> TermsDocument:
    """The inverse of document_to_data for trusted data (the database); files validate first."""
    return TermsDocument(
        name=str(data["name"]),
        title=str(data["title"]),
        description=str(data.get("description") or ""),
        variables=tuple(_variable_from_data(v) for v in data.get("variables") or ()),
        outline=tuple(_section_from_data(s) for s in data.get("outline") or ()),
    )


def _variable_from_data(data: Mapping[str, Any]) -> Variable:
    variable = Variable(
        name=str(data["name"]),
        type=VariableType(data.get("type", "text")),
        label=str(data.get("label") or ""),
        choices=tuple(str(c) for c in data.get("choices") or ()),
        help=str(data.get("help") or ""),
    )
    default = data.get("default")
    if default is None:
        return variable
    try:
        return replace(variable, default=variable.coerce(default))
    except ValueError:
        return replace(variable, default=str(default))


def _section_from_data(data: Mapping[str, Any]) -> Section:
    version = data.get("version")
    return Section(
        clause=data.get("clause"),
        heading=data.get("heading"),
        version=int(version) if version is not None else None,
        when=data.get("when"),
        anchor=data.get("anchor"),
        items=tuple(_section_from_data(child) for child in data.get("items") or ()),
    )


# -- inputs and results of assembly -----------------------------------------------------------


@dataclass(frozen=True)
class ClauseWording:
    """The wording of a clause that a document item shows (its current or a pinned version)."""

    key: str
    version: int
    title: str
    type: str
    body: str
    retired: bool = False
    draft: bool = False


@dataclass(frozen=True)
class Problem:
    """Something that stops a document from being assembled, pointing at where to fix it."""

    message: str
    clause: str | None = None
    variable: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = []
        if self.clause:
            where.append(f"clause {self.clause!r}" + (f" line {self.line}" if self.line else ""))
        if self.variable:
            where.append(f"variable {self.variable!r}")
        return (", ".join(where) + ": " if where else "") + self.message


class AssemblyError(InvalidInputError):
    """The document cannot be assembled (or exported) until its problems are fixed."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        first = str(problems[0]) if problems else "the document cannot be assembled"
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        super().__init__(first + more)

    def report(self) -> str:
        return "\n".join(f"- {p}" for p in self.problems)


@dataclass(frozen=True)
class CrossReference:
    """A reference to another section: shown as its number, exported as a Word REF field."""

    target: str
    bookmark: str
    number: str


Piece = str | CrossReference


@dataclass(frozen=True)
class AssembledParagraph:
    """One paragraph of a clause: text and cross-references; ``number`` set for list items."""

    pieces: tuple[Piece, ...]
    number: str | None = None

    @property
    def text(self) -> str:
        return "".join(p if isinstance(p, str) else p.number for p in self.pieces)

    @property
    def references(self) -> tuple[CrossReference, ...]:
        return tuple(p for p in self.pieces if isinstance(p, CrossReference))


@dataclass(frozen=True)
class AssembledClause:
    """A numbered section of the assembled document ("1", "1.1" or "(a)" at level 3)."""

    number: str
    level: int
    heading: str | None
    paragraphs: tuple[AssembledParagraph, ...]
    bookmark: str
    anchor: str | None = None
    clause_key: str | None = None
    clause_version: int | None = None
    reference_number: str = ""

    @property
    def text(self) -> str:
        lines = []
        for paragraph in self.paragraphs:
            lead = f"{paragraph.number} " if paragraph.number else ""
            lines.append(lead + paragraph.text)
        return "\n\n".join(lines)


@dataclass(frozen=True)
class AssembledDocument:
    """A terms document with variables filled in, conditions applied, numbers and refs resolved."""

    name: str
    title: str
    clauses: tuple[AssembledClause, ...]
    values: tuple[tuple[str, str], ...] = ()
    warnings: tuple[str, ...] = ()
    effective_date: str | None = None
    version_label: str | None = None

    def value(self, name: str) -> str | None:
        return dict(self.values).get(name)

    @property
    def text(self) -> str:
        """The whole document as plain text: title, then numbered sections."""
        parts = [self.title]
        for clause in self.clauses:
            lead = " ".join(p for p in (_display_number(clause), clause.heading) if p)
            parts.append("\n\n".join(p for p in (lead, clause.text) if p))
        return "\n\n".join(parts) + "\n"

    def word_count(self) -> int:
        return len(self.text.split())

    def to_split_document(self) -> SplitDocument:
        """The shape the diff engine compares: one clause per numbered section."""
        clauses: list[SourceClause] = []
        parents: dict[int, int] = {}
        for index, clause in enumerate(self.clauses):
            parents[clause.level] = index
            parent = parents.get(clause.level - 1) if clause.level > 1 else None
            clauses.append(
                SourceClause(
                    index=index,
                    number=clause.reference_number or clause.number,
                    heading=clause.heading,
                    text=clause.text,
                    level=clause.level,
                    parent=parent,
                )
            )
        return SplitDocument(source=self.name, clauses=tuple(clauses), title=self.title)

    def to_data(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "effective_date": self.effective_date,
            "version_label": self.version_label,
            "values": [list(pair) for pair in self.values],
            "warnings": list(self.warnings),
            "clauses": [_clause_to_data(c) for c in self.clauses],
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> AssembledDocument:
        return cls(
            name=str(data["name"]),
            title=str(data["title"]),
            effective_date=data.get("effective_date"),
            version_label=data.get("version_label"),
            values=tuple((str(a), str(b)) for a, b in data.get("values") or ()),
            warnings=tuple(str(w) for w in data.get("warnings") or ()),
            clauses=tuple(_clause_from_data(c) for c in data.get("clauses") or ()),
        )


def _display_number(clause: AssembledClause) -> str:
    return f"{clause.number}." if clause.level == 1 else clause.number


def _clause_to_data(clause: AssembledClause) -> dict[str, Any]:
    return {
        "number": clause.number,
        "reference_number": clause.reference_number,
        "level": clause.level,
        "heading": clause.heading,
        "bookmark": clause.bookmark,
        "anchor": clause.anchor,
        "clause_key": clause.clause_key,
        "clause_version": clause.clause_version,
        "paragraphs": [
            {
                "number": p.number,
                "pieces": [
                    piece
                    if isinstance(piece, str)
                    else {"ref": piece.target, "bookmark": piece.bookmark, "number": piece.number}
                    for piece in p.pieces
                ],
            }
            for p in clause.paragraphs
        ],
    }


def _clause_from_data(data: Mapping[str, Any]) -> AssembledClause:
    paragraphs = tuple(
        AssembledParagraph(
            number=p.get("number"),
            pieces=tuple(
                piece
                if isinstance(piece, str)
                else CrossReference(piece["ref"], piece["bookmark"], piece["number"])
                for piece in p["pieces"]
            ),
        )
        for p in data["paragraphs"]
    )
    return AssembledClause(
        number=str(data["number"]),
        reference_number=str(data.get("reference_number") or ""),
        level=int(data["level"]),
        heading=data.get("heading"),
        paragraphs=paragraphs,
        bookmark=str(data["bookmark"]),
        anchor=data.get("anchor"),
        clause_key=data.get("clause_key"),
        clause_version=data.get("clause_version"),
    )


def bookmark_name(anchor: str, index: int) -> str:
    """A Word bookmark name (letters, digits, underscores; at most 40 characters), unique by index.

    Names starting with ``_Ref`` are hidden in Word's bookmark list, as Word does for its own
    cross-reference targets.
    """
    stem = _BOOKMARK_UNSAFE.sub("_", anchor)[:26]
    return f"_Ref{index:04d}_{stem}"[:40]


@dataclass(frozen=True)
class DocumentSummary:
    """A document as listed: name, title and how many versions were saved."""

    name: str
    title: str
    versions: int


@dataclass(frozen=True)
class DocumentVersion:
    """A saved version: the assembled text frozen with its label, values, author and time."""

    number: int
    label: str
    author: str
    created_at: dt.datetime
    assembled: AssembledDocument
    values: tuple[tuple[str, str], ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class DocumentUse:
    """A document that uses a clause: following its latest wording, or pinned to a version."""

    name: str
    title: str
    pinned_version: int | None

    @property
    def follows(self) -> bool:
        return self.pinned_version is None
