"""Documents in a library folder (``documents/*.yaml``): imported and exported with the clauses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from app.domain.errors import InvalidInputError
from app.domain.terms import TermsDocument
from app.files.document_files import read_document_folder, write_document_folder
from app.storage.document_repository import DocumentRepository


@dataclass
class DocumentImportReport:
    """What importing a library folder's documents did, document by document."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def check_clauses_exist(repo: DocumentRepository, document: TermsDocument) -> None:
    """Refuse a document whose outline names a clause (or pinned version) the library lacks."""
    missing = repo.missing_clauses(document)
    if missing:
        raise InvalidInputError(f"document {document.name!r}: {missing[0]}")


def import_documents(
    repo: DocumentRepository, folder: Path, at: dt.datetime, *, skip_incomplete: bool = False
) -> DocumentImportReport:
    """Import ``folder/documents/*.yaml`` in the caller's transaction (after its clauses).

    Every document must name clauses (and pinned versions) the library has, or nothing is kept;
    with ``skip_incomplete`` such documents are left out instead.
    """
    report = DocumentImportReport()
    for document in read_document_folder(folder):
        if skip_incomplete and repo.missing_clauses(document):
            continue
        check_clauses_exist(repo, document)
        if not repo.exists(document.name):
            repo.add(document, at=at)
            report.added.append(document.name)
        elif _same_definition(repo.get(document.name), document):
            report.unchanged.append(document.name)
        else:
            repo.update(document, at=at)
            report.updated.append(document.name)
    return report


def _same_definition(a: TermsDocument, b: TermsDocument) -> bool:
    return replace(a, lock_version=0, updated_at=None) == replace(
        b, lock_version=0, updated_at=None
    )


def export_documents(repo: DocumentRepository, folder: Path) -> list[Path]:
    """Write every document's definition under ``folder/documents/``."""
    return write_document_folder(folder, repo.all())
