"""Fixtures for window tests: settings in a temporary folder and a real window over SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.main import _load_differ, _load_scanning, compose_window
from app.services.clause_library import ClauseLibrary
from app.services.opening import open_library
from app.services.paths import AppPaths
from app.ui.conflict_dialog import ConflictChoice, ConflictDialog
from app.ui.dialogs import Choice, ConnectionLostDialog, ReasonDialog, UnsavedChangesDialog
from app.ui.document_saving import DocumentConflictDialog
from app.ui.main_window import MainWindow

SAVE_REASON = "Narrowed after review"


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path) -> Iterator[None]:
    """No test reads or writes the real user's settings."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings")
    )
    yield


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "settings.ini"


@pytest.fixture
def shipped_library(app_paths: AppPaths) -> Iterator[ClauseLibrary]:
    """The default database of a first run: created and loaded with the shipped library."""
    library = open_library(app_paths)
    yield library
    library.database.dispose()


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """What the dialogs answer; tests change the values instead of clicking modal dialogs."""
    given: dict[str, object] = {"reason": SAVE_REASON, "unsaved": Choice.DISCARD, "asked": 0}

    def reason(_parent: object, _title: str, _default: str = "") -> str | None:
        given["asked"] = int(str(given["asked"])) + 1
        value = given["reason"]
        return value if isinstance(value, str) else None

    def unsaved(_parent: object, _titles: list[str]) -> Choice:
        given["unsaved_asked"] = True
        choice = given["unsaved"]
        assert isinstance(choice, Choice)
        return choice

    def conflict(_parent: object, conflict: object, *_args: object, **_kwargs: object) -> object:
        given.setdefault("conflicts", [])
        conflicts = given["conflicts"]
        assert isinstance(conflicts, list)
        conflicts.append(conflict)
        return given.get("conflict", ConflictChoice.CANCEL)

    def retry(_parent: object, _title: str, details: str) -> bool:
        given.setdefault("connection_lost", [])
        lost = given["connection_lost"]
        assert isinstance(lost, list)
        lost.append(details)
        planned = given.get("retry", [])  # one answer per time asked, then "Cancel"
        return bool(planned.pop(0)) if isinstance(planned, list) and planned else False

    def document_conflict(_parent: object, theirs: object, *_args: object, **kw: object) -> object:
        given.setdefault("document_conflicts", [])
        asked = given["document_conflicts"]
        assert isinstance(asked, list)
        asked.append((theirs, kw.get("new", False)))
        return given.get("document_conflict", ConflictChoice.CANCEL)

    monkeypatch.setattr(ReasonDialog, "ask", staticmethod(reason))
    monkeypatch.setattr(DocumentConflictDialog, "ask", staticmethod(document_conflict))
    monkeypatch.setattr(UnsavedChangesDialog, "ask", staticmethod(unsaved))
    monkeypatch.setattr(ConflictDialog, "ask", staticmethod(conflict))
    monkeypatch.setattr(ConnectionLostDialog, "ask", staticmethod(retry))
    return given


def make_window(
    qtbot: QtBot, library: ClauseLibrary, paths: AppPaths, settings_file: Path
) -> MainWindow:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    window = compose_window(app, library, paths, settings)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.library_loaded, timeout=10_000):
        window.start()
    window.attach_scanning(_load_scanning(paths))
    window.inspector.set_differ(_load_differ())
    window.runner.wait_until_idle()
    return window


@pytest.fixture
def window(
    qtbot: QtBot,
    shipped_library: ClauseLibrary,
    app_paths: AppPaths,
    settings_file: Path,
    answers: dict[str, object],
) -> Iterator[MainWindow]:
    window = make_window(qtbot, shipped_library, app_paths, settings_file)
    yield window
    answers["unsaved"] = Choice.DISCARD
    window.close()
    window.runner.shutdown()
