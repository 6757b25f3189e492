"""Nothing typed is lost: a window killed with SIGKILL leaves its edits to be recovered."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.services.opening import open_library
from app.services.paths import AppPaths
from app.ui.dialogs import RecoveryDialog
from tests.ui.conftest import make_window
from tests.ui.crash_child import UNSAVED_TITLE, UNSAVED_WORDING

ROOT = Path(__file__).resolve().parents[2]


def _snapshot_written(autosave_dir: Path) -> bool:
    for file in autosave_dir.glob("session-*/*.json"):
        try:
            if json.loads(file.read_text(encoding="utf-8")).get("body") == UNSAVED_WORDING:
                return True
        except ValueError:
            continue
    return False


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_edits_of_a_killed_window_are_offered_for_recovery(
    qtbot: QtBot,
    app_paths: AppPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answers: dict[str, object],
) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.ui.crash_child",
            str(app_paths.data_dir),
            str(tmp_path / "child.ini"),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "typed"
        deadline = time.monotonic() + 30
        while not _snapshot_written(app_paths.autosave_dir) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _snapshot_written(app_paths.autosave_dir), "no autosave within 30 s"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    assert child.returncode == -signal.SIGKILL

    offered: list[list[str]] = []

    def recover_all(_parent: object, titles: list[str]) -> list[int]:
        offered.append(titles)
        return list(range(len(titles)))

    monkeypatch.setattr(RecoveryDialog, "ask", staticmethod(recover_all))
    library = open_library(app_paths)
    try:
        window = make_window(qtbot, library, app_paths, tmp_path / "settings.ini")
        window.offer_recovery()
        assert offered == [[f"{UNSAVED_TITLE} (new clause)"]]
        editor = window.workspace.current_editor()
        assert editor is not None
        assert editor.body() == UNSAVED_WORDING
        assert editor.title_edit.text() == UNSAVED_TITLE
        assert editor.is_modified()
        window.offer_recovery()
        assert len(offered) == 1  # recovered once, not offered again
        window.close()
        window.runner.shutdown()
    finally:
        library.database.dispose()


def test_a_clean_exit_leaves_nothing_to_recover(
    qtbot: QtBot, app_paths: AppPaths, tmp_path: Path, answers: dict[str, object]
) -> None:
    library = open_library(app_paths)
    try:
        window = make_window(qtbot, library, app_paths, tmp_path / "settings.ini")
        editor = window.new_clause()
        editor.body_edit.insertPlainText("typed then discarded")
        window.autosave.write_now()
        assert list(app_paths.autosave_dir.glob("session-*/*.json"))
        window.close()  # the answers fixture discards
        window.runner.shutdown()
        assert list(app_paths.autosave_dir.glob("session-*")) == []
    finally:
        library.database.dispose()
