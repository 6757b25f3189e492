"""Reading a customer's .docx into clauses: body text in order, numbering labels, comments.

Headers, footers and footnotes are left out; tracked changes are read as if all were accepted.
Call `read_docx` only on files that passed `safety.check_package`, ideally inside the isolated
worker (`isolation.import_docx`).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from app.docx_io.numbering import Numbering
from app.docx_io.revisions import (
    W_DEL,
    W_INS,
    W_MOVE_FROM,
    W_P,
    W_PPR,
    W_R,
    W_RPR,
    has_revisions,
    mark_revision,
    paragraph_text,
    safe_parser,
    w,
)
from app.docx_io.safety import (
    DEFAULT_LIMITS,
    DamagedDocumentError,
    Limits,
    NotWordDocumentError,
    check_package,
    refuse_doctype,
)
from app.docx_io.styles import StyleSheet, is_on
from app.domain.document import SourceClause, SplitDocument
from app.domain.splitting import Paragraph, split_paragraphs

TRACKED_CHANGES_WARNING = "tracked changes were read as accepted"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_HEADING_MAX_WORDS = 20
_VAL, _ID, _P_STYLE, _R_STYLE, _BOLD = w("val"), w("id"), w("pStyle"), w("rStyle"), w("b")
_NUM_PR, _NUM_ID, _ILVL = w("numPr"), w("numId"), w("ilvl")
_OUTLINE_LEVEL, _SECT_PR, _TABLE, _UNDERLINE = w("outlineLvl"), w("sectPr"), w("tbl"), w("u")
_COMMENT_START, _COMMENT_REFERENCE = w("commentRangeStart"), w("commentReference")
_CONTAINERS = {w("sdt"), w("sdtContent"), w("customXml"), w("smartTag")}
_ROW = w("tr")
# A number typed before a bold lead-in ("1.2 Fees."), which the splitter strips from the text.
_NUMBER = (
    r"(?:(?:Section|Article|Clause|§)\s*[\dIVXLC]+(?:\.\d+)*\.?|\(?[\dA-Za-z]{1,4}\)"
    r"|\d{1,3}(?:\.\d{1,3})*\.?|[A-Za-z]\.|[IVXivx]{1,5}\.)"
)
_LEADING_NUMBER = re.compile(rf"^{_NUMBER}\s+")
_WHOLE_NUMBER = re.compile(rf"^{_NUMBER}$")
_NUMBER_START = re.compile(r"(?:(?:Section|Article|Clause)\s*)?[\w().§]{1,8}")


@dataclass
class _Found:
    """What the body walk collects: paragraphs in order and the comments anchored in them."""

    paragraphs: list[Paragraph] = field(default_factory=list)
    comment_ids: dict[int, list[str]] = field(default_factory=dict)
    pending: str = ""


class _Package:
    """The parts of the Word package that the import reads, found through relationships."""

    def __init__(self, package: zipfile.ZipFile, name: str) -> None:
        self.package = package
        self.name = name
        self.names = set(package.namelist())
        self.main = self._main_part()
        related = self._related(self.main)
        self.styles = related.get("styles")
        self.numbering = related.get("numbering")
        self.comments = related.get("comments")

    def xml(self, part: str) -> etree._Element:
        data = self.package.read(part)
        refuse_doctype(data, self.name, part)
        try:
            root = etree.fromstring(data, safe_parser())
        except etree.XMLSyntaxError as exc:
            why = " ".join(str(exc).split())  # libxml2's messages may span lines; ours do not
            raise DamagedDocumentError(f"{self.name}: part {part} is damaged ({why})") from exc
        if root.getroottree().docinfo.internalDTD is not None:
            refuse_doctype(b"<!DOCTYPE", self.name, part)
        return root

    def optional_xml(self, part: str | None) -> etree._Element | None:
        return self.xml(part) if part and part in self.names else None

    def _relationships(self, rels_part: str) -> list[tuple[str, str]]:
        if rels_part not in self.names:
            return []
        found = []
        for rel in self.xml(rels_part).iter(_REL):
            if rel.get("TargetMode") != "External":
                found.append((rel.get("Type", "").rsplit("/", 1)[-1], rel.get("Target", "")))
        return found

    def _main_part(self) -> str:
        for kind, target in self._relationships("_rels/.rels"):
            if kind == "officeDocument":
                part = target.lstrip("/")
                if part in self.names:
                    return part
        if "word/document.xml" in self.names:
            return "word/document.xml"
        raise NotWordDocumentError(f"{self.name}: the package holds no Word document body")

    def _related(self, part: str) -> dict[str, str]:
        folder, base = posixpath.split(part)
        related: dict[str, str] = {}
        for kind, target in self._relationships(posixpath.join(folder, "_rels", base + ".rels")):
            if target.startswith("/"):
                resolved = target.lstrip("/")
            else:
                resolved = posixpath.normpath(posixpath.join(folder, target))
            related.setdefault(kind, resolved)
        return related


def read_docx(
    path: Path, *, source: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> SplitDocument:
    """The clauses of a Word document, with warnings the user should see."""
    check_package(path, limits)
    name = path.name
    try:
        with zipfile.ZipFile(path) as zipped:
            package = _Package(zipped, name)
            body_root = package.xml(package.main)
            styles = StyleSheet(package.optional_xml(package.styles))
            numbering = Numbering(package.optional_xml(package.numbering), styles.num_ids())
            comments = _comments(package.optional_xml(package.comments))
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:  # zlib: a corrupt part
        raise DamagedDocumentError(f"{name}: the file is damaged ({exc})") from exc
    body = body_root.find(w("body"))
    if body is None:
        raise NotWordDocumentError(f"{name}: the document has no body")
    found = _Found()
    _walk(body, _Reading(styles, numbering), found, in_table=False)
    warnings = [TRACKED_CHANGES_WARNING] if has_revisions(body) else []
    split = split_paragraphs(found.paragraphs, source or str(path), warnings)
    return _attach_comments(split, found, comments)


@dataclass
class _Reading:
    styles: StyleSheet
    numbering: Numbering


def _walk(container: etree._Element, reading: _Reading, found: _Found, *, in_table: bool) -> None:
    for child in container:
        tag = child.tag
        if tag == W_P:
            _paragraph(child, reading, found, in_table=in_table)
        elif tag == _TABLE:
            _table(child, reading, found)
        elif tag in _CONTAINERS:
            _walk(child, reading, found, in_table=in_table)


def _table(table: etree._Element, reading: _Reading, found: _Found) -> None:
    """Each row becomes one paragraph: its cells' text in order, one line per cell paragraph.

    Only this table's own rows: a nested table's rows are read through its cell, once (iterating
    all descendant rows here made nested tables cost exponential time).
    """
    for row in _own_rows(table):
        cells = _Found(comment_ids={})
        for cell in row.findall(w("tc")):
            _walk(cell, reading, cells, in_table=True)
        lines = [p.text for p in cells.paragraphs if p.text.strip()]
        if not lines:
            continue
        first = next(p for p in cells.paragraphs if p.text.strip())
        lead = first.bold_lead if first.bold_lead == " ".join(first.text.split()) else None
        if cells.comment_ids:
            found.comment_ids.setdefault(len(found.paragraphs), []).extend(
                i for ids in cells.comment_ids.values() for i in ids
            )
        found.paragraphs.append(
            Paragraph(text="\n".join(lines), bold_lead=lead, in_table=True, style=first.style)
        )


def _own_rows(table: etree._Element) -> Iterator[etree._Element]:
    """The rows of a table, also those wrapped in content controls, but not nested tables' rows."""
    for child in table:
        if child.tag == _ROW:
            yield child
        elif child.tag in _CONTAINERS:
            yield from _own_rows(child)


