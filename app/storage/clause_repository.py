"""Clause repository: reads and writes clauses in a session and returns domain objects."""

from __future__ import annotations

import datetime as dt
import functools

from sqlalchemy import String, func, select, text, type_coerce
from sqlalchemy.orm import Session, selectinload

from app.domain.audit import ClauseChange, describe_changes
from app.domain.clause import (
    Clause,
    ClauseMetadata,
    ClauseRecord,
    ClauseSummary,
    ClauseVersion,
    Risk,
    SearchHit,
    Status,
    Tier,
)
from app.domain.errors import ConflictError, NotFoundError
from app.domain.search import SearchTerm, make_snippet, parse_query
from app.storage.rows import ClauseChangeRow, ClauseRow, ClauseVersionRow

RANK_CANDIDATES = 500

_FTS_MATCHES = text("SELECT rowid FROM clause_fts WHERE clause_fts MATCH :query LIMIT :cap")
_TITLE_MATCHES = text(
    "SELECT rowid FROM clause_title_fts WHERE clause_title_fts MATCH :query LIMIT :cap"
)
_FTS_RANKED = text(
    "SELECT rowid, bm25(clause_fts, 8.0, 1.0, 4.0, 4.0, 4.0) FROM clause_fts "
    "WHERE clause_fts MATCH :query LIMIT :cap"
)
# The PostgreSQL text search configuration made by migration 0001 (English, no stop words).
SEARCH_CONFIG = "clausewright_english"
_PG_QUERY = f"to_tsquery('{SEARCH_CONFIG}', :query)"
# No ORDER BY: with it PostgreSQL must read (and for phrases recheck) every match first.
_PG_MATCHES = text(f"SELECT id FROM clause WHERE search_vector @@ {_PG_QUERY} LIMIT :cap")
_PG_TITLE_MATCHES = text(f"SELECT id FROM clause WHERE title_vector @@ {_PG_QUERY} LIMIT :cap")
_PG_RANKED = text(
    f"SELECT id, ts_rank(search_vector, {_PG_QUERY}) FROM clause "
    f"WHERE search_vector @@ {_PG_QUERY} LIMIT :cap"
)


def _utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is dt.UTC:  # the usual case; astimezone costs ~0.4 s on 100k clauses
        return value
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


_TIERS = {t.value: t for t in Tier}
_RISKS = {r.value: r for r in Risk}
_STATUSES = {s.value: s for s in Status}


def _parse_time(value: str | dt.datetime) -> dt.datetime:
    if isinstance(value, str):
        return _parse_text_time(value)
    return _utc(value)


@functools.lru_cache(maxsize=8192)
def _parse_text_time(value: str) -> dt.datetime:
    """SQLite keeps UTC moments as text; clauses imported together share them, hence the cache."""
    if value[-6:-5] not in ("+", "-") and not value.endswith("Z"):
        value += "+00:00"
    return _utc(dt.datetime.fromisoformat(value))


def _split_tags(tags: str) -> tuple[str, ...]:
    return tuple(t for t in tags.split(",") if t)


def _meta(row: ClauseRow) -> ClauseMetadata:
    return ClauseMetadata(
        title=row.title,
        type=row.type,
        category=row.category,
        tier=Tier(row.tier) if row.tier else None,
        tags=_split_tags(row.tags),
        risk=Risk(row.risk),
        jurisdiction=row.jurisdiction,
        status=Status(row.status),
        owner=row.owner,
        notes=row.notes,
    )


def _clause(row: ClauseRow) -> Clause:
    return Clause(
        key=row.key,
        meta=_meta(row),
        body=row.body,
        version=row.current_version,
        updated_at=_utc(row.updated_at),
        lock_version=row.lock_version,
    )


def _version(row: ClauseVersionRow) -> ClauseVersion:
    return ClauseVersion(
        number=row.number,
        body=row.body,
        author=row.author,
        reason=row.reason,
        created_at=_utc(row.created_at),
    )


def _apply_meta(row: ClauseRow, meta: ClauseMetadata) -> None:
    row.title = meta.title
    row.type = meta.type
    row.category = meta.category
    row.tier = meta.tier.value if meta.tier else None
    row.tags = ",".join(meta.tags)
    row.risk = meta.risk.value
    row.jurisdiction = meta.jurisdiction
    row.status = meta.status.value
    row.owner = meta.owner
    row.notes = meta.notes


def fts5_query(terms: list[SearchTerm]) -> str:
    """Render terms for FTS5: phrases quoted, longer words also match as prefixes."""
    parts = []
    for term in terms:
        quoted = '"' + " ".join(term.words) + '"'
        if not term.phrase and len(term.words[0]) >= 4:
            quoted += "*"
        parts.append(quoted)
    return " AND ".join(parts)


def postgres_query(terms: list[SearchTerm]) -> str:
    """Render terms for PostgreSQL's to_tsquery: phrases with <->, words as prefixes."""
    parts = []
    for term in terms:
        if term.phrase:
            parts.append("(" + " <-> ".join(term.words) + ")")
        else:
            parts.append(term.words[0] + (":*" if len(term.words[0]) >= 4 else ""))
    return " & ".join(parts)


