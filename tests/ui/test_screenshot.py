"""`clausewright gui --screenshot` renders the started window to a PNG and exits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]


def _run(tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        CLAUSEWRIGHT_DATA_DIR=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    return subprocess.run(
        [sys.executable, "-m", "app", "gui", *extra],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_screenshot_with_an_open_clause_is_written(tmp_path: Path) -> None:
    png = tmp_path / "window.png"
    result = _run(tmp_path, "--screenshot", str(png), "--open", "competitor-training-preferred")
    assert result.returncode == 0, result.stderr
    image = QImage(str(png))
    assert image.width() >= 800 and image.height() >= 600
    assert not (tmp_path / "config" / "Clausewright").exists()  # screenshots change no settings


def test_screenshot_of_an_unknown_clause_fails_with_one_line(tmp_path: Path) -> None:
    result = _run(tmp_path, "--screenshot", str(tmp_path / "x.png"), "--open", "no-such-clause")
    assert result.returncode == 1
    assert "no clause with key 'no-such-clause'" in result.stderr