def _paragraph(p: etree._Element, reading: _Reading, found: _Found, *, in_table: bool) -> None:
    text = found.pending + paragraph_text(p, "accepted")
    if mark_revision(p) == "deleted":
        # Accepting a deleted paragraph mark joins this paragraph to the next one.
        found.pending = text
        return
    found.pending = ""
    styles = reading.styles
    p_pr = p.find(W_PPR)
    style_id = _val(p_pr, _P_STYLE) or styles.default_paragraph
    ids = [e.get(_ID, "") for e in p.iter(_COMMENT_START, _COMMENT_REFERENCE)]
    if ids:
        found.comment_ids.setdefault(len(found.paragraphs), []).extend(dict.fromkeys(ids))
    outline = _val(p_pr, _OUTLINE_LEVEL)
    heading_level = styles.heading_level(style_id)
    if outline is not None and outline.isdigit():
        heading_level = int(outline) + 1 if int(outline) < 9 else None
    if heading_level is not None and _reads_as_body(text):
        heading_level = None
    # An empty paragraph that only ends a section shows no number (Word and LibreOffice agree).
    blank_break = not text.strip() and p_pr is not None and p_pr.find(_SECT_PR) is not None
    number = None if blank_break else _number(p_pr, style_id, reading)
    bold_lead = _bold_lead(p, style_id, styles)
    if number is not None and heading_level is not None:
        # Word numbering already says how numbered headings nest ("8.2" beside "8.1"); the
        # heading's text becomes the clause heading through the lead-in.
        heading_level, bold_lead = None, " ".join(text.split()) or None
    found.paragraphs.append(
        Paragraph(
            text=text,
            heading_level=heading_level,
            number=number,
            bold_lead=bold_lead,
            in_table=in_table,
            style=styles.name(style_id),
        )
    )


def _reads_as_body(text: str) -> bool:
    """Some templates style whole clauses as headings; a heading is short and one sentence."""
    words = text.split()
    sentence = text.rstrip().endswith(".") and len(words) > 6
    return (
        len(words) > _HEADING_MAX_WORDS
        or sentence
        or (len(words) > 8 and re.search(r"[.;:!?]\s+\S", text.strip()) is not None)
    )


