"""Reading a Markdown document into clauses: Markdown structure is structure, never clause text.

Headings, list items, tables, emphasis and links are read from the parse tree, so ``#``, ``**``,
``|`` and link addresses never reach a clause. Table cells are joined with a tab, which the redline
writes as a tab and which never occurs inside a cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from app.domain.document import SplitDocument
from app.domain.splitting import Paragraph, split_paragraphs, starts_with_number
from app.importing.decoding import decode_text, read_bytes

CELL_SEPARATOR = "\t"
# Marks a soft line break while the inline text is gathered (a private-use character).
_SOFT_BREAK = "\ue000"
_STRAY_EMPHASIS = re.compile(r"\*\*+")
_TAG = re.compile(r"<[^>]*>")
_TYPED_LEAD = re.compile(r"^\s*(?:\(?[0-9A-Za-z]{1,4}(?:\.[0-9]{1,3})*[.)]?)\s*$")


def read_markdown(source: Path | str, *, name: str | None = None) -> SplitDocument:
    """The clauses of a Markdown file (a ``Path``) or of Markdown text (a ``str``)."""
    if isinstance(source, Path):
        label = name or str(source)
        text, warnings = decode_text(read_bytes(source), label)
    else:
        label, text, warnings = name or "<text>", source, []
    return split_paragraphs(markdown_paragraphs(text), label, warnings)


def markdown_paragraphs(text: str) -> list[Paragraph]:
    """The paragraphs of Markdown text in reading order, with their structure."""
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    return list(_Walker(parser.parse(text)).paragraphs())


class _Walker:
    """Walks markdown-it's flat token stream, remembering open headings, lists and rows."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens
        self.pending_number: str | None = None
        self.pending_item = False
        self.list_depth = 0
        self.row: list[str] | None = None

    def paragraphs(self) -> Iterator[Paragraph]:
        heading_level: int | None = None
        for token in self.tokens:
            kind = token.type
            if kind == "heading_open":
                heading_level = int(token.tag[1:])
            elif kind == "heading_close":
                heading_level = None
            elif kind in ("bullet_list_open", "ordered_list_open"):
                self.list_depth += 1
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.list_depth -= 1
            elif kind == "list_item_open":
                # An ordered item's number is structure: "3." or "3)" as typed.
                self.pending_number = f"{token.info}{token.markup}" if token.info else None
                self.pending_item = True
            elif kind == "tr_open":
                self.row = []
            elif kind == "tr_close":
                cells, self.row = self.row or [], None
                if any(cells):
                    yield Paragraph(CELL_SEPARATOR.join(cells), in_table=True)
            elif kind == "inline":
                yield from self._inline(token, heading_level)
            elif kind == "fence" and token.content.strip():
                yield Paragraph(token.content.strip("\n"), style="code")
            elif kind in ("code_block", "html_block"):
                # Indented "code" in a contract is indentation gone wrong: read it as text.
                yield from _lines_as_paragraphs(_TAG.sub("", token.content).splitlines())

    def _inline(self, token: Token, heading_level: int | None) -> Iterator[Paragraph]:
        lines, bold_lead = _inline_text(token.children or [])
        if self.row is not None:
            self.row.append(" ".join(" ".join(lines).split()))
            return
        number, self.pending_number = self.pending_number, None
        depth = self.list_depth if self.pending_item else None
        self.pending_item = False
        first, *others = _numbered_runs(lines)
        if first.strip() or number is not None:
            yield Paragraph(
                first,
                heading_level=heading_level,
                number=number,
                bold_lead=bold_lead,
                list_depth=depth,
            )
        for other in others:
            yield Paragraph(other)


def _numbered_runs(lines: list[str]) -> list[str]:
    """Lines joined back into paragraphs, a new one wherever a line starts with a typed number
    (a numbered line the Markdown swallowed into the paragraph before it)."""
    runs: list[str] = []
    for line in lines:
        if runs and not starts_with_number(line):
            runs[-1] = f"{runs[-1]} {line}" if line.strip() else runs[-1]
        else:
            runs.append(line)
    return runs or [""]


def _lines_as_paragraphs(lines: list[str]) -> Iterator[Paragraph]:
    for run in _numbered_runs([line for line in lines if line.strip()]):
        if run.strip():
            yield Paragraph(run)


def _inline_text(children: Sequence[Token]) -> tuple[list[str], str | None]:
    """Plain text of an inline run and the bold run it starts with (after a typed number)."""
    parts: list[str] = []
    bold_lead: str | None = None
    bold_start: int | None = None
    for child in children:
        kind = child.type
        if kind == "strong_open" and bold_lead is None and bold_start is None:
            if _TYPED_LEAD.match("".join(parts)) or not "".join(parts).strip():
                bold_start = len(parts)
        elif kind == "strong_close" and bold_start is not None and bold_lead is None:
            bold_lead = "".join(parts[bold_start:]).strip()
            bold_start = -1
        elif kind == "text":
            # Emphasis markers CommonMark left as text ("** Heading.**") are still syntax.
            content = child.content
            parts.append(_STRAY_EMPHASIS.sub("", content) if "**" in content else content)
        elif kind == "code_inline":
            parts.append(child.content)
        elif kind == "softbreak":
            parts.append(_SOFT_BREAK)
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind == "image":
            parts.append(" ".join(_inline_text(child.children or [])[0]))
    return "".join(parts).split(_SOFT_BREAK), bold_lead or None
