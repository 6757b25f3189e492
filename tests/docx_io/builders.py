"""Word files built by the tests themselves: python-docx documents and raw (hostile) packages."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import docx
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="{main}"/>'
    "</Types>"
)
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def document_xml(body: str, prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    ).encode()


def paragraph_xml(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def raw_package(
    path: Path,
    document: bytes,
    *,
    main_type: str = DOCX_MAIN,
    extra: Iterable[tuple[str, bytes]] = (),
    compression: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """A minimal Word package written byte for byte, so tests can make it hostile."""
    with zipfile.ZipFile(path, "w", compression) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES.format(main=main_type))
        package.writestr("_rels/.rels", ROOT_RELS)
        package.writestr("word/document.xml", document)
        for name, data in extra:
            package.writestr(name, data)
    return path


def save(document: Any, path: Path) -> Path:
    document.save(str(path))
    return path


def docx_bytes(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def numbered(paragraph: Any, num_id: int, ilvl: int = 0) -> Any:
    """Give a python-docx paragraph Word numbering (w:numPr)."""
    p_pr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    level = OxmlElement("w:ilvl")
    level.set(qn("w:val"), str(ilvl))
    ident = OxmlElement("w:numId")
    ident.set(qn("w:val"), str(num_id))
    num_pr.append(level)
    num_pr.append(ident)
    p_pr.append(num_pr)
    return paragraph


def level_xml(
    ilvl: int,
    fmt: str,
    text: str,
    *,
    start: int = 1,
    restart: int | None = None,
    legal: bool = False,
) -> str:
    restart_xml = f'<w:lvlRestart w:val="{restart}"/>' if restart is not None else ""
    legal_xml = "<w:isLgl/>" if legal else ""
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/>{restart_xml}'
        f'<w:numFmt w:val="{fmt}"/>{legal_xml}<w:lvlText w:val="{text}"/></w:lvl>'
    )


def set_numbering(document: Any, abstracts: dict[int, list[str]], nums: dict[int, str]) -> None:
    """Replace the numbering definitions: abstract id -> level XML; num id -> its XML body.

    ``nums`` values are the inside of w:num after w:abstractNumId, e.g. a w:lvlOverride.
    """
    numbering = document.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for abstract, levels in abstracts.items():
        numbering.append(
            parse_xml(
                f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{abstract}">'
                + "".join(levels)
                + "</w:abstractNum>"
            )
        )
    for num_id, inner in nums.items():
        abstract_id, _, rest = inner.partition("|")
        numbering.append(
            parse_xml(
                f'<w:num xmlns:w="{W_NS}" w:numId="{num_id}">'
                f'<w:abstractNumId w:val="{abstract_id}"/>{rest}</w:num>'
            )
        )


def new_document() -> Any:
    return docx.Document()
