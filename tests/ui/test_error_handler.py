"""Unexpected exceptions are logged with their traceback and shown, not a crash."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.domain.errors import InvalidInputError
from app.ui.error_handler import ErrorHandler


def _raise_unexpected() -> None:
    raise ZeroDivisionError("boom in a slot")


def test_unexpected_exception_is_logged_and_shown(qtbot: QtBot, tmp_path: Path) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    handler = ErrorHandler(tmp_path / "data" / "clausewright.log", lambda: parent)
    try:
        _raise_unexpected()
    except ZeroDivisionError:
        kind, exc, tb = sys.exc_info()
        assert kind is not None and exc is not None
        with qtbot.waitSignal(handler.error_shown, timeout=5000):
            handler._on_uncaught(kind, exc, tb)
    log = (tmp_path / "data" / "clausewright.log").read_text(encoding="utf-8")
    assert "ZeroDivisionError: boom in a slot" in log
    assert "_raise_unexpected" in log
    box = parent.findChild(QMessageBox, "errorMessage")
    assert box is not None and "details were written" in box.text()
    assert "ZeroDivisionError" in box.detailedText()
    box.close()


def test_the_users_own_errors_are_one_line_and_not_logged(qtbot: QtBot, tmp_path: Path) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    handler = ErrorHandler(tmp_path / "clausewright.log", lambda: parent)
    with qtbot.waitSignal(handler.error_shown, timeout=5000) as shown:
        handler.report(InvalidInputError("a clause needs a title"))
    assert shown.args == ["a clause needs a title"]
    assert not (tmp_path / "clausewright.log").exists()
    box = parent.findChild(QMessageBox, "errorMessage")
    assert box is not None
    box.close()
