"""Schema upgrades at start-up: refuse newer schemas, back up, then migrate one step at a time."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from app.domain.errors import NewerSchemaError, StorageError
from app.storage.engine import sqlite_path, writer

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def backup_sqlite(path: Path, revision: str) -> Path:
    """Copy a live SQLite database with the online backup API (never a plain file copy)."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.before-{revision}-{stamp}.bak")
    source = sqlite3.connect(path)
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    return target


def upgrade(engine: Engine, url: str) -> Path | None:
    """Bring the schema to the head revision; return the backup taken, if any.

    A database stamped with a revision this application does not know was written by a newer
    version: it is refused and left untouched.
    """
    script = ScriptDirectory.from_config(_config())
    head = head_revision()
    current = current_revision(engine)
    if current == head:
        return None
    if current is not None:
        try:
            script.get_revision(current)
        except Exception:
            raise NewerSchemaError(
                f"this library was created by a newer version of Clausewright (schema {current}); "
                "update the application to open it"
            ) from None
    backup = None
    path = sqlite_path(url)
    if current is not None and path is not None:
        backup = backup_sqlite(path, current)
    config = _config()
    try:
        with writer(engine).connect() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    except NewerSchemaError:
        raise
    except Exception as exc:
        raise StorageError(f"could not upgrade the library schema: {exc}") from exc
    return backup
