"""Composition root: builds the library, the background runner and the main window."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.services.paths import AppPaths

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from app.services.clause_library import ClauseLibrary
    from app.services.scanning import Scanning
    from app.ui.main_window import MainWindow
    from app.ui.redline_view import Differ


def compose_window(
    app: QApplication,
    library: ClauseLibrary | None,
    paths: AppPaths,
    settings: QSettings,
) -> MainWindow:
    """Every part of the window, built here and passed in (tests call this too).

    ``library`` may be None: start-up shows the window first and attaches the library once
    the services (and their database libraries) are loaded and the database is open.
    """
    from app.ui.background import BackgroundRunner
    from app.ui.error_handler import ErrorHandler
    from app.ui.icons import IconSet
    from app.ui.main_window import MainWindow
    from app.ui.settings import AppSettings
    from app.ui.theme import ThemeController

    holder: list[MainWindow] = []
    errors = ErrorHandler(paths.log_file, lambda: holder[0] if holder else None)
    icons = IconSet(paths.resources / "icons")
    theme = ThemeController(app)
    runner = BackgroundRunner(errors.report)
    window = MainWindow(
        library,
        runner=runner,
        icons=icons,
        theme=theme,
        settings=AppSettings(settings),
        autosave_dir=paths.autosave_dir,
        errors=errors,
        rules_dir=paths.user_rules_dir,
        open_library=lambda url: _open_library(paths, url),
    )
    holder.append(window)
    errors.setParent(window)
    runner.setParent(window)
    return window


def _open_library(paths: AppPaths, url: str | None) -> ClauseLibrary:
    from app.services.opening import open_library

    return open_library(paths, url)


def _load_scanning(paths: AppPaths) -> Scanning:
    """The highlighting rules: shipped ones and the user's own."""
    from app.services.scanning import Scanning

    return Scanning.from_folders(paths.resources / "rules", paths.user_rules_dir)


def _load_differ() -> Differ:
    """Redlines of clause versions from the diff engine."""
    from app.services.comparing import Comparing
    from app.ui.redline_view import comparing_differ

    return comparing_differ(Comparing())


def tune_garbage_collector() -> None:
    """Fewer cyclic collections while the window runs.

    WORKAROUND for event-loop stalls: a comparison or preview in the background makes many
    small objects, and each full collection the worker triggers holds the GIL for tens of
    milliseconds, so the GUI thread waits (measured: worst stall ~120-190 ms with the default
    thresholds, ~50-80 ms with these; benchmarks/bench_gui_compare.py).
    """
    import gc

    gc.freeze()  # what start-up loaded stays; it is never scanned again
    gc.set_threshold(50_000, 20, 20)


def run_gui(args: argparse.Namespace, paths: AppPaths) -> int:
    import sys

    from app.ui.application import platform_problem

    problem = platform_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 1

    from PySide6.QtCore import QSettings

    from app.domain.errors import ClausewrightError
    from app.ui.application import create_application, show_startup_error

    app = create_application()
    window = compose_window(app, None, paths, QSettings())
    # `clausewright` with no command has no gui options
    screenshot: str | None = getattr(args, "screenshot", None)
    open_item: str | None = getattr(args, "open_item", None)
    if not screenshot:
        window.errors.install()
        window.show()  # before the database libraries load: the window appears at once
        app.processEvents()
    try:
        library = _open_library(paths, args.db)
    except ClausewrightError as exc:
        window.hide()
        show_startup_error(str(exc), screenshot=bool(screenshot))
        return 1
    window.attach_library(library)
    window.show()
    window.start(remember=not screenshot, welcome=not screenshot)
    try:
        window.attach_scanning(_load_scanning(paths))
    except ClausewrightError as exc:  # a broken rule file must not keep the window closed
        window.errors.report(exc)
    window.inspector.set_differ(_load_differ())
    tune_garbage_collector()
    if screenshot:
        ok = window.grab_after_start(screenshot, open_item)
        window.close()
        library.database.dispose()
        return 0 if ok else 1
    window.offer_recovery()
    code = app.exec()
    window.library.database.dispose()
    return code
