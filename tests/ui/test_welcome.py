"""A newcomer's first start opens the competitor-training clause; later starts do not."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.main import compose_window
from app.services.clause_library import ClauseLibrary
from app.services.paths import AppPaths
from app.ui.main_window import WELCOME_CLAUSE, MainWindow


def _start(
    qtbot: QtBot, library: ClauseLibrary, paths: AppPaths, settings_file: Path
) -> MainWindow:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    window = compose_window(app, library, paths, settings)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.library_loaded, timeout=10_000):
        window.start(welcome=True)
    window.runner.wait_until_idle()
    return window


def test_first_start_opens_the_competitor_training_clause_and_later_starts_do_not(
    qtbot: QtBot,
    shipped_library: ClauseLibrary,
    app_paths: AppPaths,
    settings_file: Path,
    answers: dict[str, object],
) -> None:
    first = _start(qtbot, shipped_library, app_paths, settings_file)
    editor = first.workspace.current_editor()
    assert editor is not None and editor.key == WELCOME_CLAUSE
    assert first.library_panel.current_key() == WELCOME_CLAUSE
    first.close()
    first.runner.shutdown()
    second = _start(qtbot, shipped_library, app_paths, settings_file)
    assert second.workspace.current_editor() is None, "the saved layout is restored instead"
    second.close()
    second.runner.shutdown()
