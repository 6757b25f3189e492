"""The Word redline: every difference a real tracked change (w:ins / w:del with author and date)."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from app.docx_io.saving import save_bytes_atomic
from app.domain.redline import RedlineParagraph

APPLICATION_NAME = "Clausewright"

# Characters XML 1.0 cannot hold; Word could not show them either.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_PIECES = re.compile(r"(\n|\t)")

_APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    f"<Application>{APPLICATION_NAME}</Application><DocSecurity>0</DocSecurity>"
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
    stamp = _revision_date(date)
    ids = itertools.count(1)
    if title:
        _add_paragraph(
            document, RedlineParagraph.unchanged(title, role="title"), author, stamp, ids
        )
    for paragraph in paragraphs:
        _add_paragraph(document, paragraph, author, stamp, ids)
    _set_properties(document, title=title or "", date=date)
    buffer = io.BytesIO()
    document.save(buffer)
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
    save_bytes_atomic(path, data)


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


def _add_paragraph(
    document: Any, paragraph: RedlineParagraph, author: str, stamp: str, ids: Iterator[int]
) -> None:
    p = document.add_paragraph(style=_style_name(paragraph))._p
    if paragraph.kind != "normal":
        # A tracked paragraph mark: accepting (or rejecting) removes the paragraph itself.
        mark_tag = "w:ins" if paragraph.kind == "inserted" else "w:del"
        r_pr = OxmlElement("w:rPr")
        r_pr.append(_revision(mark_tag, author, stamp, ids))
        p.get_or_add_pPr().append(r_pr)
    for op, text in paragraph.segments:
        clean = _NOT_XML.sub("", text)
        if not clean:
            continue
        if op == "equal":
            p.append(_run(clean, deleted=False))
        else:
            wrapper = _revision("w:ins" if op == "insert" else "w:del", author, stamp, ids)
            wrapper.append(_run(clean, deleted=op == "delete"))
            p.append(wrapper)


def _revision(tag: str, author: str, stamp: str, ids: Iterator[int]) -> Any:
    element = OxmlElement(tag)
    element.set(qn("w:id"), str(next(ids)))
    element.set(qn("w:author"), author)
    element.set(qn("w:date"), stamp)
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
