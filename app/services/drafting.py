"""Drafting: terms documents — list, edit, assemble, versions, where used, Word export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path

from app.assembly.assembler import Assembler
from app.atomic_write import write_bytes_atomic
from app.diffing.compare import compare_documents
from app.docx_io.export import ExportOptions, export_docx
from app.domain.comparison import CompareOptions, Comparison
from app.domain.errors import ConflictError, InvalidInputError
from app.domain.terms import (
    AssembledDocument,
    AssemblyError,
    DocumentSummary,
    DocumentUse,
    DocumentVersion,
    Problem,
    TermsDocument,
    check_document,
    document_to_data,
)
from app.services.document_folders import check_clauses_exist
from app.storage.database import Database
from app.storage.document_repository import DocumentRepository
from app.version import __version__

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class Drafting:
    """Terms documents over one database; each method is one transaction."""

    def __init__(
        self,
        database: Database,
        *,
        user: str = "unknown",
        clock: Clock = utc_now,
        assembler: Assembler | None = None,
    ) -> None:
        self._db = database
        self.user = user
        self._clock = clock
        self._assembler = assembler or Assembler()

    # -- documents ------------------------------------------------------------------------

    def list_documents(self) -> list[DocumentSummary]:
        with self._db.read() as session:
            return DocumentRepository(session).summaries()

    def get(self, name: str) -> TermsDocument:
        with self._db.read() as session:
            return DocumentRepository(session).get(name)

    def save(self, document: TermsDocument, *, expected_lock: int | None = None) -> TermsDocument:
        """Create or update a definition; a stale ``expected_lock`` is refused (ConflictError)."""
        _check_definition(document)
        with self._db.write() as session:
            repo = DocumentRepository(session)
            check_clauses_exist(repo, document)
            if repo.exists(document.name):
                return repo.update(document, at=self._clock(), expected_lock=expected_lock)
            return repo.add(document, at=self._clock())

    def create(self, document: TermsDocument) -> TermsDocument:
        """Add a new definition; a document of that name already there is refused, never
        overwritten (ConflictError carrying the stored one)."""
        _check_definition(document)
        with self._db.write() as session:
            repo = DocumentRepository(session)
            check_clauses_exist(repo, document)
            if repo.exists(document.name):
                raise ConflictError(
                    f"a document named {document.name!r} already exists; nothing was overwritten",
                    theirs=repo.get(document.name),
                )
            return repo.add(document, at=self._clock())

    def stored_draft(self, document: TermsDocument) -> TermsDocument | None:
        """The stored document when it holds exactly this definition, else None.

        A save retried after a dropped connection asks this first: if its commit had reached
        the server, the definition is already there and is not saved again.
        """
        with self._db.read() as session:
            repo = DocumentRepository(session)
            stored = repo.get(document.name) if repo.exists(document.name) else None
        if stored is None or document_to_data(stored) != document_to_data(document):
            return None
        return stored

    # -- assembly -------------------------------------------------------------------------

    def assemble(
        self,
        name: str,
        values: Mapping[str, object] | None = None,
        *,
        version_label: str | None = None,
    ) -> AssembledDocument:
        """The document assembled from the library's clauses; AssemblyError lists problems."""
        with self._db.read() as session:
            repo = DocumentRepository(session)
            document = repo.get(name)
            wordings = repo.wordings(document)
        return self._assembler.assemble(document, wordings, values, version_label=version_label)

    def assemble_draft(
        self, document: TermsDocument, values: Mapping[str, object] | None = None
    ) -> AssembledDocument:
        """Assemble an unsaved definition (the live preview while editing)."""
        with self._db.read() as session:
            wordings = DocumentRepository(session).wordings(document)
        return self._assembler.assemble(document, wordings, values)

    def problems(self, name: str, values: Mapping[str, object] | None = None) -> list[Problem]:
        try:
            self.assemble(name, values)
        except AssemblyError as exc:
            return list(exc.problems)
        return []

    # -- versions -------------------------------------------------------------------------

    def save_version(
        self, name: str, label: str, values: Mapping[str, object] | None = None
    ) -> DocumentVersion:
        """Freeze the assembled text and values under a label; refused while problems remain."""
        label = label.strip()
        if not label:
            raise InvalidInputError("give the version a label (e.g. 'Sent to customer')")
        with self._db.write() as session:
            repo = DocumentRepository(session)
            document = repo.get(name)
            assembled = self._assembler.assemble(
                document, repo.wordings(document), values, version_label=label
            )
            return repo.add_version(
                name, assembled, label=label, author=self.user, at=self._clock()
            )

    def version_count(self, name: str) -> int:
        """How many versions of the document are saved (0 for an unknown name)."""
        with self._db.read() as session:
            summaries = DocumentRepository(session).summaries()
        return next((s.versions for s in summaries if s.name == name), 0)

    def stored_version(self, name: str, label: str, *, after: int) -> DocumentVersion | None:
        """This user's version labelled ``label`` numbered above ``after``, else None.

        A version save retried after a dropped connection asks this first (``after`` counted
        just before its first attempt): if that commit had reached the server, the version is
        there and is not saved twice.
        """
        label = label.strip()
        found = [
            v
            for v in self.versions(name)
            if v.number > after and v.label == label and v.author == self.user
        ]
        return found[-1] if found else None

    def versions(self, name: str) -> list[DocumentVersion]:
        with self._db.read() as session:
            return DocumentRepository(session).versions(name)

    def version(self, name: str, number: int) -> DocumentVersion:
        with self._db.read() as session:
            return DocumentRepository(session).version(name, number)

    def text_of(
        self, name: str, number: int | None, values: Mapping[str, object] | None = None
    ) -> AssembledDocument:
        """A saved version's frozen text, or the working draft's when ``number`` is None."""
        if number is None:
            return self.assemble(name, values)
        return self.version(name, number).assembled

    def compare(
        self,
        name: str,
        old: int | None,
        new: int | None,
        values: Mapping[str, object] | None = None,
        options: CompareOptions | None = None,
    ) -> Comparison:
        """The clause-by-clause comparison of two versions (None = the working draft)."""
        before = self.text_of(name, old, values).to_split_document()
        after = self.text_of(name, new, values).to_split_document()
        return compare_documents(before, after, options)

    # -- where used -----------------------------------------------------------------------

    def where_used(self, clause_key: str) -> list[DocumentUse]:
        """The documents that use a clause, saying whether each follows its latest wording."""
        with self._db.read() as session:
            documents = DocumentRepository(session).all()
        uses = []
        for document in documents:
            pins = [item.version for _d, item in document.walk() if item.clause == clause_key]
            if pins:
                pinned = None if None in pins else min(p for p in pins if p is not None)
                uses.append(DocumentUse(document.name, document.title, pinned))
        return uses

    def changed_by_revision(self, clause_key: str) -> list[DocumentUse]:
        """The documents a new wording of the clause will change (those that follow it)."""
        return [use for use in self.where_used(clause_key) if use.follows]

    # -- Word -----------------------------------------------------------------------------

    def export_docx(
        self,
        name: str,
        path: Path,
        values: Mapping[str, object] | None = None,
        *,
        version: int | None = None,
        label: str | None = None,
        options: ExportOptions | None = None,
    ) -> AssembledDocument:
        """Assemble the draft (or take saved ``version``) and write a Word file atomically.

        Refused (AssemblyError, nothing written) while the document has problems.
        """
        if version is None:
            assembled = self.assemble(name, values, version_label=label)
        else:
            if values:
                raise InvalidInputError(
                    "a saved version keeps the values it was saved with; give no values"
                )
            assembled = self.version(name, version).assembled
            if label:
                assembled = replace(assembled, version_label=label)
        options = options or ExportOptions()
        if options.created is None:
            options = replace(options, created=self._clock())
        data = export_docx(assembled, replace(options, app_version=__version__))
        try:
            write_bytes_atomic(path, data)
        except OSError as exc:
            raise InvalidInputError(f"cannot write {path}: {exc.strerror}") from exc
        return assembled


def _check_definition(document: TermsDocument) -> None:
    problems = check_document(document)
    if problems:
        raise InvalidInputError(f"document {document.name!r}: {problems[0]}")
