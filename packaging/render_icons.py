"""Render the application icon (icons/clausewright.svg) to PNG sizes, a Windows .ico and a .icns.

Run from the repository root:
``QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/render_icons.py``.
The results are committed, so a build needs neither this script nor an SVG renderer.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# Apple's icon types that hold PNG data, by pixel size.
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}


def render_png(renderer: QSvgRenderer, size: int) -> bytes:
    """Draw the SVG at one size and save it as icons/clausewright-SIZE.png."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    target = ICONS / f"clausewright-{size}.png"
    if not image.save(str(target)):
        raise OSError(f"could not write {target}")
    return target.read_bytes()


def ico_file(pngs: dict[int, bytes]) -> bytes:
    """An .ico whose images are PNGs (read by Windows Vista and later)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, images = b"", b""
    for size, png in pngs.items():
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        images += png
        offset += len(png)
    return header + entries + images


def icns_file(pngs: dict[int, bytes]) -> bytes:
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
        for size, kind in ICNS_TYPES.items()
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "clausewright.svg"))
    if not renderer.isValid():
        print("clausewright.svg could not be read", file=sys.stderr)
        return 1
    pngs = {size: render_png(renderer, size) for size in PNG_SIZES}
    (ICONS / "clausewright.ico").write_bytes(ico_file({s: pngs[s] for s in ICO_SIZES}))
    (ICONS / "clausewright.icns").write_bytes(icns_file(pngs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
