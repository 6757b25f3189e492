"""ClauseLibrary: the use cases of the clause library (create, revise, retire, search, import)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from app.diffing.merge import merge_texts
from app.domain.audit import ClauseChange
from app.domain.clause import (
    TIER_ORDER,
    Clause,
    ClauseMetadata,
    ClauseRecord,
    ClauseSummary,
    ClauseVersion,
    SearchHit,
    Status,
    is_valid_key,
    normalize_tags,
    slugify,
)
from app.domain.errors import InvalidInputError
from app.files.clause_files import read_clause_folder, write_clause_folder
from app.services.document_folders import (
    DocumentImportReport,
    export_documents,
    import_documents,
)
from app.storage.clause_repository import ClauseRepository
from app.storage.database import Database, set_setting
from app.storage.document_repository import DocumentRepository

Clock = Callable[[], dt.datetime]

SHIPPED_LIBRARY_SETTING = "shipped_library_loaded"
SHIPPED_DOCUMENTS_SETTING = "shipped_documents_loaded"


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@dataclass(frozen=True)
class SaveConflict:
    """A save refused because someone saved first: their clause, who saved it and when, and
    the user's wording merged onto theirs (overlapping passages keep both wordings)."""

    theirs: Clause
    their_version: ClauseVersion  # their latest wording: author, date and reason
    their_changes: tuple[ClauseChange, ...]  # details changed since the user's version
    merged_body: str
    overlaps: int

    @property
    def author(self) -> str:
        """Who saved last: the latest change of details, or else the latest wording."""
        latest = self._latest_change()
        return latest.author if latest is not None else self.their_version.author

    @property
    def saved_at(self) -> dt.datetime:
        latest = self._latest_change()
        return latest.at if latest is not None else self.their_version.created_at

    def _latest_change(self) -> ClauseChange | None:
        newer = [c for c in self.their_changes if c.at >= self.their_version.created_at]
        return newer[-1] if newer else None


@dataclass
class ImportReport:
    """What a folder import did, clause by clause."""

    added: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    documents: DocumentImportReport = field(default_factory=DocumentImportReport)

    @property
    def changed(self) -> bool:
        documents = self.documents.added or self.documents.updated
        return bool(self.added or self.revised or self.updated or documents)


