"""The "Connect to team library..." dialog: URL without password, keyring, test connection."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from app.storage import credentials
from app.ui.connect_dialog import ConnectDialog
from tests.memory_keyring import MemoryKeyring, install_memory_keyring
from tests.pg_server import fresh_database_url, postgres_server


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    yield from install_memory_keyring()


def _fill(dialog: ConnectDialog, host: str, port: int, database: str, user: str) -> None:
    dialog.host_edit.setText(host)
    dialog.port_spin.setValue(port)
    dialog.database_edit.setText(database)
    dialog.user_edit.setText(user)


def test_remembered_password_goes_to_the_keyring_and_never_into_the_url(
    qtbot: QtBot, memory_keyring: MemoryKeyring
) -> None:
    dialog = ConnectDialog(None)
    qtbot.addWidget(dialog)
    _fill(dialog, "db.example.com", 6543, "legal", "alice")
    dialog.password_edit.setText("s3cret")
    dialog.remember_box.setChecked(True)

    url = dialog.result_url()

    assert url == "postgresql+psycopg://alice@db.example.com:6543/legal"
    assert "s3cret" not in url
    account = "alice@db.example.com:6543/legal"
    assert memory_keyring.saved == {("clausewright", account): "s3cret"}


def test_a_password_not_remembered_is_kept_for_the_session_only(
    qtbot: QtBot, memory_keyring: MemoryKeyring
) -> None:
    dialog = ConnectDialog(None)
    qtbot.addWidget(dialog)
    _fill(dialog, "db.example.com", 5432, "legal", "bob")
    dialog.password_edit.setText("typed-once")

    url = dialog.result_url()

    assert memory_keyring.saved == {}
    assert credentials.password_for(credentials.address_of(url)) == "typed-once"


def test_connect_is_disabled_until_server_database_and_user_are_given(qtbot: QtBot) -> None:
    dialog = ConnectDialog(None)
    qtbot.addWidget(dialog)
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    connect = buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.user_edit.setText("")
    assert not connect.isEnabled() and not dialog.test_button.isEnabled()
    dialog.user_edit.setText("carol")
    assert connect.isEnabled() and dialog.test_button.isEnabled()


def test_an_existing_url_fills_the_fields(qtbot: QtBot) -> None:
    dialog = ConnectDialog(None, "postgresql+psycopg://dan@srv:5433/team")
    qtbot.addWidget(dialog)
    assert dialog.address() == credentials.ServerAddress("srv", 5433, "team", "dan")


@pytest.mark.postgres
def test_test_connection_reports_the_server_without_freezing(qtbot: QtBot, tmp_path: Path) -> None:
    server = postgres_server()
    generator = fresh_database_url("postgresql", tmp_path)
    url = next(generator)
    try:
        dialog = ConnectDialog(None, url)
        qtbot.addWidget(dialog)
        dialog.test_button.click()
        assert dialog.status_label.text() == "Connecting…"  # the GUI thread did not wait
        qtbot.waitUntil(lambda: dialog.status_label.text() != "Connecting…", timeout=10_000)
        assert "Connected to PostgreSQL 15" in dialog.status_label.text()
        assert "empty database" in dialog.status_label.text()
        assert server.port == dialog.port_spin.value()
    finally:
        generator.close()


def test_an_unreachable_server_is_reported_in_the_dialog(qtbot: QtBot) -> None:
    dialog = ConnectDialog(None, "postgresql+psycopg://nobody@127.0.0.1:1/none")
    qtbot.addWidget(dialog)
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.status_label.text().startswith("Not connected"), timeout=10_000)
    assert "nobody@127.0.0.1:1/none" in dialog.status_label.text()


def test_ask_returns_none_when_cancelled(qtbot: QtBot) -> None:
    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ConnectDialog)
        dialog.reject()

    QTimer.singleShot(0, cancel)
    assert ConnectDialog.ask(None, "postgresql+psycopg://erin@srv/team") is None
