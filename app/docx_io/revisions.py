"""Tracked changes read from the XML: the accepted and the rejected view of paragraphs."""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path
from typing import Literal

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
View = Literal["accepted", "rejected"]


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


W_P, W_R, W_T, W_DEL_TEXT = w("p"), w("r"), w("t"), w("delText")
W_INS, W_DEL, W_MOVE_TO, W_MOVE_FROM = w("ins"), w("del"), w("moveTo"), w("moveFrom")
W_PPR, W_RPR = w("pPr"), w("rPr")
_INSERTED = {W_INS, W_MOVE_TO}
_DELETED = {W_DEL, W_MOVE_FROM}
# Subtrees holding no text of this paragraph: properties, text boxes (their own paragraphs),
# field instructions, footnote and comment references.
_SKIP = {W_PPR, W_RPR, w("txbxContent"), w("instrText"), w("delInstrText"), w("rPrChange")}
_CHARACTERS = {w("tab"): "\t", w("br"): "\n", w("cr"): "\n", w("noBreakHyphen"): "-"}


def safe_parser() -> etree.XMLParser:
    """An XML parser for untrusted parts: no entities, no network, libxml2's size limits kept."""
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def paragraph_text(p: etree._Element, view: View = "accepted") -> str:
    """The text of a paragraph as it reads with every tracked change accepted (or rejected)."""
    pieces: list[str] = []
    _collect(p, view, pieces)
    return "".join(pieces)


def _collect(element: etree._Element, view: View, pieces: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag in _SKIP or not isinstance(tag, str):
            continue
        if tag in _INSERTED:
            if view == "accepted":
                _collect(child, view, pieces)
        elif tag in _DELETED:
            if view == "rejected":
                _collect(child, view, pieces)
        elif tag == W_T:
            pieces.append(child.text or "")
        elif tag == W_DEL_TEXT:
            if view == "rejected":
                pieces.append(child.text or "")
        elif tag in _CHARACTERS:
            pieces.append(_CHARACTERS[tag])
        else:
            _collect(child, view, pieces)


def mark_revision(p: etree._Element) -> str | None:
    """'inserted' or 'deleted' when the paragraph mark itself is a tracked change."""
    r_pr = p.find(f"{W_PPR}/{W_RPR}")
    if r_pr is None:
        return None
    for child in r_pr:
        if child.tag in _INSERTED:
            return "inserted"
        if child.tag in _DELETED:
            return "deleted"
    return None


def has_revisions(root: etree._Element) -> bool:
    """Whether the part holds any tracked insertion, deletion or move."""
    for tag in (W_INS, W_DEL, W_MOVE_TO, W_MOVE_FROM):
        if next(root.iter(tag), None) is not None:
            return True
    return False


def paragraphs_in_view(paragraphs: list[etree._Element], view: View) -> list[str]:
    """Paragraph texts of one view; a removed paragraph mark joins its paragraph to the next."""
    removed_mark = "deleted" if view == "accepted" else "inserted"
    result: list[str] = []
    carry: str | None = None
    for p in paragraphs:
        text = (carry or "") + paragraph_text(p, view)
        if mark_revision(p) == removed_mark:
            carry = text
        else:
            result.append(text)
            carry = None
    # The body's last paragraph mark cannot go; what is left of it stays if it holds text.
    if carry:
        result.append(carry)
    return result


def read_document_xml(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        data = package.read("word/document.xml")
    return etree.fromstring(data, safe_parser())


def read_revisions(path: Path) -> tuple[list[str], list[str]]:
    """(accepted, rejected): the body's paragraph texts with all changes accepted / rejected."""
    root = read_document_xml(path)
    paragraphs = list(root.iter(W_P))
    return paragraphs_in_view(paragraphs, "accepted"), paragraphs_in_view(paragraphs, "rejected")


def revision_problems(root: etree._Element) -> list[str]:
    """What would make Word refuse or misread the tracked changes; empty when all is well."""
    problems: list[str] = []
    annotation_tags = (W_INS, W_DEL, W_MOVE_TO, W_MOVE_FROM, w("comment"), w("bookmarkStart"))
    ids = Counter(element.get(w("id")) for tag in annotation_tags for element in root.iter(tag))
    problems += [f"w:id {i} is used {n} times" for i, n in ids.items() if i is None or n > 1]
    for tag in (W_INS, W_DEL):
        for element in root.iter(tag):
            if not element.get(w("author")) and element.get(w("author")) != "":
                problems.append(f"{etree.QName(tag).localname} without w:author")
            if not element.get(w("date")):
                problems.append(f"{etree.QName(tag).localname} without w:date")
    for text in root.iter(W_DEL_TEXT):
        if not any(a.tag in _DELETED for a in text.iterancestors()):
            problems.append("w:delText outside a deletion")
    for deletion in root.iter(W_DEL):
        if next(deletion.iter(W_T), None) is not None:
            problems.append("w:t inside a deletion")
    for p_pr in root.iter(W_PPR):
        r_pr = p_pr.find(W_RPR)
        if r_pr is not None and any(
            c.tag not in (w("sectPr"), w("pPrChange")) for c in r_pr.itersiblings()
        ):
            problems.append("w:rPr is not the last property of a paragraph")
    return problems