class ClauseLibrary:
    """The clause library's use cases over one database; each method is one transaction."""

    def __init__(self, database: Database, *, user: str = "unknown", clock: Clock = utc_now):
        self._db = database
        self.user = user
        self._clock = clock

    @property
    def database(self) -> Database:
        return self._db

    # -- reading -------------------------------------------------------------------------

    def get(self, key: str) -> Clause:
        return self._db.read_retrying(lambda session: ClauseRepository(session).get(key))

    def history(self, key: str) -> list[ClauseVersion]:
        return self._db.read_retrying(lambda session: ClauseRepository(session).history(key))

    def changes(self, key: str) -> list[ClauseChange]:
        """Who changed the clause's details (title, status, tier, tags...) and when."""
        return self._db.read_retrying(lambda session: ClauseRepository(session).changes(key))

    def list_clauses(
        self, *, category: str | None = None, include_retired: bool = False
    ) -> list[ClauseSummary]:
        return self._db.read_retrying(
            lambda session: ClauseRepository(session).summaries(
                category=category, include_retired=include_retired
            )
        )

    def categories(self, *, include_retired: bool = False) -> dict[str, int]:
        return self._db.read_retrying(
            lambda session: ClauseRepository(session).categories(include_retired)
        )

    def count(self) -> int:
        return self._db.read_retrying(lambda session: ClauseRepository(session).count())

    def positions(self, clause_type: str) -> list[ClauseSummary]:
        """The approved clauses of one type, preferred first, then fallback, then walk-away."""
        found = self._db.read_retrying(
            lambda session: ClauseRepository(session).summaries(clause_type=clause_type)
        )
        approved = [c for c in found if c.status is Status.APPROVED]
        return sorted(approved, key=lambda c: (TIER_ORDER.get(c.tier, 3) if c.tier else 3, c.key))

    def search(
        self, query: str, *, limit: int = 50, include_retired: bool = False
    ) -> list[SearchHit]:
        return self._db.read_retrying(
            lambda session: ClauseRepository(session).search(
                query, limit=limit, include_retired=include_retired
            )
        )

    # -- concurrent edits ----------------------------------------------------------------

    def explain_conflict(self, theirs: Clause, base: Clause | None, mine: str) -> SaveConflict:
        """What a refused save met: their clause, who saved it and when, and a proposed merge
        of the user's wording (edited from ``base``) onto theirs."""
        history = self.history(theirs.key)
        # Times are kept to the second: a change in the same second as the user's version is
        # shown too (better one line too many than the other person's change left out).
        since = base.updated_at if base is not None else None
        changes = tuple(c for c in self.changes(theirs.key) if since is None or c.at >= since)
        merged = merge_texts(base.body if base is not None else theirs.body, mine, theirs.body)
        return SaveConflict(theirs, history[-1], changes, merged.text, merged.overlaps)

    def stored_edit(
        self, key: str | None, meta: ClauseMetadata, body: str, *, lock: int | None
    ) -> Clause | None:
        """The clause if the library already holds exactly this edit, saved since ``lock``.

        After a dropped connection the commit may have reached the server before the drop: the
        retried save then meets its own result, which is a success, not a conflict.
        """
        body = body.replace("\r\n", "\n").strip("\n")
        if key is None:
            return self._created_by_me(meta, body)
        current = self.get(key)
        if current.lock_version == lock or current.body != body:
            return None
        return current if current.meta == self._checked_meta(meta) else None

    def _created_by_me(self, meta: ClauseMetadata, body: str) -> Clause | None:
        title = meta.title.strip()
        for summary in self.list_clauses(include_retired=True):
            if summary.title != title or summary.version != 1:
                continue
            clause = self.get(summary.key)
            first = self.history(summary.key)[0]
            if clause.body == body and first.author == self.user:
                return clause
        return None

    # -- writing -------------------------------------------------------------------------

    def create(
        self, meta: ClauseMetadata, body: str, *, key: str | None = None, reason: str = "Created"
    ) -> Clause:
        """Add a clause with its first version; the key is derived from the title if not given."""
        meta = self._checked_meta(meta)
        body = _checked_body(body)
        with self._db.write() as session:
            repo = ClauseRepository(session)
            key = key or self._free_key(repo, slugify(meta.title))
            if not is_valid_key(key):
                raise InvalidInputError(f"key {key!r} must be kebab-case (a-z, 0-9, hyphens)")
            if repo.exists(key):
                raise InvalidInputError(f"a clause with key {key!r} already exists")
            first = ClauseVersion(1, body, self.user, _checked_reason(reason), self._clock())
            return repo.add(ClauseRecord(key, meta, (first,)))

    def duplicate(self, key: str, *, title: str | None = None) -> Clause:
        """A new draft copied from a clause (e.g. to write its fallback tier)."""
        source = self.get(key)
        meta = replace(source.meta, title=title or f"{source.title} (copy)", status=Status.DRAFT)
        return self.create(meta, source.body, reason=f"Duplicated from {key}")

    def revise(
        self,
        key: str,
        body: str,
        reason: str,
        *,
        expected_lock: int | None = None,
        meta: ClauseMetadata | None = None,
    ) -> Clause:
        """Save a new wording as a new version; the reason for the change is required.

        ``expected_lock`` is the clause's lock_version when the user started editing: if someone
        saved since, ConflictError is raised and nothing is written.
        """
        body = _checked_body(body)
        reason = _checked_reason(reason)
        with self._db.write() as session:
            repo = ClauseRepository(session)
            current = repo.get(key)
            if meta is not None:
                meta = self._checked_meta(meta)
            if body == current.body:
                if meta is None or meta == current.meta:
                    raise InvalidInputError("nothing changed: the wording is the same")
                return repo.update_meta(
                    key, meta, at=self._clock(), expected_lock=expected_lock, author=self.user
                )
            return repo.add_version(
                key,
                body,
                author=self.user,
                reason=reason,
                at=self._clock(),
                expected_lock=expected_lock,
                meta=meta,
            )

    def update_metadata(
        self, key: str, meta: ClauseMetadata, *, expected_lock: int | None = None
    ) -> Clause:
        """Change title, tags, tier and the rest without creating a new wording."""
        meta = self._checked_meta(meta)
        with self._db.write() as session:
            return ClauseRepository(session).update_meta(
                key, meta, at=self._clock(), expected_lock=expected_lock, author=self.user
            )

    def set_status(self, key: str, status: Status, *, expected_lock: int | None = None) -> Clause:
        with self._db.write() as session:
            repo = ClauseRepository(session)
            meta = replace(repo.get(key).meta, status=status)
            return repo.update_meta(
                key, meta, at=self._clock(), expected_lock=expected_lock, author=self.user
            )

    def retire(self, key: str, *, expected_lock: int | None = None) -> Clause:
        """Take a clause out of use; it stays in the library and its history is kept."""
        return self.set_status(key, Status.RETIRED, expected_lock=expected_lock)

    def restore(self, key: str, *, expected_lock: int | None = None) -> Clause:
        """Bring a retired clause back, as a draft to be approved again."""
        return self.set_status(key, Status.DRAFT, expected_lock=expected_lock)

    def tag(self, key: str, tags: list[str], *, expected_lock: int | None = None) -> Clause:
        with self._db.write() as session:
            repo = ClauseRepository(session)
            current = repo.get(key).meta
            meta = replace(current, tags=normalize_tags([*current.tags, *tags]))
            return repo.update_meta(
                key, meta, at=self._clock(), expected_lock=expected_lock, author=self.user
            )

    def restore_version(self, key: str, number: int, *, expected_lock: int | None = None) -> Clause:
        """Make an old wording current again, as a new version (history is never rewritten)."""
        old = next((v for v in self.history(key) if v.number == number), None)
        if old is None:
            raise InvalidInputError(f"clause {key!r} has no version {number}")
        return self.revise(key, old.body, f"Restored version {number}", expected_lock=expected_lock)

    # -- folders -------------------------------------------------------------------------

    def import_folder(self, folder: Path) -> ImportReport:
        """Import clause files, then documents/*.yaml, all or nothing; idempotent; never deletes
        absent clauses."""
        records = read_clause_folder(folder)
        with self._db.write() as session:
            report = _import_records(ClauseRepository(session), records)
            report.documents = import_documents(
                DocumentRepository(session), folder, _files_moment(records)
            )
            return report

    def export_folder(self, folder: Path) -> list[Path]:
        """Write every clause with its whole history, one file each, byte-stable (and every
        document under documents/)."""
        with self._db.read() as session:
            records = ClauseRepository(session).all_records()
        try:
            written = write_clause_folder(folder, records)
            with self._db.read() as session:
                export_documents(DocumentRepository(session), folder)
            return written
        except OSError as exc:
            raise InvalidInputError(f"cannot write to {folder}: {exc.strerror}") from exc

    def load_shipped_library(self, folder: Path) -> ImportReport | None:
        """Load the shipped standard library once per database (in the same transaction)."""
        if self._db.get_setting(SHIPPED_LIBRARY_SETTING):
            self._load_shipped_documents(folder)
            return None
        records = read_clause_folder(folder)
        with self._db.write() as session:
            report = _import_records(ClauseRepository(session), records)
            report.documents = import_documents(
                DocumentRepository(session), folder, _files_moment(records)
            )
            set_setting(session, SHIPPED_LIBRARY_SETTING, "1")
            set_setting(session, SHIPPED_DOCUMENTS_SETTING, "1")
        return report

    def _load_shipped_documents(self, folder: Path) -> None:
        """A library loaded before documents existed gets the shipped documents once; those
        naming clauses it no longer has are left out rather than failing the start."""
        if self._db.get_setting(SHIPPED_DOCUMENTS_SETTING):
            return
        moment = _files_moment(read_clause_folder(folder))
        with self._db.write() as session:
            import_documents(DocumentRepository(session), folder, moment, skip_incomplete=True)
            set_setting(session, SHIPPED_DOCUMENTS_SETTING, "1")

    # -- helpers -------------------------------------------------------------------------

    @staticmethod
    def _free_key(repo: ClauseRepository, base: str) -> str:
        key, n = base, 2
        while repo.exists(key):
            key = f"{base}-{n}"
            n += 1
        return key

    @staticmethod
    def _checked_meta(meta: ClauseMetadata) -> ClauseMetadata:
        if not meta.title.strip():
            raise InvalidInputError("a clause needs a title")
        if not meta.type.strip():
            raise InvalidInputError("a clause needs a type (e.g. limitation-of-liability)")
        try:
            tags = normalize_tags(list(meta.tags))
        except ValueError as exc:
            raise InvalidInputError(str(exc)) from None
        return replace(meta, title=meta.title.strip(), type=meta.type.strip(), tags=tags)


