"""Start-up of the window: Qt platform checks, the application object, the main window."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.services.paths import AppPaths
from app.ui.qt_platform import check_platform_libraries


def run_application(args: argparse.Namespace, paths: AppPaths) -> int:
    import PySide6

    problem = check_platform_libraries(Path(PySide6.__file__).parent / "Qt" / "plugins")
    if problem:
        print(problem, file=sys.stderr)
        return 1

    from PySide6.QtWidgets import QApplication, QMessageBox

    from app.domain.errors import ClausewrightError
    from app.services.opening import open_library
    from app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName("Clausewright")
    app.setApplicationName("Clausewright")
    try:
        library = open_library(paths, args.db)
    except ClausewrightError as exc:
        if args.screenshot:
            print(f"clausewright: error: {exc}", file=sys.stderr)
        else:
            QMessageBox.critical(None, "Clausewright", str(exc))
        return 1
    window = MainWindow(library)
    window.show()
    if args.screenshot:
        app.processEvents()
        ok = window.grab().save(args.screenshot)
        window.close()
        library.database.dispose()
        return 0 if ok else 1
    code = app.exec()
    library.database.dispose()
    return code
