"""Moving a library: copy a local SQLite library to a team server and back, all or nothing."""

from __future__ import annotations

from pathlib import Path

from app.domain.errors import InvalidInputError
from app.storage.credentials import hidden
from app.storage.database import Database
from app.storage.engine import sqlite_path
from app.storage.transfer import TransferReport
from app.storage.transfer import copy_library as copy_rows


def library_url(location: str) -> str:
    """A database URL from what a user typed: a URL as it is, a file path as a SQLite URL."""
    if "://" in location:
        return location
    return f"sqlite:///{Path(location).expanduser().resolve()}"


def shown_url(url: str) -> str:
    """A URL as it may be printed: any password replaced by ***."""
    return hidden(library_url(url))


def copy_library(source_url: str, target_url: str) -> TransferReport:
    """Copy every clause, version, setting and document from source into an empty target.

    Both schemas are brought to the current version first. The target is written in one
    transaction: after a failure it is as it was. A repeated copy finds the same rows already
    there and writes nothing.
    """
    source_url, target_url = library_url(source_url), library_url(target_url)
    if source_url == target_url:
        raise InvalidInputError("the source and the target are the same library")
    path = sqlite_path(source_url)
    if path is not None and not path.is_file():
        raise InvalidInputError(f"{path}: no such library file")
    source = Database.open(source_url)
    try:
        target = Database.open(target_url)
        try:
            return copy_rows(source, target)
        finally:
            target.dispose()
    finally:
        source.dispose()
