"""Autosave of unsaved editor contents, and recovery of what a crashed session left behind."""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QIODevice, QLockFile, QObject, QSaveFile, QTimer

AUTOSAVE_INTERVAL_MS = 3_000
Snapshots = Callable[[], dict[str, dict[str, Any]]]


@dataclass(frozen=True)
class RecoveredEdit:
    """An editor's unsaved contents found in the folder of a session that did not end cleanly."""

    session: Path
    snapshot: dict[str, Any]

    @property
    def title(self) -> str:
        fields = self.snapshot.get("fields", {})
        title = str(fields.get("title") or "Untitled clause")
        key = self.snapshot.get("key")
        return f"{title} ({key})" if key else f"{title} (new clause)"


class Autosave(QObject):
    """Every few seconds, writes each modified editor's contents to this session's folder.

    Each running window owns ``<autosave_dir>/session-<id>/`` and holds a lock file in it; a
    folder whose lock is stale belonged to a session that crashed or was killed. A clean exit
    deletes the session's folder.
    """

    def __init__(
        self, folder: Path, snapshots: Snapshots, *, interval_ms: int = AUTOSAVE_INTERVAL_MS
    ) -> None:
        super().__init__()
        self._root = folder
        self._snapshots = snapshots
        self._session = folder / f"session-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._lock: QLockFile | None = None
        self._written: dict[str, str] = {}
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.write_now)

    @property
    def session_folder(self) -> Path:
        return self._session

    def start(self) -> None:
        self._session.mkdir(parents=True, exist_ok=True)
        self._lock = QLockFile(str(self._session / "lock"))
        self._lock.tryLock(0)
        self._timer.start()

    def write_now(self) -> None:
        """Write new or changed snapshots and delete those of editors now saved or closed."""
        if self._lock is None:
            return
        current = {
            slot: json.dumps(data, ensure_ascii=False, indent=1)
            for slot, data in self._snapshots().items()
        }
        for slot, text in current.items():
            if self._written.get(slot) != text and _write_atomically(
                self._session / f"{slot}.json", text
            ):
                self._written[slot] = text
        for slot in set(self._written) - set(current):
            (self._session / f"{slot}.json").unlink(missing_ok=True)
            del self._written[slot]

    def stop(self) -> None:
        """A clean exit: nothing is left to recover."""
        self._timer.stop()
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None
        shutil.rmtree(self._session, ignore_errors=True)

    def left_behind(self) -> list[RecoveredEdit]:
        """Snapshots of sessions that ended without a clean exit (their owner is gone)."""
        found: list[RecoveredEdit] = []
        if not self._root.is_dir():
            return found
        for session in sorted(self._root.glob("session-*")):
            if session == self._session or not _is_abandoned(session):
                continue
            for file in sorted(session.glob("*.json")):
                snapshot = _read_snapshot(file)
                if snapshot is not None:
                    found.append(RecoveredEdit(session, snapshot))
            if not any(session.glob("*.json")):
                shutil.rmtree(session, ignore_errors=True)
        return found

    @staticmethod
    def forget(recovered: list[RecoveredEdit]) -> None:
        """Delete the abandoned sessions' folders (after recovering or discarding them)."""
        for session in {r.session for r in recovered}:
            shutil.rmtree(session, ignore_errors=True)


def _is_abandoned(session: Path) -> bool:
    lock = QLockFile(str(session / "lock"))
    # tryLock succeeds when no live process holds the lock (Qt removes a stale one itself).
    if not lock.tryLock(0):
        return False
    lock.unlock()
    return True


def _read_snapshot(file: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write_atomically(path: Path, text: str) -> bool:
    """QSaveFile: the file is either the old or the new snapshot, never half of one."""
    file = QSaveFile(str(path))
    if not file.open(QIODevice.OpenModeFlag.WriteOnly):
        return False
    file.write(text.encode("utf-8"))
    return file.commit()