def _files_moment(records: list[ClauseRecord]) -> dt.datetime:
    """A time taken from the files (their latest version's date), not the clock, so importing
    the same folder twice gives identical databases."""
    dates = [r.history[-1].created_at for r in records if r.history]
    return max(dates, default=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))


def _checked_body(body: str) -> str:
    body = body.replace("\r\n", "\n").strip("\n")
    if not body.strip():
        raise InvalidInputError("the clause wording is empty")
    return body


def _checked_reason(reason: str) -> str:
    if not reason or not reason.strip():
        raise InvalidInputError("say why the clause changed (the reason is kept in its history)")
    return reason.strip()


def _import_records(repo: ClauseRepository, records: list[ClauseRecord]) -> ImportReport:
    report = ImportReport()
    for record in records:
        if not repo.exists(record.key):
            repo.add(record)
            report.added.append(record.key)
            continue
        existing = repo.record(record.key)
        revised = False
        if existing.body != record.body:
            for version in _versions_to_append(existing, record):
                repo.add_version(
                    record.key,
                    version.body,
                    author=version.author,
                    reason=version.reason,
                    at=version.created_at,
                )
            revised = True
        if existing.meta != record.meta:
            latest = record.history[-1].created_at
            repo.update_meta(record.key, record.meta, at=latest)
            if not revised:
                report.updated.append(record.key)
        if revised:
            report.revised.append(record.key)
        elif existing.meta == record.meta:
            report.unchanged.append(record.key)
    return report


def _versions_to_append(existing: ClauseRecord, incoming: ClauseRecord) -> list[ClauseVersion]:
    """The file's versions the database lacks: those past a shared history, else the latest."""
    have = existing.history
    if len(incoming.history) > len(have) and all(
        a.body == b.body for a, b in zip(have, incoming.history, strict=False)
    ):
        return list(incoming.history[len(have) :])
    return [incoming.history[-1]]
