"""The "Connect to team library..." dialog: server, login, password kept safely, a test."""

from __future__ import annotations

import getpass

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ClausewrightError
from app.services.team_connection import (
    ServerAddress,
    address_of,
    describe_server,
    keep_password,
    keyring_available,
)
from app.ui.background import BackgroundRunner

DEFAULT_PORT = 5432


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


class ConnectDialog(QDialog):
    """Asks where the team library is and how to log in; tests the connection off the GUI thread.

    The password is never part of the URL it returns: it goes to the system keyring when the
    user ticks "remember", else it is kept in memory until the application quits. Left empty,
    the session's or the keyring's password is used, else libpq reads the user's ``.pgpass``.

    Signals: only QDialog's own (``accepted``, ``rejected``).
    """

    def __init__(self, parent: QWidget | None = None, url: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Connect to Team Library")
        self._runner = BackgroundRunner(self._on_runner_error, max_threads=1)
        self._checks = 0
        self.host_edit = self._line("Server (host name)", "localhost")
        self.port_spin = QSpinBox()
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(DEFAULT_PORT)
        self.port_spin.setAccessibleName("Port")
        self.database_edit = self._line("Database", "clausewright")
        self.user_edit = self._line("User", _login_name())
        self.password_edit = self._line("Password", "")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText("empty: use your .pgpass file or saved password")
        self.remember_box = QCheckBox("Remember the password in the system keyring")
        self.remember_box.setAccessibleName("Remember the password in the system keyring")
        if not keyring_available():
            self.remember_box.setEnabled(False)
            self.remember_box.setToolTip(
                "No system keyring is available: the password is kept until you quit."
            )
        self.test_button = QPushButton("Test Connection")
        self.test_button.setAccessibleName("Test connection")
        self.test_button.clicked.connect(self._on_test_button_clicked)
        self.status_label = QLabel("")
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName("Connection status")
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Connect")
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)
        self._layout()
        for edit in (self.host_edit, self.database_edit, self.user_edit):
            edit.textChanged.connect(self._on_field_text_changed)
        if url:
            self._fill_from(url)
        self._on_field_text_changed()

    def _line(self, name: str, text: str) -> QLineEdit:
        edit = QLineEdit(text)
        edit.setAccessibleName(name)
        return edit

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow("&Server:", self.host_edit)
        form.addRow("&Port:", self.port_spin)
        form.addRow("&Database:", self.database_edit)
        form.addRow("&User:", self.user_edit)
        form.addRow("Pass&word:", self.password_edit)
        form.addRow("", self.remember_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.test_button)
        layout.addWidget(self.status_label)
        layout.addWidget(self._buttons)
        self.resize(480, self.sizeHint().height())

    def _fill_from(self, url: str) -> None:
        try:
            address = address_of(url)
        except ClausewrightError:
            return
        self.host_edit.setText(address.host)
        self.port_spin.setValue(address.port)
        self.database_edit.setText(address.database)
        self.user_edit.setText(address.user)

    def address(self) -> ServerAddress:
        return ServerAddress(
            host=self.host_edit.text().strip(),
            port=self.port_spin.value(),
            database=self.database_edit.text().strip(),
            user=self.user_edit.text().strip(),
        )

    def _complete(self) -> bool:
        address = self.address()
        return bool(address.host and address.database and address.user)

    def _on_field_text_changed(self, _text: str = "") -> None:
        complete = self._complete()
        self.test_button.setEnabled(complete)
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(complete)

    def _on_test_button_clicked(self) -> None:
        address, password = self.address(), self.password_edit.text() or None
        self._checks += 1
        self.status_label.setText("Connecting…")
        self.test_button.setEnabled(False)
        self._runner.run(
            lambda: describe_server(address, password),
            self._on_check_succeeded,
            channel="check",
            on_error=self._on_check_failed,
        )

    def _on_check_succeeded(self, message: str) -> None:
        self.status_label.setText(message)
        self.test_button.setEnabled(self._complete())

    def _on_check_failed(self, error: BaseException) -> None:
        if isinstance(error, ClausewrightError):
            self.status_label.setText(f"Not connected: {error}")
        else:
            self.status_label.setText(f"Not connected: {type(error).__name__}: {error}")
        self.test_button.setEnabled(self._complete())

    def _on_runner_error(self, error: BaseException) -> None:
        self._on_check_failed(error)

    def result_url(self) -> str:
        """After acceptance: keep the password safely and return the URL (without it)."""
        address = self.address()
        password = self.password_edit.text()
        if password:
            keep_password(address, password, in_keyring=self.remember_box.isChecked())
        return address.url()

    def done(self, result: int) -> None:
        # Never wait for a hanging test connection: its late answer is simply dropped.
        self._runner.shutdown(timeout_ms=0)
        super().done(result)

    @classmethod
    def ask(cls, parent: QWidget | None, url: str | None = None) -> str | None:
        """The team library's URL (no password in it), or None if the user cancelled."""
        dialog = cls(parent, url)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.result_url()
