"""`python -m app` and the `clausewright` command: parse the command line, then run it."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from app.cli import parse, run, wants_gui
from app.cli.context import CliContext
from app.resources import resource_path, shipped_library_dir
from app.services.paths import AppPaths


def default_paths() -> AppPaths:
    """The user's data folder (not created here) and the shipped files."""
    import os
    from pathlib import Path

    from platformdirs import user_data_dir

    override = os.environ.get("CLAUSEWRIGHT_DATA_DIR")
    data_dir = Path(override) if override else Path(user_data_dir("Clausewright", appauthor=False))
    return AppPaths(
        data_dir=data_dir, shipped_library=shipped_library_dir(), resources=resource_path()
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    paths = default_paths()
    if wants_gui(args):
        from app.main import run_gui

        return run_gui(args, paths)
    return run(args, CliContext(paths, args.db))


def gui_main() -> int:
    """Entry point of the windowed launcher (no console on Windows)."""
    return main(["gui", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
