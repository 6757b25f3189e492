"""The counter-redline: the customer's own Word document with the lawyer's decisions applied as
tracked changes (w:ins / w:del on their paragraphs) and the explanations as Word comments.

Everything else of the customer's document is kept. An edited paragraph keeps its paragraph
properties and the character formatting of each piece of text it keeps or deletes; its runs are
rewritten, so a hyperlink or field inside an edited paragraph becomes plain text (paragraphs the
lawyer does not change are untouched).
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import itertools
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from app.atomic_write import write_bytes_atomic
from app.docx_io.revisions import paragraph_text
from app.domain.review import ReplyEdit

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_TEXT_BOX = qn("w:txbxContent")
# Paragraph content that the rewrite replaces (runs and what wraps them); markers such as
# bookmarks and comment ranges stay.
_CONTENT = {
    qn(t) for t in ("w:r", "w:hyperlink", "w:ins", "w:del", "w:smartTag", "w:fldSimple", "w:sdt")
}
_PIECES = re.compile(r"(\n|\t)")


def body_paragraphs(document: Any) -> list[Any]:
    """The body's paragraphs in reading order, table cells included, text boxes left out."""
    body = document.element.body
    return [
        p for p in body.iter(qn("w:p")) if not any(a.tag == _TEXT_BOX for a in p.iterancestors())
    ]


def paragraph_texts(path: Path) -> list[str]:
    """The text of each body paragraph (tracked changes read as accepted)."""
    document = docx.Document(str(path))
    return [paragraph_text(p, "accepted") for p in body_paragraphs(document)]


def plain_document(paragraphs: Sequence[str]) -> bytes:
    """A fresh .docx with one paragraph per line (for a customer's .md or .txt contract)."""
    document = docx.Document()
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    for text in paragraphs:
        document.add_paragraph(_NOT_XML.sub("", text))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def reply_bytes(
    source: Path | bytes, edits: Sequence[ReplyEdit], *, author: str, date: dt.datetime
) -> bytes:
    """The customer's document with every edit tracked and every comment anchored."""
    stream = io.BytesIO(source) if isinstance(source, bytes) else str(source)
    document = docx.Document(stream)
    paragraphs = body_paragraphs(document)
    editor = _Editor(author, _stamp(date), _free_ids(document))
    for edit in edits:
        anchored = editor.apply(paragraphs, edit)
        if edit.comment.strip() and anchored:
            _comment(document, (anchored[0], anchored[-1]), edit.comment, author)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_reply(
    path: Path,
    source: Path | bytes,
    edits: Sequence[ReplyEdit],
    *,
    author: str,
    date: dt.datetime,
) -> None:
    """Write the counter-redline atomically."""
    write_bytes_atomic(path, reply_bytes(source, edits, author=author, date=date))


def _stamp(date: dt.datetime) -> str:
    if date.tzinfo is None:
        date = date.replace(tzinfo=dt.UTC)
    return date.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _free_ids(document: Any) -> itertools.count[int]:
    """Revision ids after every id the document already uses."""
    used = [
        int(value)
        for element in document.element.body.iter()
        if (value := element.get(qn("w:id"))) is not None and value.lstrip("-").isdigit()
    ]
    return itertools.count(max(used, default=0) + 1000)


class _Editor:
    """Applies edits, numbering the revisions it writes."""

    def __init__(self, author: str, stamp: str, ids: itertools.count[int]) -> None:
        self.author = author
        self.stamp = stamp
        self.ids = ids

    def revision(self, tag: str) -> Any:
        element = OxmlElement(tag)
        element.set(qn("w:id"), str(next(self.ids)))
        element.set(qn("w:author"), self.author)
        element.set(qn("w:date"), self.stamp)
        return element

    def apply(self, paragraphs: list[Any], edit: ReplyEdit) -> list[Any]:
        """Apply one edit; return the paragraphs the comment is anchored on."""
        if not edit.paragraphs:
            return self._insert_after(paragraphs, edit)
        chosen = [paragraphs[k] for k in edit.paragraphs]
        if not any(op != "equal" for op, _ in edit.pieces):
            return chosen
        formats = [_formats(p) for p in chosen]
        lines = _split(edit.pieces, [len(f) for f in formats])
        wholly_deleted = all(op == "delete" for op, text in edit.pieces if text)
        written = []
        for k, (p, pieces) in enumerate(zip(chosen, lines, strict=True)):
            _clear(p)
            last = self._write(p, pieces.pieces, formats[k])
            if pieces.mark_deleted or (wholly_deleted and k == len(chosen) - 1):
                self._mark(last, "w:del")
            written.extend([p, last])
        return written

    def _insert_after(self, paragraphs: list[Any], edit: ReplyEdit) -> list[Any]:
        text = "".join(t for op, t in edit.pieces if op != "delete")
        if edit.after is None:
            return []
        if not text:
            # A deletion the lawyer accepts: the comment goes on the paragraph before it.
            return [paragraphs[edit.after]]
        anchor = paragraphs[edit.after]
        formats = _formats(anchor)
        template = formats[-1] if formats else None
        added: list[Any] = []
        for line in text.split("\n"):
            p = OxmlElement("w:p")
            p_pr = anchor.find(qn("w:pPr"))
            if p_pr is not None:
                p.append(_without_marks(p_pr))
            self._write(p, [("insert", line)], [template] * len(line))
            self._mark(p, "w:ins")
            (added[-1] if added else anchor).addnext(p)
            added.append(p)
        return added

    def _mark(self, p: Any, tag: str) -> None:
        """Track the paragraph mark itself (inserted or deleted)."""
        p_pr = p.find(qn("w:pPr"))
        if p_pr is None:
            p_pr = OxmlElement("w:pPr")
            p.insert(0, p_pr)
        r_pr = p_pr.find(qn("w:rPr"))
        if r_pr is None:
            r_pr = OxmlElement("w:rPr")
            # w:rPr must be the last paragraph property (before a section break or change).
            tail = p_pr.find(qn("w:sectPr"))
            if tail is None:
                tail = p_pr.find(qn("w:pPrChange"))
            if tail is not None:
                tail.addprevious(r_pr)
            else:
                p_pr.append(r_pr)
        r_pr.append(self.revision(tag))

    def _write(self, p: Any, pieces: Sequence[tuple[str, str]], formats: list[Any]) -> Any:
        """Append runs for the pieces; kept and deleted text take the formatting they had. An
        inserted line break starts a new paragraph (its mark tracked as inserted); the last
        paragraph written is returned."""
        at = 0
        current = p
        for op, text in pieces:
            if not text:
                continue
            if op == "insert":
                fmt = formats[at - 1] if at > 0 else (formats[0] if formats else None)
                for k, line in enumerate(text.split("\n")):
                    if k:
                        current = self._break(current)
                    if line:
                        self._append(current, "insert", line, fmt)
                continue
            for span, fmt in _spans(text, formats[at : at + len(text)]):
                self._append(current, op, span, fmt)
            at += len(text)
        return current

    def _append(self, p: Any, op: str, text: str, fmt: Any) -> None:
        run = _run(text, fmt, deleted=op == "delete")
        if op == "equal":
            p.append(run)
            return
        wrapper = self.revision("w:ins" if op == "insert" else "w:del")
        wrapper.append(run)
        p.append(wrapper)

    def _break(self, p: Any) -> Any:
        """End paragraph ``p`` with an inserted paragraph mark; the rest goes in a new one with
        the same paragraph properties."""
        following = OxmlElement("w:p")
        p_pr = p.find(qn("w:pPr"))
        if p_pr is not None:
            following.append(_without_marks(p_pr))
        self._mark(p, "w:ins")
        p.addnext(following)
        return following


