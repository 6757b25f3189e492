"""Document repository: terms documents and their saved versions in a session, as domain values."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.errors import ConflictError, NotFoundError
from app.domain.terms import (
    AssembledDocument,
    ClauseWording,
    DocumentSummary,
    DocumentVersion,
    TermsDocument,
    document_from_data,
    document_to_data,
)
from app.storage.rows import (
    ClauseRow,
    ClauseVersionRow,
    TermsDocumentRow,
    TermsDocumentVersionRow,
)


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _document(row: TermsDocumentRow) -> TermsDocument:
    document = document_from_data(json.loads(row.definition))
    return TermsDocument(
        name=row.name,
        title=row.title,
        description=document.description,
        variables=document.variables,
        outline=document.outline,
        lock_version=row.lock_version,
        updated_at=_utc(row.updated_at),
    )


def _version(row: TermsDocumentVersionRow) -> DocumentVersion:
    return DocumentVersion(
        number=row.number,
        label=row.label,
        author=row.author,
        created_at=_utc(row.created_at),
        assembled=AssembledDocument.from_data(json.loads(row.assembled)),
        values=tuple((str(k), str(v)) for k, v in json.loads(row.variable_values)),
    )


class DocumentRepository:
    """Terms documents in one session; never commits (the service owns the transaction)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def _row(self, name: str) -> TermsDocumentRow:
        row = self._session.scalars(
            select(TermsDocumentRow).where(TermsDocumentRow.name == name)
        ).one_or_none()
        if row is None:
            raise NotFoundError(f"no document named {name!r}")
        return row

    def exists(self, name: str) -> bool:
        found = self._session.scalar(
            select(TermsDocumentRow.id).where(TermsDocumentRow.name == name)
        )
        return found is not None

    def get(self, name: str) -> TermsDocument:
        return _document(self._row(name))

    def all(self) -> list[TermsDocument]:
        rows = self._session.scalars(select(TermsDocumentRow).order_by(TermsDocumentRow.name))
        return [_document(row) for row in rows]

    def summaries(self) -> list[DocumentSummary]:
        counts = (
            select(TermsDocumentVersionRow.document_id, func.count().label("n"))
            .group_by(TermsDocumentVersionRow.document_id)
            .subquery()
        )
        query = (
            select(TermsDocumentRow.name, TermsDocumentRow.title, counts.c.n)
            .outerjoin(counts, counts.c.document_id == TermsDocumentRow.id)
            .order_by(TermsDocumentRow.title, TermsDocumentRow.name)
        )
        return [DocumentSummary(n, t, int(c or 0)) for n, t, c in self._session.execute(query)]

    def add(self, document: TermsDocument, *, at: dt.datetime) -> TermsDocument:
        row = TermsDocumentRow(
            name=document.name,
            title=document.title,
            definition=_dumps(document_to_data(document)),
            updated_at=at,
        )
        self._session.add(row)
        self._session.flush()
        return _document(row)

    def update(
        self, document: TermsDocument, *, at: dt.datetime, expected_lock: int | None = None
    ) -> TermsDocument:
        """Replace the definition; a stale ``expected_lock`` raises ConflictError (no write)."""
        row = self._row(document.name)
        if expected_lock is not None and row.lock_version != expected_lock:
            raise ConflictError(
                f"document {document.name!r} was changed by someone else since you opened it",
                theirs=_document(row),
            )
        definition = _dumps(document_to_data(document))
        if definition == row.definition and row.title == document.title:
            return _document(row)
        row.title = document.title
        row.definition = definition
        row.updated_at = at
        self._session.flush()
        return _document(row)

    def add_version(
        self,
        name: str,
        assembled: AssembledDocument,
        *,
        label: str,
        author: str,
        at: dt.datetime,
    ) -> DocumentVersion:
        row = self._row(name)
        number = 1 + int(
            self._session.scalar(
                select(func.max(TermsDocumentVersionRow.number)).where(
                    TermsDocumentVersionRow.document_id == row.id
                )
            )
            or 0
        )
        version = TermsDocumentVersionRow(
            document_id=row.id,
            number=number,
            label=label,
            assembled=_dumps(assembled.to_data()),
            variable_values=_dumps([list(pair) for pair in assembled.values]),
            author=author,
            created_at=at,
        )
        self._session.add(version)
        self._session.flush()
        return _version(version)

    def versions(self, name: str) -> list[DocumentVersion]:
        row = self._row(name)
        return [_version(v) for v in row.versions]

    def version(self, name: str, number: int) -> DocumentVersion:
        row = self._row(name)
        found = self._session.scalars(
            select(TermsDocumentVersionRow).where(
                TermsDocumentVersionRow.document_id == row.id,
                TermsDocumentVersionRow.number == number,
            )
        ).one_or_none()
        if found is None:
            raise NotFoundError(f"document {name!r} has no version {number}")
        return _version(found)

    # -- the clauses a document shows ---------------------------------------------------------

    def wordings(self, document: TermsDocument) -> dict[tuple[str, int | None], ClauseWording]:
        """The wording of each item: (key, None) the clause's current one, (key, n) version n."""
        keys = document.clause_keys()
        if not keys:
            return {}
        rows = {
            r.key: r
            for r in self._session.scalars(select(ClauseRow).where(ClauseRow.key.in_(keys)))
        }
        wordings: dict[tuple[str, int | None], ClauseWording] = {}
        for row in rows.values():
            wordings[(row.key, None)] = _wording(row, row.current_version, row.body)
        pins = {(i.clause, i.version) for _d, i in document.walk() if i.clause and i.version}
        for key, number in pins:
            pinned = rows.get(str(key))
            body = self._version_body(pinned.id, int(number)) if pinned is not None else None
            if pinned is not None and body is not None:
                wordings[(pinned.key, number)] = _wording(pinned, int(number), body)
        return wordings

    def _version_body(self, clause_id: int, number: int) -> str | None:
        return self._session.scalar(
            select(ClauseVersionRow.body).where(
                ClauseVersionRow.clause_id == clause_id, ClauseVersionRow.number == number
            )
        )

    def missing_clauses(self, document: TermsDocument) -> list[str]:
        """What the outline names that the library lacks: clause keys and pinned versions."""
        found = self.wordings(document)
        missing = []
        for _depth, item in document.walk():
            if item.clause and (item.clause, item.version) not in found:
                if (item.clause, None) in found:
                    missing.append(f"clause {item.clause!r} has no version {item.version}")
                else:
                    missing.append(f"clause {item.clause!r} is not in the library")
        return missing


def _wording(row: ClauseRow, number: int, body: str) -> ClauseWording:
    return ClauseWording(
        key=row.key,
        version=number,
        title=row.title,
        type=row.type,
        body=body,
        retired=row.status == "retired",
        draft=row.status == "draft",
    )
