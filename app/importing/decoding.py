"""Turning the bytes of a text file into text: UTF-8 (with or without BOM), else Windows-1252."""

from __future__ import annotations

from pathlib import Path

from app.domain.errors import InvalidInputError

# A terms document is a few hundred kilobytes; anything far larger is not one.
MAX_TEXT_BYTES = 50 * 1024 * 1024


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or a clear error when it is missing, a folder or too large."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise InvalidInputError(f"{path}: is a folder, not a file")
        if size > MAX_TEXT_BYTES:
            raise InvalidInputError(f"{path}: too large for a text document ({size} bytes)")
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise InvalidInputError(f"{path}: no such file") from exc
    except OSError as exc:
        raise InvalidInputError(f"cannot read {path}: {exc.strerror}") from exc


def decode_text(data: bytes, name: str) -> tuple[str, list[str]]:
    """The text of a document's bytes and the warnings the user should see about its encoding."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _normalise(data.decode("utf-16")), []
        except UnicodeDecodeError as exc:
            raise InvalidInputError(f"{name}: damaged UTF-16 text") from exc
    if b"\x00" in data:
        raise InvalidInputError(f"{name}: not a text document (it contains binary data)")
    try:
        return _normalise(data.decode("utf-8-sig")), []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InvalidInputError(f"{name}: not UTF-8 or Windows-1252 text") from exc
    return _normalise(text), [f"{name} is not UTF-8; it was read as Windows-1252"]


def _normalise(text: str) -> str:
    """One kind of line end; no BOM or NUL left in the text."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
