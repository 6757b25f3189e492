"""Hostile inputs for the importers, and running one input through the importer the app uses.

Shared by the hypothesis tests (default run) and the long fuzz run (`make fuzz`): both draw
their choices through a `Chooser`, so the same mutations are driven by hypothesis or atheris.
"""

from __future__ import annotations

import io
import re
import resource
import time
import traceback
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol, TypeVar

from app.docx_io.reader import read_docx
from app.domain.errors import ClausewrightError
from app.files.clause_files import parse_clause_file, read_clause_file
from app.resources import shipped_library_dir
from app.services.documents_io import load_document
from tests.conftest import CORPUS
from tests.docx_io.builders import (
    CONTENT_TYPES,
    DOCX_MAIN,
    ROOT_RELS,
    document_xml,
    docx_bytes,
    new_document,
    paragraph_xml,
)

T = TypeVar("T")
SLOW_SECONDS = 2.0
MEMORY_MB = 500
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


class Chooser(Protocol):
    """Where a mutation gets its decisions from (hypothesis data or atheris bytes)."""

    def integer(self, low: int, high: int) -> int: ...

    def raw(self, max_size: int) -> bytes: ...

    def text(self, max_size: int) -> str: ...


def pick(chooser: Chooser, options: Sequence[T]) -> T:
    return options[chooser.integer(0, len(options) - 1)]


# -- seeds ----------------------------------------------------------------------------------


@cache
def docx_seeds() -> tuple[bytes, ...]:
    """Real contracts from the corpus (when present) and Word files built here."""
    real = sorted((CORPUS / "docx").glob("*.docx")) if (CORPUS / "docx").is_dir() else []
    generated = new_document()
    generated.add_heading("1. Use of Output", level=1)
    generated.add_paragraph("You may not use Output to develop models that compete with us.")
    generated.add_paragraph("Second paragraph", style="List Number")
    table = generated.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Term"
    table.cell(1, 1).text = "Twelve months"
    minimal = io.BytesIO()
    with zipfile.ZipFile(minimal, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES.format(main=DOCX_MAIN))
        package.writestr("_rels/.rels", ROOT_RELS)
        package.writestr("word/document.xml", document_xml(paragraph_xml("1. Fees. Pay us.")))
    return (*(p.read_bytes() for p in real), docx_bytes(generated), minimal.getvalue())


@cache
def text_seeds() -> tuple[str, ...]:
    """Shipped clause files and documents in Markdown and plain text."""
    clause_texts = [p.read_text("utf-8") for p in sorted(shipped_library_dir().glob("*.md"))]
    tos = CORPUS / "tos_versions"
    real = sorted(tos.rglob("*.md"))[:6] + sorted(tos.rglob("*.txt"))[:6] if tos.is_dir() else []
    return (*clause_texts[:20], *(p.read_text("utf-8", "replace")[:20000] for p in real))


# -- Word mutations -------------------------------------------------------------------------


def _unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


@cache
def _seed_parts(index: int) -> dict[str, bytes]:
    return _unzip(docx_seeds()[index])


def _zip(parts: dict[str, bytes], chooser: Chooser) -> bytes:
    out = io.BytesIO()
    method = pick(chooser, (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED))
    with zipfile.ZipFile(out, "w", method) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return out.getvalue()


def _part(parts: dict[str, bytes], chooser: Chooser) -> str:
    xml = [n for n in parts if n.endswith((".xml", ".rels"))] or list(parts)
    return pick(chooser, sorted(xml))


def _cut(data: bytes, chooser: Chooser) -> bytes:
    return data[: chooser.integer(0, len(data))]


def _splice(data: bytes, chooser: Chooser) -> bytes:
    at = chooser.integer(0, len(data))
    return data[:at] + chooser.raw(64) + data[at + chooser.integer(0, 16) :]


def _giant_attribute(xml: bytes, chooser: Chooser) -> bytes:
    size = pick(chooser, (1_000, 100_000, 2_000_000))
    value = pick(chooser, (b"A", b"1", b"\xe2\x80\xae", b"&amp;")) * size
    attribute = pick(chooser, (b"w:val", b"w:rsidR", b"w:id", b"w:styleId", b"Target"))
    return re.sub(
        rb"<(w:\w+|Relationship)\b",
        lambda m: m.group(0) + b" " + attribute + b'="' + value + b'"',
        xml,
        count=chooser.integer(1, 3),
    )


