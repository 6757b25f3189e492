"""Saved window state (geometry, docks, splitters) and user preferences, over QSettings."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

MAX_RECENT = 8


def without_password(url: str) -> str:
    """The database URL with any password removed (recent lists must never hold one)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    user = f"{parts.username}@" if parts.username else ""
    return urlunsplit(parts._replace(netloc=user + host))


class AppSettings:
    """Window state under ``window/``, preferences under ``preferences/``, recent databases."""

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    # -- window state -----------------------------------------------------------------------

    def save_window(self, window: QMainWindow, splitters: list[QSplitter]) -> None:
        self._settings.setValue("window/geometry", window.saveGeometry())
        self._settings.setValue("window/state", window.saveState())
        for splitter in splitters:
            self._settings.setValue(
                f"window/splitters/{splitter.objectName()}", splitter.saveState()
            )
        self._settings.sync()

    def restore_window(self, window: QMainWindow, splitters: list[QSplitter]) -> bool:
        """Restore what ``save_window`` stored; False on first run (nothing stored)."""
        geometry = self._settings.value("window/geometry")
        if not isinstance(geometry, QByteArray):
            return False
        window.restoreGeometry(geometry)
        state = self._settings.value("window/state")
        if isinstance(state, QByteArray):
            window.restoreState(state)
        for splitter in splitters:
            saved = self._settings.value(f"window/splitters/{splitter.objectName()}")
            if isinstance(saved, QByteArray):
                splitter.restoreState(saved)
        return True

    # -- preferences ------------------------------------------------------------------------

    def show_retired(self) -> bool:
        return _as_bool(self._settings.value("preferences/show_retired", False))

    def set_show_retired(self, show: bool) -> None:
        self._settings.setValue("preferences/show_retired", show)

    def colour_scheme(self) -> str:
        """'system', 'light' or 'dark'."""
        value = str(self._settings.value("preferences/colour_scheme", "system"))
        return value if value in ("system", "light", "dark") else "system"

    def set_colour_scheme(self, value: str) -> None:
        self._settings.setValue("preferences/colour_scheme", value)

    # -- recent databases -------------------------------------------------------------------

    def recent_databases(self) -> list[str]:
        value = self._settings.value("recent/databases", [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            return []
        return [without_password(str(v)) for v in value if v][:MAX_RECENT]

    def add_recent_database(self, url: str) -> None:
        url = without_password(url)
        recent = [u for u in self.recent_databases() if u != url]
        self._settings.setValue("recent/databases", [url, *recent][:MAX_RECENT])

    def clear_recent_databases(self) -> None:
        self._settings.remove("recent/databases")


def _as_bool(value: object) -> bool:
    # INI files give strings back ("true"/"false"); the native format gives bools.
    if isinstance(value, str):
        return value.lower() in ("true", "1", "yes")
    return bool(value)
