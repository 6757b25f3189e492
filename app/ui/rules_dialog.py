"""The rules manager: switch rules on and off, edit or add a rule and try it on sample text.

The user's rules live in their own file (``user_rules.yaml`` in the user data folder): an
edited shipped rule is saved there under the same id and overrides the shipped one, so
shipped rules can be updated without losing the user's edits.

On a library with a team playbook (rules kept in the library database for everyone), the
team's rules are listed with the origin "team", and the user may publish their own rules to
the team; a publish over a playbook someone else changed meanwhile is refused. Publishing runs
in the background (the window's BackgroundRunner), so a slow server never freezes the window.

Use::

    scanning = RulesDialog.ask(parent, scanning, paths.user_rules_dir, team=playbook)
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ClausewrightError, ConflictError
from app.domain.findings import RuleSpec
from app.services.scanning import Scanning, UserRules, rule_from_text, rule_to_text, try_rule
from app.ui.background import BackgroundRunner
from app.ui.highlighting import FindingsHighlighter, is_dark
from app.ui.table_model import HeaderedTableModel

if TYPE_CHECKING:
    from app.domain.playbook import SharedPlaybook
    from app.services.shared_playbook import TeamPlaybook

ENABLED, RULE_ID, CATEGORY, SEVERITY, ORIGIN = range(5)
HEADERS = ("On", "Rule", "Category", "Severity", "Origin")
_Index = QModelIndex | QPersistentModelIndex

NEW_RULE = """id: my-rules.example
category: competitor-training
severity: high
explanation: Describe in one line why this matters.
patterns:
  - '{use} ~10 to ~4 {develop} ~8 {ai_model}'
