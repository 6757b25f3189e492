"""The bundle's entry point: the clausewright command, and the isolated Word importer it starts.

A frozen bundle has no Python interpreter to run ``python -m app.docx_io.worker``: the importer
starts ``sys.executable`` (this program) with those arguments, so they are routed here. The
Windows build also has a console-less copy, ``clausewright-gui.exe``, which opens the window.
"""

from __future__ import annotations

import sys
from pathlib import Path

WORKER = ["-m", "app.docx_io.worker"]


def run(argv: list[str]) -> int:
    if argv[:2] == WORKER:
        from app.docx_io.worker import main as import_worker

        return import_worker(argv[2:])
    from app.__main__ import gui_main, main

    if Path(sys.executable).stem.endswith("-gui"):
        return gui_main()
    return main(argv)


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
