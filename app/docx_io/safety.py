"""Checks on a .docx before any XML is parsed: not a Word file, encrypted, damaged or hostile."""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from app.domain.errors import InvalidInputError

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_WORD_MAIN = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
)


class NotWordDocumentError(InvalidInputError):
    """The file is something else: a PDF, an old .doc, a workbook, plain bytes."""


class EncryptedDocumentError(InvalidInputError):
    """The document is password-protected; only Word can open it with the password."""


class DamagedDocumentError(InvalidInputError):
    """The file is truncated or corrupt."""


class UnsafeDocumentError(InvalidInputError):
    """The file is built to exhaust memory or time, or holds macros or DTDs."""


@dataclass(frozen=True)
class Limits:
    """Caps on what a genuine contract needs; a 500-page contract is far below each of them."""

    members: int = 2000
    member_bytes: int = 32 << 20
    total_bytes: int = 96 << 20
    # Word XML compresses 5-20 to 1, a bomb's repeated text up to 1000 to 1. Repetitive but
    # genuine documents (generated contracts) reach a few hundred to 1, so the ratio only
    # counts for parts big enough to hurt.
    ratio: int = 100
    ratio_applies_above: int = 16 << 20


DEFAULT_LIMITS = Limits()


def check_package(path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
    """Raise a clear InvalidInputError subclass unless ``path`` looks like a safe .docx."""
    name = path.name
    _check_signature(path, name)
    try:
        with zipfile.ZipFile(path) as package:
            _check_members(package, name, limits)
            _check_content_types(package, name)
    except zipfile.BadZipFile as exc:
        raise DamagedDocumentError(
            f"{name}: the file is damaged or incomplete (not a readable Word package: {exc})"
        ) from exc
    except (zlib.error, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise DamagedDocumentError(f"{name}: the file is damaged or incomplete ({exc})") from exc


def _check_signature(path: Path, name: str) -> None:
    with path.open("rb") as handle:
        head = handle.read(8)
        if head.startswith(OLE_SIGNATURE):
            # Password-protected .docx files are OLE containers with an EncryptedPackage stream.
            sample = handle.read(1 << 20)
            if _ENCRYPTED_STREAM in sample:
                raise EncryptedDocumentError(
                    f"{name}: the document is password-protected; open it in Word, remove "
                    "the password (File > Info > Protect Document) and save it again"
                )
            raise NotWordDocumentError(
                f"{name}: this is an old Word 97-2003 (.doc) or password-protected file; "
                "save it as .docx in Word first"
            )
    if head.startswith(b"%PDF"):
        raise NotWordDocumentError(f"{name}: this is a PDF, not a Word document (.docx)")
    if head.startswith(b"{\\rtf"):
        raise NotWordDocumentError(f"{name}: this is an RTF file; save it as .docx in Word first")
    if not head.startswith(b"PK"):
        raise NotWordDocumentError(f"{name}: this is not a Word document (.docx)")


def _check_members(package: zipfile.ZipFile, name: str, limits: Limits) -> None:
    infos = package.infolist()
    if len(infos) > limits.members:
        raise UnsafeDocumentError(f"{name}: the package has {len(infos)} parts; refused")
    total = 0
    for info in infos:
        part = info.filename
        if part.startswith(("/", "\\")) or ".." in part.replace("\\", "/").split("/"):
            raise UnsafeDocumentError(f"{name}: the package holds a part named {part!r}; refused")
        if info.flag_bits & 0x1:
            raise EncryptedDocumentError(f"{name}: the package holds encrypted parts")
        if info.file_size > limits.member_bytes:
            raise UnsafeDocumentError(
                f"{name}: part {part} would expand to {info.file_size >> 20} MB; refused "
                "as a possible zip bomb"
            )
        if info.file_size > limits.ratio_applies_above and (
            info.file_size > limits.ratio * max(info.compress_size, 1)
        ):
            ratio = info.file_size // max(info.compress_size, 1)
            raise UnsafeDocumentError(
                f"{name}: part {part} expands {ratio} times its stored size; refused as a "
                "possible zip bomb"
            )
        total += info.file_size
    if total > limits.total_bytes:
        raise UnsafeDocumentError(
            f"{name}: the package would expand to {total >> 20} MB; refused as a possible zip bomb"
        )
    names = {info.filename for info in infos}
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise UnsafeDocumentError(
            f"{name}: the document contains macros (.docm); save it as a plain .docx"
        )
    if "[Content_Types].xml" not in names:
        raise NotWordDocumentError(
            f"{name}: this is a zip file but not a Word document (no [Content_Types].xml)"
        )


def _check_content_types(package: zipfile.ZipFile, name: str) -> None:
    types = package.read("[Content_Types].xml")
    refuse_doctype(types, name, "[Content_Types].xml")
    if b"macroEnabled" in types:
        raise UnsafeDocumentError(
            f"{name}: the document is macro-enabled (.docm); save it as a plain .docx"
        )
    if not any(t.encode() in types for t in _WORD_MAIN):
        kind = "an Excel workbook" if b"spreadsheetml" in types else "not a Word document"
        if b"presentationml" in types:
            kind = "a PowerPoint presentation"
        raise NotWordDocumentError(f"{name}: this is {kind}, not a Word document (.docx)")


def refuse_doctype(data: bytes, name: str, part: str) -> None:
    """Word never writes a DTD; one in a part is an entity attack (billion laughs, XXE)."""
    if b"<!DOCTYPE" in data[:65536] or b"<!ENTITY" in data[:65536]:
        raise UnsafeDocumentError(
            f"{name}: part {part} declares a DTD or entities, which Word never writes; refused"
        )