"""


class RulesModel(HeaderedTableModel):
    """The merged rules with a check box to switch each on or off.

    Signals:
        enabled_changed(str, bool): the user switched a rule on or off.
    """

    HEADERS = HEADERS

    enabled_changed = Signal(str, bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rules: list[RuleSpec] = []
        self._origins: list[str] = []

    def set_rules(self, rules: list[RuleSpec], origins: list[str]) -> None:
        self.beginResetModel()
        self._rules, self._origins = list(rules), list(origins)
        self.endResetModel()

    def rule(self, row: int) -> RuleSpec:
        return self._rules[row]

    def row_of(self, rule_id: str) -> int:
        return next((i for i, r in enumerate(self._rules) if r.id == rule_id), -1)

    def row_total(self) -> int:
        return len(self._rules)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == ENABLED:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rules):
            return None
        rule = self._rules[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == ENABLED:
            return Qt.CheckState.Checked if rule.enabled else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                RULE_ID: rule.id,
                CATEGORY: rule.category,
                SEVERITY: rule.severity.value,
                ORIGIN: self._origins[index.row()],
            }.get(column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return rule.explanation
        return None

    def setData(self, index: _Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != ENABLED:
            return False
        if role != Qt.ItemDataRole.CheckStateRole:
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
        row = index.row()
        self._rules[row] = replace(self._rules[row], enabled=checked)
        self.dataChanged.emit(index, index, [role])
        self.enabled_changed.emit(self._rules[row].id, checked)
        return True


class RulesDialog(QDialog):
    """Lists rules; the editor and test pane below act on the selected (or a new) rule.

    Signals:
        rules_saved(Scanning): the user's rules were saved; the scanning service to use now.
        publish_finished(bool, str): a publish to the team ended: published or not, and the
            message shown.
    """

    rules_saved = Signal(object)
    publish_finished = Signal(bool, str)

    def __init__(
        self,
        scanning: Scanning,
        user_folder: Path,
        parent: QWidget | None = None,
        *,
        team: TeamPlaybook | None = None,
        runner: BackgroundRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Highlighting rules")
        self._runner = runner or _runner_of(parent) or BackgroundRunner(self._on_publish_failed)
        self.resize(1000, 700)
        self.scanning = scanning
        self._folder = user_folder
        self._user = scanning.user
        self._team = team
        self.team_status = QLabel()
        self.team_status.setAccessibleName("Team playbook")
        self.team_status.setWordWrap(True)
        self.publish_button = QPushButton("&Publish My Rules to Team")
        self.publish_button.setToolTip(
            "Store your rules in the library database as the team's playbook, for everyone"
        )
        self.publish_button.clicked.connect(self.publish_to_team)
        self.model = RulesModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Rules")
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(RULE_ID, QHeaderView.ResizeMode.Stretch)
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName("Rule (YAML)")
        self.sample = QPlainTextEdit()
        self.sample.setAccessibleName("Test text")
        self.sample.setPlaceholderText("Paste clause text here to test the rule")
        self.test_result = QLabel()
        self.test_result.setAccessibleName("Test result")
        self.test_result.setWordWrap(True)
        self._highlighter = FindingsHighlighter(self.sample.document(), is_dark(self.palette()))
        self._build_layout()
        self._test_timer = QTimer(self)
        self._test_timer.setSingleShot(True)
        self._test_timer.setInterval(300)  # debounce while the user types
        self._test_timer.timeout.connect(self.run_test)
        self.editor.textChanged.connect(self._test_timer.start)
        self.sample.textChanged.connect(self._test_timer.start)
        self.model.enabled_changed.connect(self._on_model_enabled_changed)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        self._reload()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        scanning: Scanning,
        user_folder: Path,
        *,
        team: TeamPlaybook | None = None,
        runner: BackgroundRunner | None = None,
    ) -> Scanning | None:
        """Show the dialog; the scanning service with the saved rules, or None if unchanged.

        Without ``runner``, publishing uses the parent window's ``runner`` if it has one.
        """
        dialog = cls(scanning, user_folder, parent, team=team, runner=runner)
        saved: list[Scanning] = []
        dialog.rules_saved.connect(saved.append)
        dialog.exec()
        return saved[-1] if saved else None

    def _build_layout(self) -> None:
        buttons = QHBoxLayout()
        self.new_button = QPushButton("&New rule")
        self.save_button = QPushButton("&Save rule")
        self.revert_button = QPushButton("&Revert to shipped")
        for button in (self.new_button, self.save_button, self.revert_button):
            buttons.addWidget(button)
        buttons.addStretch()
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.save_button.clicked.connect(self.save_rule)
        self.revert_button.clicked.connect(self._on_revert_button_clicked)
        lower = QSplitter()
        lower.addWidget(self.editor)
        test = QWidget()
        test_layout = QVBoxLayout(test)
        test_layout.setContentsMargins(0, 0, 0, 0)
        test_layout.addWidget(self.sample)
        test_layout.addWidget(self.test_result)
        lower.addWidget(test)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        team_bar = QHBoxLayout()
        team_bar.addWidget(self.team_status, 1)
        team_bar.addWidget(self.publish_button)
        layout = QVBoxLayout(self)
        layout.addLayout(team_bar)
        layout.addWidget(self.table, 2)
        layout.addLayout(buttons)
        layout.addWidget(lower, 3)
        layout.addWidget(close)

    def _reload(self, select: str | None = None) -> None:
        rules = list(self.scanning.rules.rules)
        shipped = {r.id for r in self.scanning.shipped.rules}
        own = {r.id for r in self._user.rules}
        team = self.scanning.team_rule_ids
        origins = [_origin(r.id, own, team, shipped) for r in rules]
        self.model.set_rules(rules, origins)
        self._show_team_status()
        row = self.model.row_of(select) if select else 0
        if self.model.rowCount() and row >= 0:
            self.table.selectRow(row)

    def _save_user(self, user: UserRules, select: str | None, reload: bool = True) -> None:
        try:
            self.scanning = self.scanning.save_user_rules(self._folder, user)
        except (ClausewrightError, OSError) as exc:
            self.test_result.setText(f"Not saved: {exc}")
            return
        self._user = user
        self.rules_saved.emit(self.scanning)
        if reload:
            self._reload(select)

    def _show_team_status(self, problem: str = "") -> None:
        self.publish_button.setVisible(self._team is not None)
        team = self.scanning.team
        if team is None:
            text = "No team playbook: the rules below are the shipped ones and yours."
        else:
            stored, when = team.playbook, team.playbook.updated_at.astimezone()
            count = len(team.rules.rules)
            text = (
                f"Team playbook in use: {count} team rule{'' if count == 1 else 's'}, "
                f"published by {stored.updated_by} on {when.day} {when:%b %Y %H:%M}."
            )
        self.team_status.setText(f"{problem} {text}".strip())

    def publish_to_team(self) -> None:
        """Make the user's rules the team's playbook, unless someone published meanwhile.

        The server is written from the background; the dialog says so until it answers.
        """
        if self._team is None or not self.publish_button.isEnabled():
            return
        team, user = self._team, self._user
        lock = self.scanning.team.playbook.lock_version if self.scanning.team else None
        self.publish_button.setEnabled(False)
        self._show_team_status("Publishing your rules to the team…")
        self._runner.run(
            lambda: team.save(user, expected_lock=lock),
            lambda stored: self._on_published(user, stored),
            on_error=self._on_publish_failed,
        )

    def _on_published(self, user: UserRules, stored: SharedPlaybook) -> None:
        from app.services.shared_playbook import TeamRules

        self.publish_button.setEnabled(True)
        self.scanning = self.scanning.with_team_rules(TeamRules(user, stored))
        self.rules_saved.emit(self.scanning)
        self._reload()
        self._show_team_status("Published.")
        self._publish_done(True, "Published your rules as the team playbook.")

    def _on_publish_failed(self, exc: BaseException) -> None:
        self.publish_button.setEnabled(True)
        if isinstance(exc, ConflictError):
            message = (
                f"Not published: {exc}; nothing was overwritten. Close and reopen the rules "
                "to see theirs."
            )
        elif isinstance(exc, ClausewrightError):
            message = f"Not published: {exc}."
        else:
            message = f"Not published: {type(exc).__name__}: {exc}."
        self._show_team_status(message)
        self._publish_done(False, message)

    def _publish_done(self, published: bool, message: str) -> None:
        window = self.parent()
        if not self.isVisible() and isinstance(window, QMainWindow):
            window.statusBar().showMessage(message, 8000)  # the dialog was closed meanwhile
        self.publish_finished.emit(published, message)

    def _on_model_enabled_changed(self, rule_id: str, enabled: bool) -> None:
        disabled = set(self._user.disabled)
        if enabled:
            disabled.discard(rule_id)
        else:
            disabled.add(rule_id)
        # The model already shows the new state: no reset while it is inside setData.
        self._save_user(replace(self._user, disabled=frozenset(disabled)), rule_id, reload=False)

    def _on_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.editor.setPlainText(rule_to_text(self.model.rule(current.row())))

    def _on_new_button_clicked(self) -> None:
        self.table.clearSelection()
        self.editor.setPlainText(NEW_RULE)

    def _on_revert_button_clicked(self) -> None:
        rule = self.edited_rule()
        if rule is None:
            return
        remaining = tuple(r for r in self._user.rules if r.id != rule.id)
        self._save_user(replace(self._user, rules=remaining), rule.id)

    def edited_rule(self) -> RuleSpec | None:
        """The rule in the editor, or None (the problem is shown under the test text)."""
        try:
            return rule_from_text(self.editor.toPlainText(), str(self._folder))
        except ValueError as exc:
            self.test_result.setText(f"Rule not valid: {exc}")
            return None

    def save_rule(self) -> None:
        """Save the edited rule among the user's rules (replacing one with the same id)."""
        rule = self.edited_rule()
        if rule is None or not self._compiles(rule):
            return
        others = tuple(r for r in self._user.rules if r.id != rule.id)
        self._save_user(replace(self._user, rules=(*others, rule)), rule.id)

    def _compiles(self, rule: RuleSpec) -> bool:
        try:
            try_rule(rule, self.scanning.rules.terms, "")
        except ClausewrightError as exc:
            self.test_result.setText(f"Rule not valid: {exc}")
            return False
        return True

    def run_test(self) -> None:
        """Run the edited rule over the test text and highlight what it finds."""
        self._test_timer.stop()
        rule = self.edited_rule()
        if rule is None:
            self._highlighter.set_findings([])
            return
        try:
            findings = try_rule(rule, self.scanning.rules.terms, self.sample.toPlainText())
        except ClausewrightError as exc:
            self._highlighter.set_findings([])
            self.test_result.setText(f"Rule not valid: {exc}")
            return
        self._highlighter.set_findings(findings)
        matched = "; ".join(f"\u201c{f.text}\u201d" for f in findings)
        self.test_result.setText(f"{len(findings)} matches" + (f": {matched}" if matched else ""))


def _runner_of(parent: QWidget | None) -> BackgroundRunner | None:
    """The window's background runner (a main window has one as ``runner``)."""
    runner = getattr(parent, "runner", None)
    return runner if isinstance(runner, BackgroundRunner) else None


def _origin(rule_id: str, own: set[str], team: frozenset[str], shipped: set[str]) -> str:
    """Where the rule in use comes from: the user's own (new or an edited shipped one), the
    team's playbook, or the shipped rules."""
    if rule_id in own:
        return "edited" if rule_id in shipped or rule_id in team else "yours"
    return "team" if rule_id in team else "shipped"
