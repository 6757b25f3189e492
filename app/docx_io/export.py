"""Word export of an assembled terms document, styled by the reference .docx in resources/.

Numbers are real Word list numbering (one multi-level list: "1." / "1.1" / "(a)" / "(i)", with
``w:numPr`` on each numbered paragraph), never typed text, so they follow when a lawyer inserts or
moves a section in Word. Each numbered section carries a bookmark and cross-references are REF
fields to it, holding the current number as their shown result. The header names the document
and its version, the footer counts pages, and the file's properties say nothing about who made
it unless the caller sets them.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from lxml import etree

from app.domain.terms import AssembledClause, AssembledDocument, AssembledParagraph

APPLICATION = "Clausewright"
LIST_LEVELS = (  # (numFmt, lvlText, left indent, hanging) in twentieths of a point
    ("decimal", "%1.", 720, 720),
    ("decimal", "%1.%2", 720, 720),
    ("lowerLetter", "(%3)", 1440, 720),
    ("lowerRoman", "(%4)", 2160, 720),
)
SUB_CLAUSE_INDENT = 1440
TOC_FIELD = 'TOC \\o "1-2" \\h \\z \\u'
STYLES = (
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Clause Text",
    "Clause List",
    "TOC Heading",
    "toc 1",
    "toc 2",
)
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_EXTENDED_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
# Settings that come after w:updateFields in the schema's fixed order.
_AFTER_UPDATE_FIELDS = {
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
}


@dataclass(frozen=True)
class DocumentProperties:
    """File properties a user may choose to fill in; blank by default (no personal metadata)."""

    author: str = ""
    last_modified_by: str = ""
    company: str = ""
    manager: str = ""


@dataclass(frozen=True)
class ExportOptions:
    """How to export: contents field, properties, the moment to stamp, the reference file."""

    table_of_contents: bool = False
    properties: DocumentProperties = DocumentProperties()
    created: dt.datetime | None = None
    app_version: str = ""
    reference: Path | None = None


def export_docx(document: AssembledDocument, options: ExportOptions | None = None) -> bytes:
    """The .docx bytes of an assembled document (the caller writes them atomically)."""
    options = options or ExportOptions()
    word = Document(str(options.reference or _default_reference()))
    writer = _Writer(word, _add_list_definition(word))
    writer.clear_body()
    writer.title_block(document, options.table_of_contents)
    for clause in document.clauses:
        writer.clause(clause)
    _header_and_footer(word, document)
    if options.table_of_contents:
        _ask_to_update_fields(word)
    _set_properties(word, document, options)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _default_reference() -> Path:
    from app.resources import resource_path

    return resource_path("reference.docx")


def _w(tag: str, parent: etree._Element | None = None, **attrs: str) -> etree._Element:
    """A WordprocessingML element (``_w("p")``), optionally appended to ``parent``."""
    attributes = {qn(f"w:{k}"): v for k, v in attrs.items()}
    if parent is None:
        return etree.Element(qn(f"w:{tag}"), attributes)
    return etree.SubElement(parent, qn(f"w:{tag}"), attributes)


def _text_run(paragraph: etree._Element, text: str, *, bold: bool = False) -> None:
    run = _w("r", paragraph)
    if bold:
        _w("b", _w("rPr", run))
    node = _w("t", run)
    node.text = _XML_UNSAFE.sub("", text.replace("\t", " "))
    if node.text != node.text.strip():
        node.set(_XML_SPACE, "preserve")


def _field(paragraph: etree._Element, instruction: str, shown: str) -> None:
    """A complex field (PAGE, REF ...) with ``shown`` as its result until Word updates it."""
    _field_start(paragraph, instruction)
    _text_run(paragraph, shown)
    _field_end(paragraph)


def _field_start(paragraph: etree._Element, instruction: str) -> None:
    """The field's code; what follows (up to _field_end, maybe paragraphs later) is its result."""
    _w("fldChar", _w("r", paragraph), fldCharType="begin")
    code = _w("instrText", _w("r", paragraph))
    code.text = f" {instruction} "
    code.set(_XML_SPACE, "preserve")
    _w("fldChar", _w("r", paragraph), fldCharType="separate")


def _field_end(paragraph: etree._Element) -> None:
    _w("fldChar", _w("r", paragraph), fldCharType="end")


def _style_id(word: Any, name: str) -> str:
    """The style's id in the reference file; Normal if a user's reference file lacks it."""
    try:
        return str(word.styles[name].style_id)
    except KeyError:
        return "Normal"