def _val(element: etree._Element | None, tag: str) -> str | None:
    """The w:val of the child ``tag`` of ``element``, if both exist."""
    if element is None:
        return None
    found = element.find(tag)
    return found.get(_VAL) if found is not None else None


def _number(p_pr: etree._Element | None, style_id: str | None, reading: _Reading) -> str | None:
    """The Word numbering label of the paragraph, advancing its list's counters."""
    num_pr = p_pr.find(_NUM_PR) if p_pr is not None else None
    num_id = _val(num_pr, _NUM_ID)
    ilvl_text = _val(num_pr, _ILVL)
    style_num, style_ilvl = reading.styles.numbering(style_id)
    if num_id is None:
        num_id = style_num
    if num_id is None or num_id == "0":
        return None
    ilvl = int(ilvl_text) if ilvl_text and ilvl_text.isdigit() else None
    if ilvl is None:
        ilvl = style_ilvl
    if ilvl is None and style_id:
        ilvl = reading.numbering.style_level(style_id)
    return reading.numbering.label(num_id, ilvl or 0)


def _runs(element: etree._Element) -> list[etree._Element]:
    """The paragraph's runs in order, as accepted: inserted runs in, deleted runs out."""
    runs: list[etree._Element] = []
    for child in element:
        if child.tag == W_R:
            runs.append(child)
        elif child.tag in (W_DEL, W_MOVE_FROM, W_PPR):
            continue
        elif isinstance(child.tag, str):
            runs.extend(_runs(child))
    return runs


def _bold_lead(p: etree._Element, style_id: str | None, styles: StyleSheet) -> str | None:
    """The bold or underlined text at the start of the paragraph ("Limitation of Liability.").

    A plain typed number before it ("(a) **Equity Financing.**") does not end the lead-in.
    """
    paragraph_bold = styles.bold(style_id)
    lead: list[str] = []
    skipped = ""
    for run in _runs(p):
        text = paragraph_text(run, "accepted")
        if not text.strip():
            lead.append(text)
            continue
        if not _emphasised(run.find(W_RPR), paragraph_bold, styles):
            candidate = (skipped + text).strip()
            if "".join(lead).strip() or not _NUMBER_START.fullmatch(candidate):
                break
            skipped += text  # a typed number may come in pieces: "(", "e", ")"
            continue
        if skipped.strip() and not _WHOLE_NUMBER.match(skipped.strip()):
            break
        lead.append(text)
    words = " ".join("".join(lead).split())
    if not words:
        return None
    match = _LEADING_NUMBER.match(words)
    if match and match.end() < len(words):
        words = words[match.end() :]
    return words


def _emphasised(r_pr: etree._Element | None, paragraph_bold: bool, styles: StyleSheet) -> bool:
    """Bold (directly, by character style or by paragraph style) or underlined."""
    if r_pr is None:
        return paragraph_bold
    underline = r_pr.find(_UNDERLINE)
    if underline is not None and underline.get(_VAL, "single") != "none":
        return True
    bold = is_on(r_pr.find(_BOLD))
    if bold is None and styles.bold(_val(r_pr, _R_STYLE)):
        bold = True
    return paragraph_bold if bold is None else bold


def _comments(root: etree._Element | None) -> dict[str, str]:
    if root is None:
        return {}
    found = {}
    for comment in root.iter(w("comment")):
        text = " ".join(
            " ".join(paragraph_text(p, "accepted").split()) for p in comment.iter(W_P)
        ).strip()
        author = comment.get(w("author"), "").strip()
        found[comment.get(w("id"), "")] = f"{author}: {text}" if author else text
    return found


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _attach_comments(
    split: SplitDocument, found: _Found, comments: dict[str, str]
) -> SplitDocument:
    """Give each clause the comments anchored in its paragraphs."""
    if not found.comment_ids or not comments or not split.clauses:
        return split
    texts = [_letters(" ".join(filter(None, (c.number, c.heading, c.text)))) for c in split.clauses]
    attached: dict[int, list[str]] = {}
    position = 0
    for paragraph_index, ids in sorted(found.comment_ids.items()):
        needle = _letters(found.paragraphs[paragraph_index].text)
        for index in range(position, len(texts)):
            if needle and needle in texts[index]:
                position = index
                break
        attached.setdefault(position, []).extend(comments[i] for i in ids if i in comments)
    clauses = tuple(
        _with_comments(clause, attached.get(i, [])) for i, clause in enumerate(split.clauses)
    )
    return SplitDocument(split.source, clauses, split.warnings, split.title)


def _with_comments(clause: SourceClause, comments: list[str]) -> SourceClause:
    if not comments:
        return clause
    return SourceClause(
        clause.index,
        clause.number,
        clause.heading,
        clause.text,
        clause.level,
        clause.parent,
        clause.comments + tuple(comments),
    )


__all__ = ["TRACKED_CHANGES_WARNING", "W_INS", "read_docx"]
