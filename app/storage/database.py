"""The library database: engine, schema upgrade, and read/write units of work."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from app.domain.errors import ClausewrightError, ConflictError, ConnectionLostError, StorageError
from app.storage import migrate
from app.storage.engine import make_engine, sqlite_path, writer
from app.storage.rows import SettingRow

T = TypeVar("T")

# SQLSTATEs of a lost server connection: class 08 (connection exception) and the server
# shutting down or restarting (57P01-57P03).
_CONNECTION_STATES = ("57P01", "57P02", "57P03")


class Database:
    """One library database. Sessions are short: one per user action, never shared by threads."""

    def __init__(self, url: str, engine: Engine) -> None:
        self.url = url
        self.engine = engine
        self._reader = sessionmaker(engine, expire_on_commit=False)
        self._writer = sessionmaker(writer(engine), expire_on_commit=False)
        self.backup_path: Path | None = None

    @classmethod
    def open(cls, url: str) -> Database:
        """Open (creating if needed) and upgrade the schema; refuse newer schemas."""
        engine = make_engine(url)
        try:
            backup = migrate.upgrade(engine, url)
        except ClausewrightError:
            engine.dispose()
            raise
        except (OperationalError, DBAPIError) as exc:
            engine.dispose()
            raise StorageError(
                f"cannot open the library database: {_reason(exc)}{_login_hint(exc)}"
            ) from exc
        database = cls(url, engine)
        database.backup_path = backup
        return database

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def describe(self) -> str:
        """Where the library lives, for the status bar (never shows a password)."""
        path = sqlite_path(self.url)
        if path is not None:
            return str(path)
        return make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work (an ordinary deferred transaction, rolled back at the end)."""
        with self._reader() as session:
            try:
                yield session
            except (OperationalError, DBAPIError) as exc:
                if self._connection_lost(exc):
                    raise ConnectionLostError(
                        f"the connection to the library server {self.describe()} was lost "
                        f"while reading: {_reason(exc)}"
                    ) from exc
                raise StorageError(f"reading the library failed: {_reason(exc)}") from exc
            finally:
                session.rollback()

    def read_retrying(self, work: Callable[[Session], T]) -> T:
        """Run a read unit of work, once more on a fresh connection if the first one dropped.

        Only for reads: they change nothing, so running them twice is harmless.
        """
        try:
            with self.read() as session:
                return work(session)
        except ConnectionLostError:
            with self.read() as session:
                return work(session)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write unit of work: takes the write lock at BEGIN, commits at the end or rolls back."""
        self._check_file_present()
        with self._writer() as session:
            try:
                with session.begin():
                    yield session
            except StaleDataError as exc:
                raise ConflictError(
                    "someone else saved this item at the same moment; nothing was overwritten"
                ) from exc
            except (OperationalError, DBAPIError) as exc:
                if self._connection_lost(exc):
                    # The server rolls back a transaction whose connection dropped: nothing of
                    # it was written, and the caller still holds the user's edit.
                    raise ConnectionLostError(
                        f"the connection to the library server {self.describe()} was lost "
                        "while saving; nothing was half-written and your edit is kept: save again "
                        f"once the server is reachable ({_reason(exc)})"
                    ) from exc
                raise StorageError(f"saving to the library failed: {_reason(exc)}") from exc

    def _check_file_present(self) -> None:
        """SQLite would write into a deleted file's open inode, to be lost on close: refuse."""
        path = sqlite_path(self.url)
        if path is not None and not str(path).startswith("file:") and not path.exists():
            raise StorageError(
                f"the library database {path} was moved or deleted while the application had "
                "it open; nothing was saved: put it back, or open it where it is now"
            )

    def _connection_lost(self, exc: DBAPIError) -> bool:
        if self.is_sqlite:
            return False
        if exc.connection_invalidated:
            return True
        state = getattr(exc.orig, "sqlstate", None)
        if not isinstance(exc, OperationalError):
            return False
        return state is None or state.startswith("08") or state in _CONNECTION_STATES

    def get_setting(self, name: str) -> str | None:
        with self.read() as session:
            return session.scalar(select(SettingRow.value).where(SettingRow.name == name))

    def dispose(self) -> None:
        self.engine.dispose()


def set_setting(session: Session, name: str, value: str) -> None:
    row = session.get(SettingRow, name)
    if row is None:
        session.add(SettingRow(name=name, value=value))
    else:
        row.value = value


def _login_hint(exc: DBAPIError) -> str:
    """What to do when a team server wants a password this session does not have."""
    if "password" not in _reason(exc):
        return ""
    return (
        " (connect once with File > Connect to Team Library and tick 'remember in the system "
        "keyring', or put the password in ~/.pgpass)"
    )


def _reason(exc: DBAPIError) -> str:
    original = getattr(exc, "orig", None)
    text = str(original) if original is not None else str(exc)
    # libpq puts its hint on a second, tab-indented line: keep the message to one line.
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    ended = [line if line.endswith((".", ":", "?", "!")) else f"{line}." for line in lines[:-1]]
    return " ".join([*ended, *lines[-1:]])
