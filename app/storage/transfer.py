"""Copying a whole library between two databases (SQLite and PostgreSQL), all or nothing.

Every table of the schema is copied row for row, primary keys included, in one transaction on
the target: clauses with all their versions, tiers and metadata, library settings, terms
documents with their versions, and whatever tables later migrations add to ``rows.py``. Search
indexes are not copied: each backend rebuilds its own (FTS5 triggers, PostgreSQL's generated
column). Copying into a library that already holds exactly the same rows changes nothing, so a
repeated copy is harmless; copying into a library with other content is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Integer, Table, func, insert, select, text
from sqlalchemy.orm import Session

from app.domain.errors import InvalidInputError, StorageError
from app.storage.database import Database
from app.storage.rows import Base

BATCH = 2000

Row = tuple[Any, ...]


@dataclass(frozen=True)
class TransferReport:
    """Rows per table in the target after the copy; ``already_there`` when nothing was written."""

    rows: dict[str, int] = field(default_factory=dict)
    already_there: bool = False


def library_tables() -> list[Table]:
    """The schema's tables, parents before children (the order inserts must follow)."""
    return list(Base.metadata.sorted_tables)


def _normalized(value: Any) -> Any:
    # SQLite keeps naive UTC wall times, PostgreSQL returns aware times in the session's zone:
    # compare and write both as aware UTC so no backend shifts a timestamp.
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)
    return value


def _rows(session: Session, table: Table) -> list[Row]:
    order = list(table.primary_key.columns)
    result = session.execute(select(table).order_by(*order))
    return [tuple(_normalized(v) for v in row) for row in result]


def _batches(rows: Sequence[Row], size: int) -> Iterator[Sequence[Row]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def copy_library(source: Database, target: Database) -> TransferReport:
    """Copy every row of ``source`` into ``target`` in one transaction on the target."""
    tables = library_tables()
    with source.read() as session:
        content = {table.name: _rows(session, table) for table in tables}
    with target.write() as session:
        present = {table.name: _rows(session, table) for table in tables}
        if present == content:
            return TransferReport({n: len(r) for n, r in content.items()}, already_there=True)
        occupied = [name for name, rows in present.items() if rows]
        if occupied:
            raise InvalidInputError(
                f"the target library {target.describe()} already holds other content "
                f"({', '.join(occupied)}); copy into an empty database"
            )
        for table in tables:
            _insert(session, table, content[table.name])
        if target.engine.dialect.name == "postgresql":
            _advance_sequences(session, tables)
        copied = _counts(session, tables)
    expected = {name: len(rows) for name, rows in content.items()}
    if copied != expected:  # pragma: no cover - the transaction above guarantees this
        raise StorageError(f"the copy is incomplete: {copied} rows instead of {expected}")
    return TransferReport(copied)


def _insert(session: Session, table: Table, rows: list[Row]) -> None:
    names = [column.name for column in table.columns]
    for batch in _batches(rows, BATCH):
        session.execute(insert(table), [dict(zip(names, row, strict=True)) for row in batch])


def _advance_sequences(session: Session, tables: list[Table]) -> None:
    """After inserting explicit ids, make PostgreSQL's serial counters continue past them."""
    for table in tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, Integer):
            continue
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{keys[0].name}'), "
                f"coalesce((SELECT max({keys[0].name}) FROM {table.name}), 0) + 1, false)"
            )
        )


def _counts(session: Session, tables: list[Table]) -> dict[str, int]:
    return {
        table.name: int(session.scalar(select(func.count()).select_from(table)) or 0)
        for table in tables
    }
