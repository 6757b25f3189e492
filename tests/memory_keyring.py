"""A keyring backend that lives in one test, so no test touches the user's real keyring."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
from keyring.backend import KeyringBackend

from app.storage import credentials


class MemoryKeyring(KeyringBackend):
    """Passwords in a dict; ``saved`` maps (service, account) to the password."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.saved.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.saved[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.saved.pop((service, username), None)


def install_memory_keyring() -> Iterator[MemoryKeyring]:
    """Install a fresh in-memory keyring, then put the previous one back and forget session
    passwords (a test module's fixture yields from this)."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)
    credentials._session_passwords.clear()
