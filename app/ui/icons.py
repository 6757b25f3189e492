"""The shipped SVG icons, drawn in the palette's text colour so they read in light and dark."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

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
    """Icons from ``resources/icons/<name>.svg``; ``currentColor`` becomes the text colour.

    Icons are re-rendered when the colour changes (a switch between light and dark).
    """

    def __init__(self, folder: Path, colour: str = "#1f2328") -> None:
        self._folder = folder
        self._colour = colour
        self._cache: dict[str, QIcon] = {}

    def set_colour(self, colour: str) -> None:
        if colour != self._colour:
            self._colour = colour
            self._cache.clear()

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