def _add_list_definition(word: Any) -> int:
    """Add the clause numbering (w:abstractNum + w:num) and return its numId."""
    numbering = word.part.numbering_part.element
    taken = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    abstract_id = str(max(taken, default=-1) + 1)
    abstract = _w("abstractNum", abstractNumId=abstract_id)
    _w("multiLevelType", abstract, val="multilevel")
    for level, (fmt, text, left, hanging) in enumerate(LIST_LEVELS):
        lvl = _w("lvl", abstract, ilvl=str(level))
        _w("start", lvl, val="1")
        _w("numFmt", lvl, val=fmt)
        _w("lvlText", lvl, val=text)
        _w("lvlJc", lvl, val="left")
        _w("ind", _w("pPr", lvl), left=str(left), hanging=str(hanging))
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # every abstractNum precedes every num
    else:
        numbering.append(abstract)
    return int(numbering.add_num(int(abstract_id)).numId)


class _Writer:
    """Appends paragraphs to the body, before its final section properties."""

    def __init__(self, word: Any, num_id: int) -> None:
        self._word = word
        self._body = word.element.body
        self._num_id = str(num_id)
        self._bookmark_id = 0
        self._styles = {name: _style_id(word, name) for name in STYLES}

    def clear_body(self) -> None:
        for child in list(self._body):
            if child.tag != qn("w:sectPr"):
                self._body.remove(child)

    def _paragraph(
        self, style: str, level: int | None = None, indent: int | None = None
    ) -> etree._Element:
        paragraph = _w("p")
        properties = _w("pPr", paragraph)
        _w("pStyle", properties, val=self._styles[style])
        if level is not None:
            numbering = _w("numPr", properties)
            _w("ilvl", numbering, val=str(level))
            _w("numId", numbering, val=self._num_id)
        if indent is not None:
            _w("ind", properties, left=str(indent))
        sect = self._body.find(qn("w:sectPr"))
        if sect is not None:
            sect.addprevious(paragraph)
        else:
            self._body.append(paragraph)
        return paragraph

    def title_block(self, document: AssembledDocument, contents: bool) -> None:
        _text_run(self._paragraph("Title"), document.title)
        for line in _title_lines(document):
            _text_run(self._paragraph("Subtitle"), line)
        if contents:
            self._contents(document.clauses)

    def _contents(self, clauses: tuple[AssembledClause, ...]) -> None:
        """A TOC field whose shown result already lists the sections; Word adds the page
        numbers when it updates the field (it is asked to on opening)."""
        _text_run(self._paragraph("TOC Heading"), "Contents")
        entries = [
            (c.level, f"{c.number}." if c.level == 1 else c.number, c.heading)
            for c in clauses
            if c.level <= 2 and c.heading
        ]
        paragraph = None
        for index, (level, number, heading) in enumerate(entries):
            paragraph = self._paragraph(f"toc {level}")
            if index == 0:
                _field_start(paragraph, TOC_FIELD)
            _text_run(paragraph, number)
            _w("tab", _w("r", paragraph))
            _text_run(paragraph, heading)
        if paragraph is None:
            paragraph = self._paragraph("toc 1")
            _field_start(paragraph, TOC_FIELD)
            _text_run(paragraph, "Update this field to show the contents.")
        _field_end(paragraph)
        _w("br", _w("r", self._paragraph("Clause Text")), type="page")

    def clause(self, clause: AssembledClause) -> None:
        paragraphs = list(clause.paragraphs)
        if clause.level == 3:
            lead = self._paragraph("Clause List", 2)
            with self._bookmark(lead, clause.bookmark):
                if clause.heading:
                    _text_run(lead, clause.heading.rstrip(".") + ".", bold=True)
            if paragraphs and paragraphs[0].number is None:
                _text_run(lead, " ")
                self._pieces(lead, paragraphs.pop(0))
            self._body_paragraphs(paragraphs, 3, SUB_CLAUSE_INDENT)
            return
        if clause.heading:
            style = "Heading 1" if clause.level == 1 else "Heading 2"
            heading = self._paragraph(style, clause.level - 1)
            with self._bookmark(heading, clause.bookmark):
                _text_run(heading, clause.heading)
        elif paragraphs:
            lead = self._paragraph("Clause Text", clause.level - 1)
            with self._bookmark(lead, clause.bookmark):
                self._pieces(lead, paragraphs.pop(0))
        self._body_paragraphs(paragraphs, 2, None)

    def _body_paragraphs(
        self, paragraphs: list[AssembledParagraph], list_level: int, indent: int | None
    ) -> None:
        for paragraph in paragraphs:
            if paragraph.number is not None:
                element = self._paragraph("Clause List", list_level)
            else:
                element = self._paragraph("Clause Text", indent=indent)
            self._pieces(element, paragraph)

    @staticmethod
    def _pieces(element: etree._Element, paragraph: AssembledParagraph) -> None:
        for piece in paragraph.pieces:
            if isinstance(piece, str):
                _text_run(element, piece)
            else:
                _field(
                    element, f"REF {piece.bookmark} {_ref_switch(piece.number)} \\h", piece.number
                )

    def _bookmark(self, paragraph: etree._Element, name: str) -> _Bookmark:
        self._bookmark_id += 1
        return _Bookmark(paragraph, name, str(self._bookmark_id))


