"""One handler for every error: a clear message for the user's errors, a log for the rest."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.domain.errors import ClausewrightError
from app.ui.dialogs import show_error

LOGGER_NAME = "clausewright"


class ErrorHandler(QObject):
    """Shows errors and logs unexpected exceptions with their traceback instead of crashing.

    Installed as ``sys.excepthook`` and ``threading.excepthook``; the background runner sends
    its failures here too. Dialogs are shown on the GUI thread only.

    Signals:
        error_shown(str): a message was shown to the user.
    """

    error_shown = Signal(str)
    _show_requested = Signal(str, str, str)

    def __init__(self, log_file: Path, parent_widget: Callable[[], QWidget | None]) -> None:
        super().__init__()
        self._log_file = log_file
        self._parent_widget = parent_widget
        self._logger = logging.getLogger(LOGGER_NAME)
        self._show_requested.connect(self._on_show_requested)

    @property
    def log_file(self) -> Path:
        return self._log_file

    def install(self) -> None:
        sys.excepthook = self._on_uncaught
        threading.excepthook = self._on_thread_uncaught

    def report(self, exc: BaseException) -> None:
        """Show an error from any thread: the user's own as one line, others with details."""
        if isinstance(exc, ClausewrightError):
            self._show_requested.emit("Clausewright", str(exc), "")
            return
        details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        self._log(details)
        self._show_requested.emit(
            "Unexpected Error",
            "Something went wrong. Your work is kept, and the details were written to "
            f"{self._log_file}.",
            details,
        )

    def _on_uncaught(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        self.report(exc.with_traceback(tb))

    def _on_thread_uncaught(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.report(args.exc_value)

    def _on_show_requested(self, title: str, message: str, details: str) -> None:
        show_error(self._parent_widget(), title, message, details)
        self.error_shown.emit(message)

    def _log(self, text: str) -> None:
        try:
            self._log_file.parent.mkdir(parents=True, exist_ok=True)
            with self._log_file.open("a", encoding="utf-8") as log:
                log.write(text.rstrip("\n") + "\n---\n")
        except OSError:
            self._logger.exception("cannot write the error log %s", self._log_file)
        self._logger.error("unexpected error\n%s", text)
