"""Engine setup: SQLite pragmas and BEGIN IMMEDIATE for writers; PostgreSQL by URL."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

from app.domain.errors import StorageError

BUSY_TIMEOUT_MS = 15_000
# Seconds a PostgreSQL connection attempt may take before it is given up: a server that stops
# answering would otherwise hold each attempt for the operating system's TCP timeout (minutes).
# A ``connect_timeout`` in the URL's query wins (libpq counts anything under 2 as 2).
CONNECT_TIMEOUT_S = 10


def sqlite_has_fts5() -> bool:
    """Whether this Python's SQLite was built with FTS5 (full-text search needs it)."""
    try:
        with sqlite3.connect(":memory:") as probe:
            probe.execute("CREATE VIRTUAL TABLE probe USING fts5(x)")
    except sqlite3.OperationalError:
        return False
    return True


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory ones."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _on_sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy emit BEGIN itself (the pysqlite driver otherwise defers it and breaks
    # both transactional DDL and BEGIN IMMEDIATE).
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _on_sqlite_begin(conn: Any) -> None:
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def _password_supplier(url: str) -> Any:
    """A connect hook that adds the session's or the keyring's password (else libpq's .pgpass)."""
    from app.storage import credentials

    address = credentials.address_of(url)

    def supply(_dialect: Any, _record: Any, _cargs: Any, cparams: dict[str, Any]) -> None:
        if "password" not in cparams:
            password = credentials.password_for(address)
            if password is not None:
                cparams["password"] = password

    return supply


def make_engine(url: str, *, connect_timeout: int = CONNECT_TIMEOUT_S) -> Engine:
    """An engine for a SQLite file or a PostgreSQL server, with the settings each needs."""
    try:
        parsed = make_url(url)
    except Exception as exc:
        raise StorageError(f"not a database URL: {url!r}") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        path = sqlite_path(url)
        if path is not None:
            _check_sqlite_location(path)
        if not sqlite_has_fts5():
            raise StorageError(
                "this Python's SQLite has no FTS5 full-text search; use a Python build with FTS5"
            )
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    if backend == "postgresql":
        try:
            engine = create_engine(
                url, pool_pre_ping=True, connect_args=_postgres_arguments(parsed, connect_timeout)
            )
        except ImportError as exc:
            raise StorageError(
                "PostgreSQL needs the psycopg driver: pip install 'clausewright[postgres]'"
            ) from exc
        if parsed.password is None:
            event.listen(engine, "do_connect", _password_supplier(url))
        return engine
    raise StorageError(f"unsupported database {backend!r}: use sqlite:/// or postgresql+psycopg://")


def _postgres_arguments(parsed: URL, connect_timeout: int) -> dict[str, Any]:
    # Sessions in UTC: times come back as the library stores them, whatever the server's own
    # time zone.
    arguments: dict[str, Any] = {"options": "-c timezone=UTC"}
    if "connect_timeout" not in parsed.query:  # the URL's own setting is passed on as given
        arguments["connect_timeout"] = connect_timeout
    return arguments


def _check_sqlite_location(path: Path) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    if path.exists():
        if path.is_dir():
            raise StorageError(f"cannot open database {path}: it is a folder")
        return
    if folder.is_file():
        raise StorageError(f"cannot create database {path}: {folder} is not a folder")
    if not folder.exists():
        raise StorageError(f"cannot create database {path}: the folder {folder} does not exist")
    import os

    if not os.access(folder, os.W_OK):
        raise StorageError(f"cannot create database {path}: the folder {folder} is not writable")


def writer(engine: Engine) -> Engine:
    """The same engine, but its transactions take the write lock at BEGIN (SQLite)."""
    if engine.dialect.name == "sqlite":
        return engine.execution_options(sqlite_begin="IMMEDIATE")
    return engine