def _ref_switch(number: str) -> str:
    """How Word shows the target's number: its own number ("3", "3.1"; \\n drops the trailing
    period of "3.") or, for a lettered item, with its context ("3.1(a)", \\w)."""
    return "\\w" if "(" in number else "\\n"


class _Bookmark:
    """``with`` block: what is written inside is enclosed by a bookmark."""

    def __init__(self, paragraph: etree._Element, name: str, bookmark_id: str) -> None:
        self._paragraph = paragraph
        self._name = name
        self._id = bookmark_id

    def __enter__(self) -> None:
        _w("bookmarkStart", self._paragraph, id=self._id, name=self._name)

    def __exit__(self, *_exc: object) -> None:
        _w("bookmarkEnd", self._paragraph, id=self._id)


def _title_lines(document: AssembledDocument) -> Iterator[str]:
    if document.effective_date:
        yield f"Effective date: {document.effective_date}"
    if document.version_label:
        yield f"Version: {document.version_label}"


def _header_and_footer(word: Any, document: AssembledDocument) -> None:
    section = word.sections[0]
    header = section.header.paragraphs[0]
    header.style = word.styles["Header"]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    version = document.version_label or "Working draft"
    _text_run(header._p, f"{document.title} · {version}")
    footer = section.footer.paragraphs[0]
    footer.style = word.styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _text_run(footer._p, "Page ")
    _field(footer._p, "PAGE", "1")
    _text_run(footer._p, " of ")
    _field(footer._p, "NUMPAGES", "1")


def _ask_to_update_fields(word: Any) -> None:
    """Word fills in a table of contents only when asked to update fields on opening."""
    settings = word.settings.element
    update = _w("updateFields", val="true")
    following = next(
        (c for c in settings if etree.QName(c).localname in _AFTER_UPDATE_FIELDS), None
    )
    if following is not None:
        following.addprevious(update)
    else:
        settings.append(update)


def _set_properties(word: Any, document: AssembledDocument, options: ExportOptions) -> None:
    chosen = options.properties
    core = word.core_properties
    for name in ("comments", "keywords", "subject", "category", "content_status", "identifier"):
        setattr(core, name, "")
    core.author = chosen.author
    core.last_modified_by = chosen.last_modified_by
    core.title = document.title
    core.version = document.version_label or ""
    core.revision = 1
    moment = options.created or dt.datetime.now(dt.UTC).replace(microsecond=0)
    core.created = core.modified = moment
    _replace_extended_properties(word, chosen, options.app_version)


def app_version_field(version: str) -> str:
    """Office's AppVersion form "XX.YYYY": "0.1.0" -> "00.0100"."""
    parts = [int(p) if p.isdigit() else 0 for p in [*version.split("."), "0", "0"][:3]]
    return f"{parts[0]:02d}.{parts[1] % 100:02d}{parts[2] % 100:02d}"


def _replace_extended_properties(word: Any, chosen: DocumentProperties, app_version: str) -> None:
    """docProps/app.xml rewritten: this application, no template, company or manager unless set."""
    xml = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<Properties xmlns="{_EXTENDED_NS}" xmlns:vt="{_VT_NS}">'
        "<Template></Template><TotalTime>0</TotalTime>"
        f"<Application>{APPLICATION}</Application><DocSecurity>0</DocSecurity>"
        f"<ScaleCrop>false</ScaleCrop><Manager>{escape(chosen.manager)}</Manager>"
        f"<Company>{escape(chosen.company)}</Company><LinksUpToDate>false</LinksUpToDate>"
        "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
        f"<AppVersion>{app_version_field(app_version)}</AppVersion></Properties>"
    ).encode()
    package = word.part.package
    for part in package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            # python-docx keeps app.xml as an opaque part; its bytes are the part's blob.
            part._blob = xml
            return
