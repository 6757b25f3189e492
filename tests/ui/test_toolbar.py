"""The main toolbar puts the everyday commands, Review a Contract among them, one click away."""

from __future__ import annotations

from PySide6.QtWidgets import QToolBar

from app.ui.main_window import MainWindow


def test_toolbar_offers_review_compare_and_the_editing_commands(window: MainWindow) -> None:
    bar = window.findChild(QToolBar, "mainToolBar")
    assert bar is not None and not bar.isHidden()
    texts = [a.text() for a in bar.actions() if not a.isSeparator()]
    for wanted in ("&New Clause", "&Save", "Co&mpare Documents…", "&Review a Contract…"):
        assert wanted in texts
    assert all(not a.icon().isNull() for a in bar.actions() if not a.isSeparator())
    review = next(a for a in bar.actions() if a.text() == "&Review a Contract…")
    assert review is window.commands.review, "the same action as the File menu's"