def _deep_nesting(xml: bytes, chooser: Chooser) -> bytes:
    depth = pick(chooser, (50, 300, 3_000, 20_000))
    opener, closer = pick(
        chooser,
        (
            (b"<w:sdt><w:sdtContent>", b"</w:sdtContent></w:sdt>"),
            (b"<w:tbl><w:tr><w:tc>", b"<w:p/></w:tc></w:tr></w:tbl>"),
            (b"<w:ins w:id='1'>", b"</w:ins>"),
            (b"<w:customXml>", b"</w:customXml>"),
        ),
    )
    nested = opener * depth + paragraph_xml("Deep clause").encode() + closer * depth
    return xml.replace(b"<w:body>", b"<w:body>" + nested, 1)


def _invalid_text(xml: bytes, chooser: Chooser) -> bytes:
    junk = pick(
        chooser, (b"\xff\xfe", b"\xed\xa0\x80", b"\xc3", b"\x00", b"\x1b", b"&#0;", b"&#xD800;")
    )
    return xml.replace(b"<w:t>", b"<w:t>" + junk, chooser.integer(1, 3)).replace(
        b'<w:t xml:space="preserve">', b'<w:t xml:space="preserve">' + junk, 1
    )


def _declaration(xml: bytes, chooser: Chooser) -> bytes:
    encoding = pick(chooser, (b"UTF-16", b"latin-1", b"bogus", b"UTF-32", b"ascii"))
    body = re.sub(rb"^<\?xml[^>]*\?>", b"", xml)
    return b'<?xml version="1.0" encoding="' + encoding + b'"?>' + body


def _numbering_chaos(chooser: Chooser) -> bytes:
    value = pick(chooser, ("-1", "0", "99999999999999999999", "x", "", "8", "2147483648"))
    text = pick(chooser, ("%1.%2.%3", "%9%9%9", "%", "%0", "%10", "(%1)", "%1" * 500))
    fmt = pick(chooser, ("decimal", "lowerRoman", "upperLetter", "bullet", "bogus", "ordinal"))
    return (
        f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="{value}">'
        f'<w:lvl w:ilvl="{value}"><w:start w:val="{value}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl></w:abstractNum>'
        f'<w:num w:numId="1"><w:abstractNumId w:val="{value}"/>'
        f'<w:lvlOverride w:ilvl="{value}"><w:startOverride w:val="{value}"/></w:lvlOverride>'
        f'</w:num><w:num w:numId="{value}"><w:abstractNumId w:val="1"/></w:num></w:numbering>'
    ).encode()


def _style_cycle(chooser: Chooser) -> bytes:
    n = chooser.integer(1, 40)
    styles = "".join(
        f'<w:style w:type="paragraph" w:styleId="S{i}"><w:basedOn w:val="S{(i + 1) % n}"/>'
        f'<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="{i}"/></w:pPr>'
        f"<w:rPr><w:b/></w:rPr></w:style>"
        for i in range(n)
    )
    return f'<w:styles xmlns:w="{W_NS}">{styles}</w:styles>'.encode()


def _styled_body(chooser: Chooser) -> bytes:
    paragraphs = "".join(
        f'<w:p><w:pPr><w:pStyle w:val="S{chooser.integer(0, 40)}"/>'
        f'<w:numPr><w:ilvl w:val="{chooser.integer(-2, 12)}"/>'
        f'<w:numId w:val="{chooser.integer(-1, 3)}"/></w:numPr></w:pPr>'
        f'<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{_xml_escape(chooser.text(40))}'
        "</w:t></w:r>"
        f'<w:r><w:t xml:space="preserve">{_xml_escape(chooser.text(80))}</w:t></w:r></w:p>'
        for _ in range(chooser.integer(1, 8))
    )
    return document_xml(paragraphs)