class ClauseRepository:
    """Clauses in one session; never commits (the service owns the transaction)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def _row(self, key: str, *, for_update: bool = False) -> ClauseRow:
        query = select(ClauseRow).where(ClauseRow.key == key)
        if for_update:
            # Lock the row before checking its lock counter (PostgreSQL; SQLite's writer already
            # holds the database lock): a concurrent save waits here, then reads the committed
            # row and is refused with the other person's text instead of failing at flush.
            query = query.with_for_update().execution_options(populate_existing=True)
        row = self._session.scalars(query).one_or_none()
        if row is None:
            raise NotFoundError(f"no clause with key {key!r}")
        return row

    def exists(self, key: str) -> bool:
        found = self._session.scalar(select(ClauseRow.id).where(ClauseRow.key == key))
        return found is not None

    def get(self, key: str) -> Clause:
        return _clause(self._row(key))

    def history(self, key: str) -> list[ClauseVersion]:
        return [_version(v) for v in self._row(key).versions]

    def record(self, key: str) -> ClauseRecord:
        row = self._row(key)
        return ClauseRecord(row.key, _meta(row), tuple(_version(v) for v in row.versions))

    def all_records(self) -> list[ClauseRecord]:
        rows = self._session.scalars(
            select(ClauseRow).options(selectinload(ClauseRow.versions)).order_by(ClauseRow.key)
        )
        return [ClauseRecord(r.key, _meta(r), tuple(_version(v) for v in r.versions)) for r in rows]

    def summaries(
        self,
        *,
        category: str | None = None,
        clause_type: str | None = None,
        include_retired: bool = False,
        limit: int | None = None,
    ) -> list[ClauseSummary]:
        table = ClauseRow.__table__.c
        query = select(
            table.key,
            table.title,
            table.type,
            table.category,
            table.tier,
            table.risk,
            table.status,
            table.current_version,
            # Raw text on SQLite: fromisoformat is much faster than the dialect's parser.
            type_coerce(table.updated_at, String),
        ).order_by(table.title, table.key)
        if category is not None:
            query = query.where(table.category == category)
        if clause_type is not None:
            query = query.where(table.type == clause_type)
        if not include_retired:
            query = query.where(table.status != Status.RETIRED.value)
        if limit is not None:
            query = query.limit(limit)
        # Core rows, not ORM entities: listing 100k clauses must stay fast.
        rows = self._session.connection().execute(query).all()  # one fetchall, not 100k fetchone
        return [
            ClauseSummary(
                key=r[0],
                title=r[1],
                type=r[2],
                category=r[3],
                tier=_TIERS[r[4]] if r[4] else None,
                risk=_RISKS[r[5]],
                status=_STATUSES[r[6]],
                version=r[7],
                updated_at=_parse_time(r[8]),
            )
            for r in rows
        ]

    def categories(self, include_retired: bool = False) -> dict[str, int]:
        """Clause counts per category ('' for clauses without one)."""
        query = select(ClauseRow.category, func.count()).group_by(ClauseRow.category)
        if not include_retired:
            query = query.where(ClauseRow.status != Status.RETIRED.value)
        return {(c or ""): n for c, n in self._session.execute(query)}

    def count(self) -> int:
        return int(self._session.scalar(select(func.count()).select_from(ClauseRow)) or 0)

    def add(self, record: ClauseRecord) -> Clause:
        latest = record.history[-1]
        row = ClauseRow(
            key=record.key,
            body=latest.body,
            current_version=latest.number,
            updated_at=latest.created_at,
        )
        _apply_meta(row, record.meta)
        row.versions = [
            ClauseVersionRow(
                number=v.number,
                body=v.body,
                author=v.author,
                reason=v.reason,
                created_at=v.created_at,
            )
            for v in record.history
        ]
        self._session.add(row)
        self._session.flush()
        return _clause(row)

    def _check_lock(self, row: ClauseRow, expected_lock: int | None) -> None:
        if expected_lock is not None and row.lock_version != expected_lock:
            raise ConflictError(
                f"clause {row.key!r} was changed by someone else since you opened it "
                f"(now version {row.current_version})",
                theirs=_clause(row),
            )

    def add_version(
        self,
        key: str,
        body: str,
        *,
        author: str,
        reason: str,
        at: dt.datetime,
        expected_lock: int | None = None,
        meta: ClauseMetadata | None = None,
    ) -> Clause:
        row = self._row(key, for_update=True)
        self._check_lock(row, expected_lock)
        number = row.current_version + 1
        row.versions.append(
            ClauseVersionRow(number=number, body=body, author=author, reason=reason, created_at=at)
        )
        row.body = body
        row.current_version = number
        row.updated_at = at
        if meta is not None and meta != _meta(row):
            self._record_change(row, _meta(row), meta, author=author, at=at)
            _apply_meta(row, meta)
        self._session.flush()
        return _clause(row)

    def update_meta(
        self,
        key: str,
        meta: ClauseMetadata,
        *,
        at: dt.datetime,
        expected_lock: int | None = None,
        author: str | None = None,
    ) -> Clause:
        """Change a clause's details; with an ``author`` the change joins its audit trail."""
        row = self._row(key, for_update=True)
        self._check_lock(row, expected_lock)
        before = _meta(row)
        if before == meta:
            return _clause(row)
        _apply_meta(row, meta)
        row.updated_at = at
        if author is not None:
            self._record_change(row, before, meta, author=author, at=at)
        self._session.flush()
        return _clause(row)

    def _record_change(
        self,
        row: ClauseRow,
        before: ClauseMetadata,
        after: ClauseMetadata,
        *,
        author: str,
        at: dt.datetime,
    ) -> None:
        summary = describe_changes(before, after)
        self._session.add(ClauseChangeRow(clause_id=row.id, at=at, author=author, summary=summary))

    def changes(self, key: str) -> list[ClauseChange]:
        """The audit trail of a clause's details, oldest first."""
        row = self._row(key)
        found = self._session.scalars(
            select(ClauseChangeRow)
            .where(ClauseChangeRow.clause_id == row.id)
            .order_by(ClauseChangeRow.at, ClauseChangeRow.id)
        )
        return [ClauseChange(_utc(c.at), c.author, c.summary) for c in found]

    def search(
        self, query: str, *, limit: int = 50, include_retired: bool = False
    ) -> list[SearchHit]:
        terms = parse_query(query)
        if not terms:
            return []
        if self._session.get_bind().dialect.name == "postgresql":
            return self._search_postgres(terms, limit, include_retired)
        return self._search_sqlite(terms, limit, include_retired)

    def _search_sqlite(
        self, terms: list[SearchTerm], limit: int, include_retired: bool
    ) -> list[SearchHit]:
        """Title matches first, then by bm25 relevance.

        bm25 needs each phrase's frequency over the whole index, which costs tens of
        milliseconds for a phrase of common words in a large library. So when a query matches
        more than RANK_CANDIDATES clauses, title matches come first and the rest follow in the
        order they were added (the established clauses first).
        """
        query = fts5_query(terms)
        cap = {"query": query, "cap": RANK_CANDIDATES + 1}
        matched = [r for (r,) in self._session.execute(_FTS_MATCHES, cap)]
        titled = {r for (r,) in self._session.execute(_TITLE_MATCHES, cap)}
        if len(matched) > RANK_CANDIDATES:
            order = sorted(titled) + [r for r in matched if r not in titled]
        else:
            scores = {r: score for r, score in self._session.execute(_FTS_RANKED, cap)}
            order = sorted(scores, key=lambda r: (r not in titled, scores[r], r))
        return self._hits_in_order(order, terms, limit, include_retired)

    def _hits_in_order(
        self, order: list[int], terms: list[SearchTerm], limit: int, include_retired: bool
    ) -> list[SearchHit]:
        """Load ranked clauses chunk by chunk, skipping retired ones, until ``limit`` hits."""
        table = ClauseRow.__table__.c
        columns = (table.id, table.key, table.title, table.category, table.type, table.status)
        hits: list[SearchHit] = []
        for chunk_start in range(0, len(order), 100):
            chunk = order[chunk_start : chunk_start + 100]
            rows = self._session.connection().execute(
                select(*columns, table.body).where(table.id.in_(chunk))
            )
            by_id = {r[0]: r for r in rows}
            for rowid in chunk:
                _id, key, title, category, clause_type, status, body = by_id[rowid]
                if status == Status.RETIRED.value and not include_retired:
                    continue
                snippet, spans = make_snippet(body, terms)
                hits.append(
                    SearchHit(key, title, category, clause_type, snippet, spans, _STATUSES[status])
                )
                if len(hits) == limit:
                    return hits
        return hits

    def _search_postgres(
        self, terms: list[SearchTerm], limit: int, include_retired: bool
    ) -> list[SearchHit]:
        """The same policy as on SQLite: title matches first, then by relevance (ts_rank);
        beyond RANK_CANDIDATES matches, title matches then the rest in the order added.
        Snippets are made from the body in Python, so they are the same on both backends."""
        params = {"query": postgres_query(terms), "cap": RANK_CANDIDATES + 1}
        # The planner prices a sequential scan as cheap for a common word, not counting that
        # each row's vector must be fetched and decompressed; the GIN index answers without.
        matched = [r for (r,) in self._session.execute(_PG_MATCHES, params)]
        titled = {r for (r,) in self._session.execute(_PG_TITLE_MATCHES, params)}
        if len(matched) > RANK_CANDIDATES:
            order = sorted(titled) + sorted(r for r in matched if r not in titled)
        else:
            scores = {r: score for r, score in self._session.execute(_PG_RANKED, params)}
            order = sorted(scores, key=lambda r: (r not in titled, -scores[r], r))
        return self._hits_in_order(order, terms, limit, include_retired)
