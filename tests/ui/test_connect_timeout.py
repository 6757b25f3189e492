"""Test Connection against a server that accepts the connection and never answers."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.storage import team_server
from app.ui.connect_dialog import ConnectDialog

pytest.importorskip("psycopg")


@pytest.fixture
def silent_port() -> Iterator[int]:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield int(server.getsockname()[1])


def test_a_silent_server_is_reported_in_one_line_within_the_timeout(
    qtbot: QtBot, silent_port: int, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(team_server, "CONNECT_TIMEOUT_S", 2)
    dialog = ConnectDialog(None, f"postgresql+psycopg://alice@127.0.0.1:{silent_port}/library")
    qtbot.addWidget(dialog)
    dialog.show()
    started = time.monotonic()

    dialog.test_button.click()

    assert dialog.status_label.text() == "Connecting…"  # the window keeps answering
    qtbot.waitUntil(lambda: dialog.status_label.text() != "Connecting…", timeout=8_000)
    assert time.monotonic() - started < 8
    status = dialog.status_label.text()
    assert status == (
        f"Not connected: cannot connect to alice@127.0.0.1:{silent_port}/library: "
        "connection timeout expired"
    )
    assert dialog.test_button.isEnabled()  # the user may try again
    dialog.grab().save(str(tmp_path / "connect-timeout.png"))