def _xml_escape(text: str) -> str:
    clean = "".join(
        c
        for c in text
        if c in "\t\n\r" or " " <= c <= "\ud7ff" or "\ue000" <= c <= "\ufffd" or c > "\uffff"
    )
    return clean.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CONTENT_TYPE_VARIANTS = (
    b"",
    b"<Types/>",
    CONTENT_TYPES.format(main="application/vnd.ms-word.document.macroEnabled.main+xml").encode(),
    CONTENT_TYPES.format(
        main="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    ).encode(),
    CONTENT_TYPES.format(main="text/plain").encode(),
    b'<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaa">]><Types>&a;</Types>',
)


def _relationships(chooser: Chooser) -> bytes:
    target = pick(
        chooser,
        (
            "../../etc/passwd",
            "/word/document.xml",
            "document.xml",
            "",
            "http://x/y",
            "word/",
            "//x",
            "numbering.xml",
        ),
    )
    kind = pick(chooser, ("styles", "numbering", "comments", "officeDocument"))
    return (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_RELS}/{kind}" Target="{target}"/>'
        f'<Relationship Id="rId2" Type="{_RELS}/numbering" Target="numbering.xml"/>'
        f'<Relationship Id="rId3" Type="{_RELS}/styles" Target="styles.xml"/></Relationships>'
    ).encode()


def mutate_docx(chooser: Chooser) -> bytes:
    """A Word package made hostile in one of many ways (or a few ways at once)."""
    index = chooser.integer(0, len(docx_seeds()) - 1)
    seed = docx_seeds()[index]
    kind = chooser.integer(0, 13)
    if kind == 0:
        return _cut(seed, chooser)
    if kind == 1:
        return _splice(seed, chooser)
    if kind == 2:
        return chooser.raw(4096)
    parts = dict(_seed_parts(index))
    main = "word/document.xml"
    for _ in range(chooser.integer(1, 3)):
        _mutate_parts(parts, kind, main, chooser)
        kind = chooser.integer(3, 13)
    return _zip(parts, chooser)


def _mutate_parts(parts: dict[str, bytes], kind: int, main: str, chooser: Chooser) -> None:
    name = _part(parts, chooser)
    if kind == 3:
        parts[name] = _cut(parts[name], chooser)
    elif kind == 4:
        parts[name] = _splice(parts[name], chooser)
    elif kind == 5:
        parts[name] = _giant_attribute(parts[name], chooser)
    elif kind == 6:
        parts[main] = _deep_nesting(parts.get(main, document_xml("")), chooser)
    elif kind == 7:
        parts[main] = _invalid_text(parts.get(main, b""), chooser)
    elif kind == 8:
        parts[name] = _declaration(parts[name], chooser)
    elif kind == 9:
        parts["[Content_Types].xml"] = pick(chooser, _CONTENT_TYPE_VARIANTS)
    elif kind == 10:
        parts.pop(name, None)
    elif kind == 11:
        parts["word/_rels/document.xml.rels"] = _relationships(chooser)
    elif kind == 12:
        parts["word/numbering.xml"] = _numbering_chaos(chooser)
        parts["word/styles.xml"] = _style_cycle(chooser)
        parts["word/_rels/document.xml.rels"] = _relationships(chooser)
    else:
        parts[main] = _styled_body(chooser)
        parts["word/numbering.xml"] = _numbering_chaos(chooser)
        parts["word/styles.xml"] = _style_cycle(chooser)


# -- text mutations -------------------------------------------------------------------------

_MARKUP = (
    "# ",
    "###### ",
    "- ",
    "* ",
    "1. ",
    "1.1 ",
    "(a) ",
    "Section 4. ",
    "| a | b |\n|---|---|\n",
    "**",
    "_",
    "`",
    "```\n",
    "> ",
    "[x](http://y)",
    "![i](j)",
    "<div>",
    "&amp;",
    "---\n",
    "\n\n",
    "\r",
    "\ufeff",
    "\u202e",
    "\u0301",
    "\U0001f600",
    "\t",
    "    ",
    "{{ x }}",
    "key: [",
    ": &a\n",
    "*a ",
    "[",
    "\\",
    "<!--",
    "#" * 300,
    "> " * 200,
    "- " * 200,
    "1. " * 200,
    "[" * 2000,
    "*" * 3000,
    "\n" * 500,
)
_BYTES = (
    b"\xff",
    b"\xfe\xff",
    b"\xff\xfe",
    b"\xed\xa0\x80",
    b"\xc3",
    b"\x00",
    b"\x80\x81",
    b"\xe2\x82",
)