def _without_marks(p_pr: Any) -> Any:
    copied = copy.deepcopy(p_pr)
    for old in copied.findall(qn("w:rPr")):
        copied.remove(old)
    return copied


class _Line:
    """The pieces that fall in one paragraph, and whether its paragraph mark is deleted."""

    def __init__(self) -> None:
        self.pieces: list[tuple[str, str]] = []
        self.mark_deleted = False


def _split(pieces: Sequence[tuple[str, str]], lengths: list[int]) -> list[_Line]:
    """Distribute pieces over paragraphs: the old text's "\\n" between paragraphs ends one
    (kept, or deleted with its mark); an inserted "\\n" is a line break inside a paragraph."""
    lines = [_Line() for _ in lengths]
    k, used = 0, 0
    for op, text in pieces:
        if op == "insert":
            lines[k].pieces.append((op, text))
            continue
        rest = text
        while rest:
            room = lengths[k] - used
            if len(rest) <= room or k == len(lengths) - 1:
                lines[k].pieces.append((op, rest))
                used += len(rest)
                break
            lines[k].pieces.append((op, rest[:room]))
            # rest[room] is the "\n" between paragraph k and k + 1.
            lines[k].mark_deleted = op == "delete"
            rest = rest[room + 1 :]
            k, used = k + 1, 0
    return lines


def _formats(p: Any) -> list[Any]:
    """The run properties (w:rPr or None) of each character of the paragraph's accepted text."""
    found: list[Any] = []
    for run in p.iter(qn("w:r")):
        if any(a.tag == qn("w:del") for a in run.iterancestors()):
            continue
        r_pr = run.find(qn("w:rPr"))
        length = len(paragraph_text(_wrapped(run), "accepted"))
        found.extend([r_pr] * length)
    return found


def _wrapped(run: Any) -> Any:
    holder = etree.Element(qn("w:p"))
    holder.append(copy.deepcopy(run))
    return holder


def _spans(text: str, formats: list[Any]) -> list[tuple[str, Any]]:
    """Text cut where the formatting changes."""
    spans: list[tuple[str, Any]] = []
    start = 0
    for k in range(1, len(text) + 1):
        if k == len(text) or (k < len(formats) and formats[k] is not formats[start]):
            fmt = formats[start] if start < len(formats) else (formats[-1] if formats else None)
            spans.append((text[start:k], fmt))
            start = k
    return spans


def _clear(p: Any) -> None:
    for child in list(p):
        if child.tag in _CONTENT:
            p.remove(child)


def _run(text: str, r_pr: Any, *, deleted: bool) -> Any:
    run = OxmlElement("w:r")
    if r_pr is not None:
        run.append(copy.deepcopy(r_pr))
    for piece in _PIECES.split(_NOT_XML.sub("", text)):
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


def _comment(document: Any, ends: tuple[Any, Any], text: str, author: str) -> None:
    """A Word comment over the clause: from the start of its first paragraph to the end of its
    last one."""
    comment = document.comments.add_comment(text=_NOT_XML.sub("", text), author=author)
    first, last = ends
    cid = str(comment.comment_id)
    start = OxmlElement("w:commentRangeStart")
    start.set(qn("w:id"), cid)
    p_pr = first.find(qn("w:pPr"))
    if p_pr is not None:
        p_pr.addnext(start)
    else:
        first.insert(0, start)
    end = OxmlElement("w:commentRangeEnd")
    end.set(qn("w:id"), cid)
    reference = OxmlElement("w:r")
    mark = OxmlElement("w:commentReference")
    mark.set(qn("w:id"), cid)
    reference.append(mark)
    last.append(end)
    last.append(reference)
