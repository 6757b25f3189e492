"""Loading a document file into clauses, whatever its kind (.md, .txt, .docx)."""

from __future__ import annotations

from pathlib import Path

from app.domain.document import SplitDocument
from app.domain.errors import InvalidInputError

SUPPORTED_SUFFIXES = (".docx", ".md", ".markdown", ".txt")


def load_document(path: Path) -> SplitDocument:
    """The clauses of a .md, .markdown, .txt or .docx file; a clear error for anything else."""
    if not path.exists():
        raise InvalidInputError(f"{path}: no such file")
    if path.is_dir():
        raise InvalidInputError(f"{path}: is a folder, not a file")
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown"):
        from app.importing import read_markdown

        return read_markdown(path)
    if suffix == ".txt":
        from app.importing import read_text

        return read_text(path)
    if suffix == ".docx":
        return _load_word(path)
    supported = ", ".join(SUPPORTED_SUFFIXES)
    raise InvalidInputError(f"{path}: unsupported file type {suffix or '(none)'}; use {supported}")


def _load_word(path: Path) -> SplitDocument:
    # Read in a worker process with memory and time limits: a hostile .docx cannot hang or
    # exhaust the application.
    from app.docx_io.isolation import import_docx

    return import_docx(path, source=str(path))
