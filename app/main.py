"""Composition root of the window: builds the database, services and main window."""

from __future__ import annotations

import argparse

from app.services.paths import AppPaths


def run_gui(args: argparse.Namespace, paths: AppPaths) -> int:
    from app.ui.application import run_application

    return run_application(args, paths)
