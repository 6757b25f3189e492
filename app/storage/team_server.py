"""Checking a team library server before using it: reachable, logged in, which schema."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from app.domain.errors import StorageError
from app.storage.credentials import ServerAddress, password_for

CONNECT_TIMEOUT_S = 5


@dataclass(frozen=True)
class ServerCheck:
    """What a successful test connection found."""

    server_version: str
    schema_revision: str | None  # None: an empty database, the library will be created


def check_server(address: ServerAddress, password: str | None = None) -> ServerCheck:
    """Connect once (no pool), read the server version and the library's schema revision.

    Without a password given, the session's or the keyring's is used, else libpq's .pgpass.
    """
    secret = password if password else password_for(address)
    arguments: dict[str, object] = {"connect_timeout": CONNECT_TIMEOUT_S}
    if secret:
        arguments["password"] = secret
    engine = create_engine(address.url(), poolclass=NullPool, connect_args=arguments)
    try:
        with engine.connect() as conn:
            version = str(conn.execute(text("SHOW server_version")).scalar_one())
            has_schema = conn.execute(text("SELECT to_regclass('alembic_version')")).scalar()
            revision = None
            if has_schema is not None:
                revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StorageError(f"cannot connect to {address.account}: {reason}") from exc
    except ImportError as exc:
        raise StorageError("PostgreSQL needs the psycopg driver (pip install psycopg)") from exc
    finally:
        engine.dispose()
    return ServerCheck(version, revision)
