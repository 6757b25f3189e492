"""The project's own error types: every failure a user can cause ends as one of these."""

from __future__ import annotations


class ClausewrightError(Exception):
    """Base class of errors shown to the user as one clear line."""


class InvalidInputError(ClausewrightError):
    """A file or value the user supplied cannot be used (missing, corrupt, hostile, malformed)."""


class ClauseFileError(InvalidInputError):
    """A clause or rule file is malformed; the message names the file and the line."""

    def __init__(self, path: str, line: int | None, problem: str) -> None:
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {problem}")
        self.path = path
        self.line = line
        self.problem = problem


class NotFoundError(ClausewrightError):
    """The named clause, document or version does not exist."""


class ConflictError(ClausewrightError):
    """A save was refused because someone else saved a newer version first."""

    def __init__(self, message: str, *, theirs: object = None) -> None:
        super().__init__(message)
        self.theirs = theirs


class StorageError(ClausewrightError):
    """The database cannot be opened, written or upgraded."""


class NewerSchemaError(StorageError):
    """The database was created by a newer version of the application."""


class ConnectionLostError(StorageError):
    """The connection to the library server dropped; the transaction was rolled back."""
