"""Opening a library: the default one (created and seeded on first use) or one named by URL."""

from __future__ import annotations

import getpass
import os

from app.domain.errors import StorageError
from app.services.clause_library import ClauseLibrary
from app.services.paths import AppPaths
from app.storage.database import Database


def current_user() -> str:
    """Who is editing, for the history ("author" of each version)."""
    name = os.environ.get("CLAUSEWRIGHT_USER")
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def open_library(paths: AppPaths, url: str | None = None) -> ClauseLibrary:
    """The default database is created in the user's data folder and gets the shipped library
    the first time it is opened; a database named by URL is used as it is."""
    if url is None:
        try:
            paths.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(
                f"cannot create the data folder {paths.data_dir}: {exc.strerror}"
            ) from exc
        database = Database.open(paths.default_db_url)
        library = ClauseLibrary(database, user=current_user())
        library.load_shipped_library(paths.shipped_library)
        return library
    return ClauseLibrary(Database.open(url), user=current_user())
