"""The windowed entry point (Windows builds only): opens the window without a console."""

from __future__ import annotations

import sys

if __name__ == "__main__":
    from app.__main__ import gui_main

    sys.exit(gui_main())
