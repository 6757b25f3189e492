"""Writing a file so that a crash or kill at any moment leaves the old file or the new one.

Used by every layer that writes user files (clause folders, Word files, exports); it needs only the
standard library, so it sits outside the layers.
"""

from __future__ import annotations

import contextlib
import glob
import os
import stat
import tempfile
from pathlib import Path

NEW_FILE_MODE = 0o644


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file beside the target, fsync, then rename over it.

    The new file keeps the permissions of the file it replaces (a new file gets rw-r--r--, not
    the owner-only mode of a temporary file).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = NEW_FILE_MODE
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _remove_leftovers(path)


def _remove_leftovers(path: Path) -> None:
    """Temporary files of earlier writes of ``path`` that were killed (SIGKILL cannot clean up)."""
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):  # harmless if it stays; the write itself succeeded
            stale.unlink(missing_ok=True)
