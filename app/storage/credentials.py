"""Passwords of team library servers: the system keyring, or memory for this session only.

A password is never written to settings, logs or URLs that are shown: the URL the application
keeps names user, host, port and database, and the password is looked up when a connection is
made — in this session's memory, then in the system keyring (python ``keyring``), and failing
both libpq reads ``PGPASSWORD`` or the user's ``~/.pgpass`` by itself.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from dataclasses import dataclass

from sqlalchemy.engine import URL, make_url

from app.domain.errors import InvalidInputError

KEYRING_SERVICE = "clausewright"

_log = logging.getLogger(__name__)

# Passwords typed for this session and not to be remembered. Like the keyring it stands in
# for, this is process-wide state: every connection to the same server needs the same password.
_session_passwords: dict[str, str] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class ServerAddress:
    """Where a team library lives: what the connect dialog asks for, without the password."""

    host: str
    port: int
    database: str
    user: str

    def url(self) -> str:
        """The SQLAlchemy URL (psycopg 3 driver); it never carries a password."""
        return URL.create(
            "postgresql+psycopg",
            username=self.user,
            host=self.host,
            port=self.port,
            database=self.database,
        ).render_as_string(hide_password=False)

    @property
    def account(self) -> str:
        """The keyring's name for this login: user@host:port/database."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"


def address_of(url: str) -> ServerAddress:
    """The server address named by a postgresql URL (the default port is 5432)."""
    try:
        parsed = make_url(url)
    except Exception as exc:
        raise InvalidInputError(f"not a database URL: {hidden(url)!r}") from exc
    if parsed.get_backend_name() != "postgresql":
        raise InvalidInputError("a team library is a postgresql+psycopg:// URL")
    return ServerAddress(
        host=parsed.host or "localhost",
        port=parsed.port or 5432,
        database=parsed.database or "",
        user=parsed.username or "",
    )


def hidden(url: str) -> str:
    """The URL as it may be shown or logged: any password replaced by ***."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<database URL>"


def without_password(url: str) -> str:
    """The URL with any password removed (the form that may be kept in settings)."""
    parsed = make_url(url)
    # URL.set(password=None) would keep the password: None there means "unchanged".
    bare = URL.create(
        parsed.drivername,
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        query=parsed.query,
    )
    return bare.render_as_string(hide_password=False)


def remember_for_session(address: ServerAddress, password: str) -> None:
    """Keep a password in memory until the application quits (never on disk)."""
    with _lock:
        _session_passwords[address.account] = password


def forget_for_session(address: ServerAddress) -> None:
    with _lock:
        _session_passwords.pop(address.account, None)


def store_in_keyring(address: ServerAddress, password: str) -> bool:
    """Save the password in the system keyring; False when there is no usable keyring."""
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, address.account, password)
    except KeyringError as exc:
        _log.info("no system keyring to remember the password for %s: %s", address.account, exc)
        return False
    return True


def delete_from_keyring(address: ServerAddress) -> None:
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    with contextlib.suppress(PasswordDeleteError, KeyringError):
        keyring.delete_password(KEYRING_SERVICE, address.account)


def keyring_available() -> bool:
    """Whether a real keyring backend is installed (not keyring's 'fail' placeholder)."""
    import keyring

    backend = keyring.get_keyring()
    return getattr(backend, "priority", 0) > 0


def password_for(address: ServerAddress) -> str | None:
    """This session's password for the server, else the keyring's, else None (libpq decides)."""
    with _lock:
        remembered = _session_passwords.get(address.account)
    if remembered is not None:
        return remembered
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, address.account)
    except KeyringError:
        return None
    except Exception as exc:  # a broken keyring backend (e.g. D-Bus down) must not block login
        _log.info("the system keyring could not be read: %s", type(exc).__name__)
        return None
