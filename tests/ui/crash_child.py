"""A window that types into a new clause and then waits to be killed (for the recovery test).

Run as ``python -m tests.ui.crash_child DATA_DIR SETTINGS_FILE``; prints "typed" when done.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.main import compose_window
from app.resources import resource_path, shipped_library_dir
from app.services.opening import open_library
from app.services.paths import AppPaths

UNSAVED_TITLE = "Unsaved Indemnity Carve-out"
UNSAVED_WORDING = "Nothing typed is ever lost"


def main() -> int:
    data_dir, settings_file = Path(sys.argv[1]), sys.argv[2]
    paths = AppPaths(data_dir, shipped_library_dir(), resource_path())
    app = QApplication(sys.argv[:1])
    library = open_library(paths)
    window = compose_window(
        app, library, paths, QSettings(settings_file, QSettings.Format.IniFormat)
    )
    window.show()
    window.start()
    window.runner.wait_until_idle()
    editor = window.new_clause()
    editor.title_edit.selectAll()
    QTest.keyClicks(editor.title_edit, UNSAVED_TITLE)
    QTest.keyClicks(editor.body_edit, UNSAVED_WORDING)
    print("typed", flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
