"""Connecting to a team library: test the server, keep the password safely, build the URL."""

from __future__ import annotations

from app.storage.credentials import (
    ServerAddress,
    address_of,
    keyring_available,
    remember_for_session,
    store_in_keyring,
)
from app.storage.migrate import head_revision
from app.storage.team_server import check_server

__all__ = ["ServerAddress", "address_of", "describe_server", "keep_password", "keyring_available"]


def describe_server(address: ServerAddress, password: str | None) -> str:
    """Test a connection and say in one line what was found (raises StorageError if it fails)."""
    found = check_server(address, password)
    version = found.server_version.split()[0]
    if found.schema_revision is None:
        return f"Connected to PostgreSQL {version}: an empty database, the library will be created"
    if found.schema_revision == head_revision():
        return f"Connected to PostgreSQL {version}: a Clausewright library"
    return (
        f"Connected to PostgreSQL {version}: a Clausewright library "
        f"(schema {found.schema_revision}, this version uses {head_revision()})"
    )


def keep_password(address: ServerAddress, password: str, *, in_keyring: bool) -> bool:
    """Keep the password for this session, and in the system keyring if asked and available.

    Returns whether the keyring now holds it. The password is never written anywhere else.
    """
    remember_for_session(address, password)
    return in_keyring and store_in_keyring(address, password)
