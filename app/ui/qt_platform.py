"""Before Qt starts on Linux: find missing xcb libraries and say which packages to install.

Qt's own message when a library of its xcb plugin is missing blames libxcb-cursor0 even when
another one is missing; ``ldd`` on the plugin tells the truth.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

# shared library -> Debian package that provides it
XCB_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-util.so.1": "libxcb-util1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libX11.so.6": "libx11-6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}


def _uses_xcb() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.startswith("xcb")
    return bool(os.environ.get("DISPLAY")) and not os.environ.get("WAYLAND_DISPLAY")


def missing_libraries(plugin_dir: Path) -> list[str]:
    """Libraries that the xcb platform plugin needs but the system lacks."""
    ldd = shutil.which("ldd")
    plugin = plugin_dir / "platforms" / "libqxcb.so"
    if ldd is None or not plugin.exists():
        return []
    lib_dir = plugin_dir.parent / "lib"
    env = dict(os.environ, LD_LIBRARY_PATH=str(lib_dir))
    missing: set[str] = set()
    candidates = [plugin, *sorted(lib_dir.glob("libQt6XcbQpa.so*"))[:1]]
    for target in candidates:
        result = subprocess.run(
            [ldd, str(target)], capture_output=True, text=True, env=env, check=False
        )
        for line in result.stdout.splitlines():
            if "not found" in line:
                missing.add(line.split("=>")[0].strip())
    return sorted(missing)


def install_hint(missing: list[str]) -> str:
    packages = sorted({XCB_PACKAGES.get(lib, lib) for lib in missing})
    return "sudo apt-get install " + " ".join(packages)


def check_platform_libraries(plugin_dir: Path) -> str | None:
    """A message with the exact apt-get line when xcb cannot start, else None."""
    if not _uses_xcb():
        return None
    missing = missing_libraries(plugin_dir)
    if not missing:
        return None
    return (
        "Clausewright cannot open its window: the system lacks libraries that Qt needs "
        f"({', '.join(missing)}).\nInstall them with:\n  {install_hint(missing)}"
    )
