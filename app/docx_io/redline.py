"""The Word redline: every difference a real tracked change (w:ins / w:del with author and date)."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from app.atomic_write import write_bytes_atomic
from app.docx_io.export import app_version_field
from app.docx_io.redline_layout import layout
from app.domain.redline import RedlineParagraph
from app.version import __version__

APPLICATION_NAME = "Clausewright"

# Characters XML 1.0 cannot hold; Word could not show them either.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_PIECES = re.compile(r"(\n|\t)")

_APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    f"<Application>{APPLICATION_NAME}</Application><DocSecurity>0</DocSecurity>"
    f"<AppVersion>{app_version_field(__version__)}</AppVersion>"
    "</Properties>"
).encode()


def redline_bytes(
    paragraphs: Sequence[RedlineParagraph],
    *,
    author: str,
    date: dt.datetime,
    title: str | None = None,
) -> bytes:
    """The redline as .docx bytes; the caller writes them atomically where it wants."""
    document = docx.Document()
    _clear_body(document)
    writer = _Writer(document, author, _revision_date(date))
    if title:
        writer.add(RedlineParagraph.unchanged(title, role="title"), None)
    for paragraph, mark in layout(paragraphs):
        writer.add(paragraph, mark)
    _set_properties(document, title=title or "", date=date)
    _keep_tracking(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return _stamp_entries(buffer.getvalue(), date)


def _stamp_entries(data: bytes, date: dt.datetime) -> bytes:
    """Give every zip entry the redline's date, so the same redline gives the same bytes."""
    when = max(date.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return buffer.getvalue()


def write_redline(
    path: Path,
    paragraphs: Sequence[RedlineParagraph],
    *,
    author: str,
    date: dt.datetime,
    title: str | None = None,
) -> None:
    """Write the redline to ``path`` atomically (temporary file, fsync, rename)."""
    data = redline_bytes(paragraphs, author=author, date=date, title=title)
    write_bytes_atomic(path, data)


def _revision_date(date: dt.datetime) -> str:
    if date.tzinfo is None:
        date = date.replace(tzinfo=dt.UTC)
    return date.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _clear_body(document: Any) -> None:
    """Remove the template's paragraphs, keeping the section properties."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _style_name(paragraph: RedlineParagraph) -> str:
    if paragraph.role == "title":
        return "Title"
    if paragraph.role == "heading":
        return f"Heading {min(max(paragraph.level, 1), 9)}"
    return "Normal"


class _Writer:
    """Appends redline paragraphs to the body, numbering the revisions as it goes."""

    def __init__(self, document: Any, author: str, stamp: str) -> None:
        self.body = document.element.body
        self.end = self.body.find(qn("w:sectPr"))
        self.author = author
        self.stamp = stamp
        self.ids = itertools.count(1)
        # Looking a style up by name is slow in python-docx; do it once per style.
        self.style_ids = {
            name: document.styles[name].style_id
            for name in ("Title", *(f"Heading {n}" for n in range(1, 10)))
        }

    def add(self, paragraph: RedlineParagraph, mark: str | None) -> None:
        p = OxmlElement("w:p")
        style = _style_name(paragraph)
        p_pr = OxmlElement("w:pPr")
        if style != "Normal":
            p_style = OxmlElement("w:pStyle")
            p_style.set(qn("w:val"), self.style_ids[style])
            p_pr.append(p_style)
        if mark is not None:
            r_pr = OxmlElement("w:rPr")
            r_pr.append(self.revision("w:ins" if mark == "inserted" else "w:del"))
            p_pr.append(r_pr)
        if len(p_pr):
            p.append(p_pr)
        for op, text in paragraph.segments:
            clean = _NOT_XML.sub("", text)
            if not clean:
                continue
            if op == "equal":
                p.append(_run(clean, deleted=False))
            else:
                wrapper = self.revision("w:ins" if op == "insert" else "w:del")
                wrapper.append(_run(clean, deleted=op == "delete"))
                p.append(wrapper)
        if self.end is not None:
            self.end.addprevious(p)
        else:
            self.body.append(p)

    def revision(self, tag: str) -> Any:
        element = OxmlElement(tag)
        element.set(qn("w:id"), str(next(self.ids)))
        element.set(qn("w:author"), self.author)
        element.set(qn("w:date"), self.stamp)
        return element


def _run(text: str, *, deleted: bool) -> Any:
    """One run holding ``text``; line breaks and tabs become w:br and w:tab."""
    run = OxmlElement("w:r")
    for piece in _PIECES.split(text):
        if piece == "\n":
            run.append(OxmlElement("w:br"))
        elif piece == "\t":
            run.append(OxmlElement("w:tab"))
        elif piece:
            t = OxmlElement("w:delText" if deleted else "w:t")
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            t.text = piece
            run.append(t)
    return run


# Settings that come before w:trackRevisions in the schema's fixed order (CT_Settings).
_BEFORE_TRACK_REVISIONS = {
    qn(f"w:{name}")
    for name in [
        "writeProtection",
        "view",
        "zoom",
        "removePersonalInformation",
        "removeDateAndTime",
        "doNotDisplayPageBoundaries",
        "displayBackgroundShape",
        "printPostScriptOverText",
        "printFractionalCharacterWidth",
        "printFormsData",
        "embedTrueTypeFonts",
        "embedSystemFonts",
        "saveSubsetFonts",
        "saveFormsData",
        "mirrorMargins",
        "alignBordersAndEdges",
        "bordersDoNotSurroundHeader",
        "bordersDoNotSurroundFooter",
        "gutterAtTop",
        "hideSpellingErrors",
        "hideGrammaticalErrors",
        "activeWritingStyle",
        "proofState",
        "formsDesign",
        "attachedTemplate",
        "linkStyles",
        "stylePaneFormatFilter",
        "stylePaneSortMethod",
        "documentType",
        "mailMerge",
        "revisionView",
    ]
}


def _keep_tracking(document: Any) -> None:
    """Switch on Track Changes, so the recipient's own edits are tracked too."""
    settings = document.settings.element
    if settings.find(qn("w:trackRevisions")) is not None:
        return
    earlier = [child for child in settings if child.tag in _BEFORE_TRACK_REVISIONS]
    track = OxmlElement("w:trackRevisions")
    if earlier:
        earlier[-1].addnext(track)
    else:
        settings.insert(0, track)


def _set_properties(document: Any, *, title: str, date: dt.datetime) -> None:
    """No personal metadata: empty author fields, our application name, the given date."""
    core = document.core_properties
    core.author = ""
    core.last_modified_by = ""
    core.comments = ""
    core.title = title
    core.revision = 1
    when = date if date.tzinfo is None else date.astimezone(dt.UTC).replace(tzinfo=None)
    core.created = when
    core.modified = when
    package = document.part.package
    for part in package.parts:
        if str(part.partname) == "/docProps/app.xml":
            part._blob = _APP_XML  # python-docx keeps unknown parts as plain blobs
