"""Start-up of the window: Qt platform checks, the application object, running or grabbing."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from app.ui.qt_platform import check_platform_libraries
from app.version import __version__

ORGANISATION = "Clausewright"
APPLICATION = "Clausewright"


def platform_problem() -> str | None:
    """Why Qt cannot open a window here (missing xcb libraries), before Qt tries."""
    import PySide6

    return check_platform_libraries(Path(PySide6.__file__).parent / "Qt" / "plugins")


def _on_qt_message(mode: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    # WORKAROUND: the offscreen platform (screenshots, smoke tests) says this about every
    # window it shows; it is not a problem of the application.
    if "does not support propagateSizeHints" in message:
        return
    print(message, file=sys.stderr)


def create_application() -> QApplication:
    """The QApplication, named so that QSettings and the data folders find their place."""
    existing = QApplication.instance()
    if existing is None:
        qInstallMessageHandler(_on_qt_message)
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    app.setApplicationDisplayName(APPLICATION)
    # Lets desktops match the window to the installed menu entry (packaging/linux).
    app.setDesktopFileName("org.clausewright.Clausewright")
    return app


def show_startup_error(message: str, *, screenshot: bool) -> None:
    """A library that cannot be opened: one line on stderr for screenshots, else a dialog."""
    if screenshot:
        print(f"clausewright: error: {message}", file=sys.stderr)
        return
    QMessageBox.critical(None, APPLICATION, message)
