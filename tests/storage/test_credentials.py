"""Passwords for a team server: from this session, the keyring or .pgpass; never in URLs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from app.domain.errors import StorageError
from app.storage import credentials
from app.storage.credentials import ServerAddress, address_of, hidden, without_password
from app.storage.database import Database
from tests.memory_keyring import MemoryKeyring, install_memory_keyring
from tests.pg_server import postgres_server

PASSWORD = "correct horse battery"


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    yield from install_memory_keyring()


@pytest.fixture
def locked_url(pg_url: str) -> str:
    """The test database, reached as a role that must give a password."""
    role = postgres_server().password_role(PASSWORD)
    return make_url(pg_url).set(username=role).render_as_string(hide_password=False)


def _opens(url: str) -> bool:
    database = Database.open(url)
    database.dispose()
    return True


def test_urls_are_shown_and_kept_without_the_password() -> None:
    url = "postgresql+psycopg://alice:s3cret@db.example.com:6543/legal"
    assert "s3cret" not in hidden(url) and "***" in hidden(url)
    assert without_password(url) == "postgresql+psycopg://alice@db.example.com:6543/legal"
    assert address_of(url) == ServerAddress("db.example.com", 6543, "legal", "alice")
    assert address_of(url).account == "alice@db.example.com:6543/legal"
    assert address_of("postgresql+psycopg://bob@host/db").port == 5432


@pytest.mark.postgres
def test_without_any_password_the_server_refuses_with_a_clear_error(
    locked_url: str, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    with pytest.raises(StorageError, match="cannot open the library database") as refused:
        Database.open(locked_url)
    assert "~/.pgpass" in str(refused.value) and "keyring" in str(refused.value)


@pytest.mark.postgres
def test_a_password_kept_for_the_session_logs_in(
    locked_url: str, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    credentials.remember_for_session(address_of(locked_url), PASSWORD)
    assert _opens(locked_url)
    assert memory_keyring.saved == {}


@pytest.mark.postgres
def test_a_password_in_the_keyring_logs_in(
    locked_url: str, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    assert credentials.store_in_keyring(address_of(locked_url), PASSWORD)
    assert _opens(locked_url)


@pytest.mark.postgres
def test_the_users_pgpass_file_logs_in(
    locked_url: str, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    address = address_of(locked_url)
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"{address.host}:{address.port}:*:{address.user}:{PASSWORD}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    assert _opens(locked_url)


def test_no_keyring_means_no_stored_password(memory_keyring: MemoryKeyring) -> None:
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    address = ServerAddress("h", 5432, "d", "u")
    assert not credentials.keyring_available()
    assert credentials.store_in_keyring(address, "x") is False
    assert credentials.password_for(address) is None
