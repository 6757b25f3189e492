"""Splitting paragraphs into clauses: headings, numbering, typed numbers and bold lead-ins.

Pure logic shared by every importer (Markdown, plain text, Word): an importer turns its file into a
list of `Paragraph` values and `split_paragraphs` decides where clauses start, what their numbers
and headings are, and how they nest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.domain.document import SourceClause, SplitDocument


@dataclass(frozen=True)
class Paragraph:
    """One paragraph as an importer found it.

    ``heading_level`` comes from Markdown ``#`` or a Word heading style; ``number`` is a list or
    numbering label the importer already knows (Word numbering, a Markdown ordered list item) and
    is not part of ``text``; ``bold_lead`` is a bold run at the start of ``text`` (after any typed
    number), such as "Limitation of Liability."; ``list_depth`` (1 = outermost) says how deep a
    list item sits when the file's structure tells it, and then decides how items nest.
    """

    text: str
    heading_level: int | None = None
    number: str | None = None
    bold_lead: str | None = None
    in_table: bool = False
    style: str | None = None
    list_depth: int | None = None


# A typed number at the start of a paragraph, followed by white space or the end.
_TYPED_NUMBER = re.compile(
    r"""^(?P<label>
        (?:Section|SECTION|Article|ARTICLE|Clause|CLAUSE|§)\s*(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,7})\.?
      | \((?:[a-z]{1,2}|[A-Z]{1,2}|\d{1,2}|[ivxlc]{1,7}|[IVXLC]{1,7})\)
      | (?:[a-z]|\d{1,2}|[ivx]{1,5})\)
      | (?:[A-Z]\.)?\d{1,3}(?:\.\d{1,3})+\.?
      | (?:[A-Z]\.)?\d{1,3}\.
      | [IVX]{2,6}\.
      | [ivx]{2,6}\.
      | [A-Za-z]\.
    )(?=\s|$)""",
    re.VERBOSE,
)
# In a heading a bare number ("## 4 Fees") is a number too.
_BARE_NUMBER = re.compile(r"^(?P<label>\d{1,3})(?=\s+\S)")
_SEPARATORS = " \t\u00a0.:;\u2013\u2014-"
_ROMAN = set("ivxlcdm")
# Runs of white space other than tabs (table cells) and line ends.
_SPACES = re.compile(r"[^\S\t\n]+")
_HEADING_MAX_WORDS = 12
# "Grant of Rights. You are..." : a title ending in a full stop, then a sentence.
_RUN_IN = re.compile(r"^([^.;:!?,\n]{2,80}?)\.\s+(?=[A-Z\u201c\"(])")
_SMALL_WORDS = frozenset({"with", "from", "into", "upon", "that", "than", "over", "under"})
_LEAD_MAX_WORDS = 15


@dataclass(frozen=True)
class _Label:
    """What kind of number a clause carries, for deciding how clauses nest."""

    kind: str  # "dotted", "section", "article", "paren" or "" (none)
    parts: tuple[str, ...] = ()
    paren_kind: str = ""


@dataclass
class _Open:
    """A clause being built, and what is needed to nest the next ones."""

    index: int
    number: str | None
    heading: str | None
    body: list[str]
    kind: str  # "heading", "numbered", "bold" or "plain"
    label: _Label
    heading_level: int = 0
    level: int = 1
    parent: int | None = None
    typed: bool = False
    list_depth: int | None = None

    def to_clause(self) -> SourceClause:
        text = "\n".join(p for p in self.body if p)
        return SourceClause(
            index=self.index,
            number=self.number,
            heading=self.heading,
            text=text,
            level=self.level,
            parent=self.parent,
        )


def split_paragraphs(
    paragraphs: Iterable[Paragraph], source: str, warnings: Sequence[str] = ()
) -> SplitDocument:
    """The clauses of a document, given its paragraphs in reading order."""
    items = [p for p in paragraphs if p.text.strip() or p.number]
    title, items = _take_title(items)
    done: list[_Open] = []
    stack: list[_Open] = []
    for paragraph in items:
        current = stack[-1] if stack else None
        started = _start_clause(paragraph, len(done))
        if started is None:
            text = _clean(paragraph.text)
            if current is None:
                plain = _Open(len(done), None, None, [text], "plain", _Label(""))
                done.append(plain)
                continue
            if _awaits_heading(current) and _looks_like_heading(text):
                current.heading = text.rstrip(".:").strip() or text
            else:
                current.body.append(text)
            continue
        started.list_depth = paragraph.list_depth
        _nest(started, stack)
        done.append(started)
        stack.append(started)
    return SplitDocument(
        source=source,
        clauses=tuple(c.to_clause() for c in done),
        warnings=tuple(warnings),
        title=title,
    )


def _take_title(items: list[Paragraph]) -> tuple[str | None, list[Paragraph]]:
    """A lone unnumbered top heading (or Word's Title style) is the document title, not a clause."""
    if not items:
        return None, items
    first = items[0]
    if first.style == "Title":
        return _clean(first.text), items[1:]
    if first.heading_level == 1 and first.number is None and not _typed_number(first.text, True):
        others = [p for p in items[1:] if p.heading_level == 1]
        if not others:
            return _clean(first.text), items[1:]
    return None, items


def _clean(text: str) -> str:
    """Collapse runs of spaces and tabs; keep line breaks the author typed inside a paragraph."""
    if "\t" in text:
        lines = [_SPACES.sub(" ", line).strip() for line in text.strip().splitlines()]
    else:
        lines = [" ".join(line.split()) for line in text.strip().splitlines()]
    return "\n".join(line for line in lines if line)


def _start_clause(paragraph: Paragraph, index: int) -> _Open | None:
    """A new clause if this paragraph starts one, else None (it is body text)."""
    text = _clean(paragraph.text)
    number = paragraph.number.strip() if paragraph.number else None
    is_heading = paragraph.heading_level is not None
    typed = False
    if number is None and not paragraph.in_table:
        found = _typed_number(text, is_heading)
        if found is not None:
            (number, text), typed = found, True
    heading, text = _lead_in(paragraph, text)
    if is_heading:
        heading_text = " ".join(p for p in (heading, text) if p)
        return _Open(
            index,
            number,
            heading_text or None,
            [],
            "heading",
            _label(number),
            heading_level=paragraph.heading_level or 1,
        )
    if paragraph.in_table:
        return None
    if number is not None:
        if heading is None and _looks_like_heading(text) and _is_title_case(text):
            heading, text = text.rstrip(".:").strip() or text, ""
        elif heading is None:
            heading, text = _run_in_heading(text)
        return _Open(index, number, heading, [text], "numbered", _label(number), typed=typed)
    if heading is not None:
        return _Open(index, None, heading, [text], "bold", _Label(""))
    return None


def _typed_number(text: str, is_heading: bool) -> tuple[str, str] | None:
    """The typed number at the start of ``text`` and the text after it."""
    match = _TYPED_NUMBER.match(text) or (_BARE_NUMBER.match(text) if is_heading else None)
    if match is None:
        return None
    label = match.group("label")
    rest = text[match.end() :].lstrip(_SEPARATORS)
    # "A. Smith": a single capital with a dot is a number only before a capitalised word.
    lone_capital = len(label) == 2 and label[0].isalpha() and label[1] == "."
    if lone_capital and rest and not rest[0].isupper():
        return None
    return _normalise_number(label), rest


def _normalise_number(label: str) -> str:
    """ "Section 4." -> "Section 4"; other labels are kept as typed."""
    if label[0] in "SsAaCc§" and " " in label:
        return " ".join(label.split()).rstrip(".")
    return label


def _lead_in(paragraph: Paragraph, text: str) -> tuple[str | None, str]:
    """A bold lead-in ("**Minimum Age.** You must...") as the heading, and the text after it."""
    lead = " ".join((paragraph.bold_lead or "").split())
    if not lead or not text.startswith(lead):
        return None, text
    rest = text[len(lead) :]
    words = lead.split()
    if len(words) > _LEAD_MAX_WORDS:
        return None, text
    punctuated = lead[-1] in ".:" or rest.lstrip()[:1] in (".", ":", "\u2013", "\u2014", "-")
    whole = not rest.strip(_SEPARATORS)
    if whole and len(words) <= _HEADING_MAX_WORDS and lead[-1] not in ";,":
        return lead.rstrip(".:").strip() or lead, ""
    if not punctuated:
        return None, text
    return lead.rstrip(".:").strip() or lead, rest.lstrip(_SEPARATORS)


def _run_in_heading(text: str) -> tuple[str | None, str]:
    """A short title at the start of a numbered clause ("Grant of Rights. You are granted...")
    is its heading, even without bold."""
    match = _RUN_IN.match(text)
    if match is None:
        return None, text
    title = match.group(1).strip()
    words = title.split()
    significant = [w for w in words if len(w) > 3 and w.lower() not in _SMALL_WORDS]
    if len(words) > 8 or not significant or not all(w[0].isupper() for w in significant):
        return None, text
    return title, text[match.end() :]


def _looks_like_heading(text: str) -> bool:
    """A short line without sentence punctuation, such as "Limitation of Liability"."""
    if not text or "\n" in text or len(text) > 100:
        return False
    words = text.split()
    if len(words) > _HEADING_MAX_WORDS or text[0].islower():
        return False
    if text[-1] in ",;" or re.search(r"[.;!?]\s", text):
        return False
    return not (text[-1] == "." and len(words) > 6)


def _is_title_case(text: str) -> bool:
    """Most significant words capitalised ("Fees and Payment", "DEFINITIONS")."""
    words = [w for w in text.split() if len(w) > 3]
    if not words:
        return text[:1].isupper()
    return sum(w[0].isupper() for w in words) * 2 > len(words)


def _awaits_heading(current: _Open) -> bool:
    """A number standing alone ("1.") takes a short next line as its heading."""
    return (
        current.kind == "numbered"
        and current.heading is None
        and not any(current.body)
        and current.number is not None
    )


def _label(number: str | None) -> _Label:
    """Classify a number so that "4.2" nests under "4." and "(a)" under whatever precedes it."""
    if not number:
        return _Label("")
    word = number.split()[0].lower() if " " in number else ""
    if word in ("section", "clause", "§"):
        return _Label("section", tuple(number.split()[1].split(".")))
    if word == "article":
        return _Label("article", (number.split()[1],))
    if number.startswith("(") or number.endswith(")"):
        inner = number.strip("()")
        return _Label("paren", (inner,), _paren_kind(inner))
    inner = number.rstrip(".")
    if len(inner) == 1 and inner.islower():
        return _Label("paren", (inner,), _paren_kind(inner))
    if inner and set(inner) <= _ROMAN and len(inner) > 1:
        return _Label("paren", (inner,), "roman")
    return _Label("dotted", tuple(p for p in inner.split(".") if p))


def _paren_kind(inner: str) -> str:
    if inner.isdigit():
        return "digit"
    if set(inner.lower()) <= _ROMAN:
        return "roman-upper" if inner.isupper() else "roman"
    return "alpha-upper" if inner.isupper() else "alpha"


def _nest(clause: _Open, stack: list[_Open]) -> None:
    """Close the clauses the new one does not belong to; set its parent and level."""
    depth = clause.list_depth
    if depth is not None:
        # Items of the same list nest by how deep the list is, whatever their numbers.
        while stack and stack[-1].list_depth is not None and stack[-1].list_depth >= depth:
            stack.pop()
        if stack and stack[-1].list_depth is not None:
            clause.parent, clause.level = stack[-1].index, stack[-1].level + 1
            return
    previous = _previous_in_sequence(clause, stack)
    if previous is not None:
        # "3." right after "2." (however deep "2." was) is its next sibling.
        del stack[previous:]
    elif _restarts_under(clause, stack):
        pass  # "1." right after "2. Intellectual Property" starts the clauses under it
    elif clause.label.kind == "paren":
        _nest_list_item(clause, stack)
    else:
        while stack and not _is_ancestor(stack[-1], clause):
            stack.pop()
    if stack:
        clause.parent = stack[-1].index
        clause.level = stack[-1].level + 1


def _restarts_under(clause: _Open, stack: list[_Open]) -> bool:
    """A typed "1." (or "a.") right after another clause numbered the same way opens a new
    series under it."""
    label = clause.label
    if clause.list_depth is not None or label.kind != "dotted" or not stack:
        return False
    top = stack[-1].label
    return (
        label.parts[-1:] in (("1",), ("a",), ("A",))
        and top.kind == "dotted"
        and len(top.parts) == len(label.parts)
    )


def _previous_in_sequence(clause: _Open, stack: list[_Open]) -> int | None:
    """Where in the stack the clause numbered just before this one ("2." for "3.") is open."""
    label = clause.label
    if clause.list_depth is not None or label.kind != "dotted" or not label.parts:
        return None
    for depth in range(len(stack) - 1, -1, -1):
        entry = stack[depth].label
        if (
            entry.kind == "dotted"
            and len(entry.parts) == len(label.parts)
            and entry.parts[:-1] == label.parts[:-1]
            and _follows(entry.parts[-1], label.parts[-1])
        ):
            return depth
    return None


def _follows(before: str, after: str) -> bool:
    if before.isdigit() and after.isdigit():
        return int(after) == int(before) + 1
    return len(before) == len(after) == 1 and ord(after) == ord(before) + 1


def _nest_list_item(clause: _Open, stack: list[_Open]) -> None:
    """ "(b)" closes "(a)" and what is under it; a new kind of item nests under the open one."""
    kind = clause.label.paren_kind
    if kind == "roman" and _continues_letters(clause, stack):
        kind = "alpha"
        clause.label = _Label("paren", clause.label.parts, "alpha")
    for depth in range(len(stack) - 1, -1, -1):
        entry = stack[depth]
        if entry.label.kind != "paren" and entry.kind != "bold":
            break
        if entry.label.kind == "paren" and entry.label.paren_kind == kind:
            del stack[depth:]
            return


def _continues_letters(clause: _Open, stack: list[_Open]) -> bool:
    """ "(i)" right after "(h)" is the ninth letter, not roman one."""
    label = clause.label.parts[0]
    if len(label) != 1:
        return False
    for entry in reversed(stack):
        if entry.label.kind != "paren":
            return False
        if entry.label.paren_kind == "alpha":
            previous = entry.label.parts[0]
            return len(previous) == 1 and ord(previous) + 1 == ord(label)
    return False


def _is_ancestor(entry: _Open, clause: _Open) -> bool:
    """Whether an open clause encloses the new (non list-item) clause."""
    if clause.kind == "heading":
        return entry.kind == "heading" and entry.heading_level < clause.heading_level
    kind = clause.label.kind
    if entry.kind == "heading":
        # A typed "2." closes heading "1."; a list item numbered "1." sits under heading "4.2".
        same_scheme = entry.label.kind == kind and kind in ("dotted", "section")
        return not (same_scheme and clause.typed) or _extends(entry.label, clause.label)
    if kind == "dotted":
        if entry.label.kind == "dotted":
            return _extends(entry.label, clause.label)
        return entry.label.kind in ("section", "article")
    if kind == "section":
        if entry.label.kind == "section":
            return _extends(entry.label, clause.label)
        return entry.label.kind == "article"
    if kind == "article":
        return False
    # A bold lead-in sits under numbered clauses, beside other lead-ins.
    return entry.label.kind in ("dotted", "section", "article")


def _extends(outer: _Label, inner: _Label) -> bool:
    """ "4.2" extends "4." (and "4.2.1" extends "4.2")."""
    size = len(outer.parts)
    return size < len(inner.parts) and inner.parts[:size] == outer.parts


def starts_with_number(text: str) -> bool:
    """Whether a line begins with a typed clause number ("1.", "4.2", "(a)", "Section 4")."""
    return _typed_number(text.strip(), False) is not None


def looks_like_heading(text: str) -> bool:
    """A short, title-case line without sentence punctuation: a heading in plain text."""
    text = text.strip()
    if re.search(r":\s", text):
        return False  # "Release Date: July 23, 2024" is a line of information, not a heading
    return _looks_like_heading(text) and _is_title_case(text) and text[-1] not in ".!?"
