"""Reading a plain-text document into clauses: blank lines separate paragraphs."""

from __future__ import annotations

import re
from pathlib import Path

from app.domain.document import SplitDocument
from app.domain.splitting import Paragraph, looks_like_heading, split_paragraphs, starts_with_number
from app.importing.decoding import decode_text, read_bytes

_BLANK_LINES = re.compile(r"\n[ \t]*\n")
_HEADING_MAX_WORDS = 8
_TITLE = re.compile(
    r"(?i)\b(agreement|terms|licen[cs]e|policy|contract|conditions|addendum|notice)\b"
)


def read_text(source: Path | str, *, name: str | None = None) -> SplitDocument:
    """The clauses of a .txt file (a ``Path``) or of plain text (a ``str``)."""
    if isinstance(source, Path):
        label = name or str(source)
        text, warnings = decode_text(read_bytes(source), label)
    else:
        label, text, warnings = name or "<text>", source, []
    return split_paragraphs(text_paragraphs(text), label, warnings)


def text_paragraphs(text: str) -> list[Paragraph]:
    """Paragraphs of plain text; a line starting with a typed number starts its own paragraph."""
    paragraphs: list[Paragraph] = []
    for block in _BLANK_LINES.split(text.replace("\r\n", "\n")):
        for lines in _numbered_runs(block.splitlines()):
            joined = " ".join(line.strip() for line in lines if line.strip())
            if joined:
                paragraphs.append(_paragraph(joined, single_line=len(lines) == 1))
    if paragraphs and paragraphs[0].heading_level is not None and _TITLE.search(paragraphs[0].text):
        # "MASTER SERVICES AGREEMENT" at the very top is the document's title, not a clause.
        paragraphs[0] = Paragraph(paragraphs[0].text, heading_level=1)
    return paragraphs


def _numbered_runs(lines: list[str]) -> list[list[str]]:
    """Hard-wrapped lines joined back together, split again where a numbered line begins."""
    runs: list[list[str]] = []
    for line in lines:
        if not line.strip():
            continue
        if not runs or starts_with_number(line):
            runs.append([line])
        else:
            runs[-1].append(line)
    return runs


def _paragraph(text: str, *, single_line: bool) -> Paragraph:
    """A short title-case line on its own is a heading ("LIMITATION OF LIABILITY")."""
    short = len(text.split()) <= _HEADING_MAX_WORDS
    if single_line and short and not starts_with_number(text) and looks_like_heading(text):
        return Paragraph(text, heading_level=2)
    return Paragraph(text)
