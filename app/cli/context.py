"""What a command needs from its surroundings: paths, the library (opened on demand), output."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from app.domain.errors import InvalidInputError
from app.services.paths import AppPaths

if TYPE_CHECKING:
    from app.services.clause_library import ClauseLibrary


class CliContext:
    """Opens the library only when a command needs it, so file-only commands touch no database."""

    def __init__(self, paths: AppPaths, db_url: str | None, out: TextIO | None = None) -> None:
        self.paths = paths
        self.db_url = db_url
        self.out = out or sys.stdout
        self._library: ClauseLibrary | None = None

    def library(self) -> ClauseLibrary:
        if self._library is None:
            from app.services.opening import open_library

            self._library = open_library(self.paths, self.db_url)
        return self._library

    def print(self, text: str = "") -> None:
        print(text, file=self.out)

    def print_json(self, data: Any) -> None:
        self.out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")

    def close(self) -> None:
        if self._library is not None:
            self._library.database.dispose()
            self._library = None


def existing_file(path: str) -> Path:
    """An input file that must exist; a clear error otherwise."""
    found = Path(path)
    if not found.exists():
        raise InvalidInputError(f"{path}: no such file")
    if found.is_dir():
        raise InvalidInputError(f"{path}: is a folder, not a file")
    return found


def write_output(path: str, data: bytes) -> None:
    """Write an output file atomically: a temporary file renamed into place."""
    from app.atomic_write import write_bytes_atomic

    try:
        write_bytes_atomic(Path(path), data)
    except OSError as exc:
        raise InvalidInputError(f"cannot write {path}: {exc.strerror}") from exc
