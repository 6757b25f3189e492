"""Writing Word files atomically: a temporary file beside the target, fsync, then rename."""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
from pathlib import Path


def save_bytes_atomic(path: Path, data: bytes) -> None:
    """A crash or kill at any moment leaves either the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
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
