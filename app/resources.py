"""The one place that knows where shipped files live: source tree, installed wheel or bundle."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def _root() -> Path:
    """The folder holding ``resources/`` and ``clauses/``.

    - a PyInstaller bundle unpacks data next to the executable (``sys._MEIPASS``);
    - an installed wheel carries them inside the package as ``app/_bundled``;
    - a source checkout (or editable install) has them at the top of the repository.
    """
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = [Path(frozen)] if frozen else []
    candidates += [_PACKAGE_DIR / "_bundled", _PACKAGE_DIR.parent]
    for candidate in candidates:
        if (candidate / "resources").is_dir() and (candidate / "clauses").is_dir():
            return candidate
    raise FileNotFoundError(
        "Clausewright's resources were not found; reinstall the application "
        f"(looked in: {', '.join(str(c) for c in candidates)})"
    )


def resource_path(*parts: str) -> Path:
    """A file or folder under ``resources/``, e.g. ``resource_path("rules")``."""
    return _root().joinpath("resources", *parts)


def shipped_library_dir() -> Path:
    """The shipped standard clause library (``clauses/``)."""
    return _root() / "clauses"
