"""The shipped SVG icons, drawn in one neutral colour that reads in light and dark."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from app.ui.theme import ICON_COLOUR

ICON_NAMES = (
    "new-clause",
    "save",
    "duplicate",
    "retire",
    "restore",
    "search",
    "history",
    "undo",
    "redo",
    "about",
    "close",
    "database",
    "category",
    "clause",
    "details",
    "findings",
)

_SIZES = (16, 20, 24, 32, 48)


class IconSet:
    """Icons from ``resources/icons/<name>.svg``, drawn in one colour (``currentColor``).

    The default tone reads on the light and the dark theme alike, so widgets keep their icons
    when the scheme changes.
    """

    def __init__(self, folder: Path, colour: str = ICON_COLOUR) -> None:
        self._folder = folder
        self._colour = colour
        self._cache: dict[str, QIcon] = {}

    def icon(self, name: str) -> QIcon:
        if name not in self._cache:
            self._cache[name] = self._render(name)
        return self._cache[name]

    def _render(self, name: str) -> QIcon:
        svg = (self._folder / f"{name}.svg").read_text(encoding="utf-8")
        renderer = QSvgRenderer(QByteArray(svg.replace("currentColor", self._colour).encode()))
        icon = QIcon()
        for size in _SIZES:
            pixmap = QPixmap(size, size)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            renderer.render(painter, QRectF(0, 0, size, size))
            painter.end()
            icon.addPixmap(pixmap)
        return icon