def mutate_text_bytes(chooser: Chooser) -> bytes:
    """Markdown or plain text (often a clause file) with markup, control bytes and bad UTF-8."""
    text = pick(chooser, text_seeds()) if chooser.integer(0, 3) else chooser.text(200)
    for _ in range(chooser.integer(1, 6)):
        at = chooser.integer(0, len(text))
        insert = pick(chooser, _MARKUP) if chooser.integer(0, 2) else chooser.text(30)
        text = text[:at] + insert * chooser.integer(1, 3) + text[at + chooser.integer(0, 20) :]
    data = text.encode("utf-8", "surrogatepass")
    if chooser.integer(0, 3) == 0:
        at = chooser.integer(0, len(data))
        data = data[:at] + pick(chooser, _BYTES) + data[at:]
    return data


_YAML_TRICKS = (
    "a: &a [*a]\n",
    "x: !!python/object:os.system {}\n",
    "history: 5\n",
    "history: [1, 2]\n",
    "history:\n- version: 999999999999999999999\n  date: 2025-13-45\n",
    "key: ../../etc\n",
    "tags: {a: b}\n",
    "risk: [high]\n",
    "status: 7\n",
    "date: 0000-00-00\n",
    "l: &l [1,1,1,1,1,1,1,1,1]\nm: &m [*l,*l,*l,*l,*l,*l,*l,*l,*l]\n"
    "n: [*m,*m,*m,*m,*m,*m,*m,*m,*m]\n",
    "title: " + "[" * 5000 + "\n",
    "notes: " + "{a: " * 2000 + "\n",
    "? [a]\n: b\n",
    "key: x\nkey: y\n",
    "\t- bad indent\n",
    "title: !!binary aGVsbG8=\n",
)


def mutate_clause_file(chooser: Chooser) -> bytes:
    """A clause file whose front matter is broken, tricky YAML or of the wrong types."""
    base = pick(chooser, text_seeds()[:20])
    head, _, rest = base.partition("\n")
    trick = pick(chooser, _YAML_TRICKS) if chooser.integer(0, 3) else chooser.text(60)
    at = chooser.integer(0, len(rest))
    if chooser.integer(0, 1):  # keep whole lines so the YAML still parses
        at = rest.rfind("\n", 0, at) + 1
    text = f"{head}\n{rest[:at]}{trick}{rest[at:]}"
    if chooser.integer(0, 4) == 0:
        text = text.replace("---", pick(chooser, ("", "--", "---\n---", "...")), 1)
    return text.encode("utf-8", "surrogatepass")


# -- running one input ----------------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    """An input that ended in something other than an import or the project's own error."""

    target: str
    problem: str
    data: bytes


def _word(data: bytes, folder: Path) -> None:
    path = folder / "fuzz.docx"
    path.write_bytes(data)
    read_docx(path)  # its pre-scan (safety.check_package) runs first, as in the worker


def _document(suffix: str) -> Callable[[bytes, Path], None]:
    def load(data: bytes, folder: Path) -> None:
        path = folder / f"fuzz{suffix}"
        path.write_bytes(data)
        load_document(path)

    return load


def _clause_file(data: bytes, folder: Path) -> None:
    path = folder / "fuzz-clause.md"
    path.write_bytes(data)
    read_clause_file(path)
    parse_clause_file(data.decode("utf-8", "replace"), "fuzz-clause.md")


TARGETS: dict[str, Callable[[bytes, Path], None]] = {
    "docx": _word,
    "md": _document(".md"),
    "txt": _document(".txt"),
    "clause-file": _clause_file,
}


def resident_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / (1 << 20)


def _reset_peak_memory() -> None:
    """Start the kernel's high-water mark afresh, so the peak is this input's own."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")
    except OSError:
        pass


def peak_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resident_mb()


def run_input(target: str, data: bytes, folder: Path) -> Failure | None:
    """Import one input; anything but success or a ClausewrightError is a failure."""
    _reset_peak_memory()
    started = time.perf_counter()
    try:
        TARGETS[target](data, folder)
    except ClausewrightError:
        pass
    except Exception:  # the finding: any other exception is a bug in the importer
        return Failure(target, traceback.format_exc(limit=-4), data)
    seconds = time.perf_counter() - started
    if seconds > SLOW_SECONDS:
        return Failure(target, f"took {seconds:.1f} s (limit {SLOW_SECONDS:g} s)", data)
    memory = peak_mb()
    if memory > MEMORY_MB:
        return Failure(target, f"peak memory {memory:.0f} MB (limit {MEMORY_MB} MB)", data)
    return None
