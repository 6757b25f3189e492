"""Opening, upgrading and refusing library databases (SQLite files)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.domain.errors import NewerSchemaError, StorageError
from app.storage import migrate
from app.storage.database import Database
from app.storage.engine import BUSY_TIMEOUT_MS


def test_new_database_gets_the_current_schema_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'lib.db'}"
    database = Database.open(url)
    try:
        with database.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS
        assert migrate.current_revision(database.engine) == migrate.head_revision()
        assert database.backup_path is None
    finally:
        database.dispose()
    raw = sqlite3.connect(tmp_path / "lib.db")
    tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    raw.close()
    assert {"clause", "clause_version", "clause_fts", "alembic_version"} <= tables


def test_a_newer_schema_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "lib.db"
    Database.open(f"sqlite:///{path}").dispose()
    raw = sqlite3.connect(path)
    raw.execute("UPDATE alembic_version SET version_num = 'f00d'")
    raw.commit()
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    before = path.read_bytes()
    with pytest.raises(NewerSchemaError, match="newer version of Clausewright"):
        Database.open(f"sqlite:///{path}")
    assert path.read_bytes() == before


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="does not exist"):
        Database.open(f"sqlite:///{tmp_path / 'nope' / 'lib.db'}")
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    with pytest.raises(StorageError, match="not a folder"):
        Database.open(f"sqlite:///{blocker / 'lib.db'}")


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"These are my notes, not a database." * 200)
    before = path.read_bytes()
    with pytest.raises(StorageError, match="cannot open the library database"):
        Database.open(f"sqlite:///{path}")
    assert path.read_bytes() == before


def test_unsupported_url_is_a_clear_error() -> None:
    with pytest.raises(StorageError, match="unsupported database"):
        Database.open("mysql://user@host/db")
    with pytest.raises(StorageError, match="not a database URL"):
        Database.open("::::")


def test_backup_copies_a_live_database(tmp_path: Path) -> None:
    path = tmp_path / "lib.db"
    database = Database.open(f"sqlite:///{path}")
    with database.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO library_setting(name, value) VALUES ('x', 'kept')")
    backup = migrate.backup_sqlite(path, "0001")
    database.dispose()
    raw = sqlite3.connect(backup)
    assert raw.execute("SELECT value FROM library_setting WHERE name='x'").fetchone() == ("kept",)
    raw.close()
