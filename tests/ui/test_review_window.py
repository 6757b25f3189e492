"""Reviewing a customer's contract in the window: start, read the risks, decide, reply, save,
reopen from the saved reviews, and drop a contract on the window."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from PySide6.QtCore import QEvent, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu
from pytestqt.qtbot import QtBot

from app.docx_io.revisions import read_revisions
from app.domain.review import ReviewDecision
from app.services.clause_library import ClauseLibrary
from app.services.drafting import Drafting
from app.ui.dialogs import Choice
from app.ui.main_window import MainWindow
from app.ui.review_desk import standard_choices
from app.ui.review_dialog import ExportPathDialog, ReviewRequest, StandardChoice, StartReviewDialog
from app.ui.review_model import CATEGORIES, DECISION, RISK, ReviewModel, SavedReviewsModel
from app.ui.review_tab import ReviewTab
from app.ui.theme import DARK, LIGHT, contrast_ratio

SAMPLE = "terms-of-service-ai-api"
COMPETING = "Use of Output to Develop Competing Models"
NOTE = "Ask the partner first.\nThen call Acme."


def _customer_copy(library: ClauseLibrary, folder: Path) -> Path:
    """The sample terms as a customer sends them back: the competitor-training clause gone."""
    exported = folder / "terms.docx"
    Drafting(library.database).export_docx(SAMPLE, exported)
    word = docx.Document(str(exported))
    paragraphs = word.paragraphs
    start = next(k for k, p in enumerate(paragraphs) if p.text == COMPETING)
    end = start + 1
    while not str(getattr(paragraphs[end].style, "name", "")).startswith("Heading"):
        end += 1
    for paragraph in paragraphs[start:end]:
        element = paragraph._element
        parent = element.getparent()
        assert parent is not None
        parent.remove(element)
    customer = folder / "acme-terms.docx"
    word.save(str(customer))
    return customer


@pytest.fixture
def contract(shipped_library: ClauseLibrary, tmp_path: Path) -> Path:
    return _customer_copy(shipped_library, tmp_path)


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch, contract: Path, tmp_path: Path) -> dict[str, object]:
    """The start dialog answers with the contract against the sample terms; exports go to
    tmp_path. ``asked`` records what the dialogs were shown."""
    given: dict[str, object] = {"request": ReviewRequest(contract, f"doc:{SAMPLE}", "Acme Corp")}

    def start(_parent: object, standards: list[StandardChoice], path: str = "") -> object:
        given["standards"] = standards
        given["contract"] = path
        return given["request"]

    def export(_parent: object, _title: str, suggested: str) -> Path:
        given["suggested"] = suggested
        return tmp_path / "out" / suggested

    (tmp_path / "out").mkdir()
    monkeypatch.setattr(StartReviewDialog, "ask", staticmethod(start))
    monkeypatch.setattr(ExportPathDialog, "ask", staticmethod(export))
    return given


def _start_review(qtbot: QtBot, window: MainWindow) -> ReviewTab:
    with qtbot.waitSignal(window.reviews.review_opened, timeout=60_000) as opened:
        window.commands.review.trigger()
    window.runner.wait_until_idle()
    tab = opened.args[0]
    assert isinstance(tab, ReviewTab)
    return tab


def _row_of_heading(tab: ReviewTab, heading: str) -> int:
    review = tab.state.review
    return next(
        row
        for row in range(tab.model.rowCount())
        if review.clauses[tab.model.position(row)].heading == heading
    )


def test_review_tab_shows_the_lost_competitor_training_protection_first(
    qtbot: QtBot, window: MainWindow, asked: dict[str, object]
) -> None:
    tab = _start_review(qtbot, window)
    specs = [c.spec for c in asked["standards"]]  # type: ignore[attr-defined]
    assert f"doc:{SAMPLE}" in specs
    assert window.workspace.tabs.currentWidget() is tab
    assert "LOST protections: competitor-training" in tab.banner.text().replace("</b>", "")
    first = tab.model.index(0, RISK)
    assert first.data() == "LOST"
    assert "competitor-training" in tab.model.index(0, CATEGORIES).data()
    assert _row_of_heading(tab, COMPETING) == 0
    # The first row is selected: its redline and the library's positions with their wording.
    assert tab.current_position() == tab.model.position(0)
    assert COMPETING in tab.clause_label.text()
    assert "competitor-training-fallback" in tab.positions.toPlainText()
    assert tab.redline.toPlainText().strip()


def test_restore_with_a_comment_writes_a_reply_with_tracked_changes_and_the_comment(
    qtbot: QtBot, window: MainWindow, asked: dict[str, object], contract: Path
) -> None:
    tab = _start_review(qtbot, window)
    tab.choice_combo.setCurrentIndex(tab.choice_combo.findData("restore"))
    tab.comment_edit.setPlainText("We need this protection.")
    position = tab.model.position(0)
    assert tab.state.decisions[position] == ReviewDecision(
        position, "restore", "We need this protection."
    )
    assert tab.is_modified()
    assert "restore standard" in tab.model.index(0, tab.model.columnCount() - 1).data()

    with qtbot.waitSignal(window.reviews.review_exported, timeout=30_000) as exported:
        tab.export_buttons["reply"].click()
    kind, out = exported.args
    assert kind == "reply" and out.name == asked["suggested"] == "acme-terms-reply.docx"
    accepted, rejected = read_revisions(Path(out))
    assert rejected == read_revisions(contract)[0]  # rejecting all gives the customer's text
    assert accepted != rejected
    assert any("compet" in line.casefold() for line in set(accepted) - set(rejected))
    assert [c.text for c in docx.Document(str(out)).comments] == ["We need this protection."]


def test_saved_review_reopens_from_the_saved_reviews_with_its_notes(
    qtbot: QtBot, window: MainWindow, asked: dict[str, object]
) -> None:
    tab = _start_review(qtbot, window)
    tab.choice_combo.setCurrentIndex(tab.choice_combo.findData("restore"))
    tab.comment_edit.setPlainText("Must have.")
    position = tab.current_position()
    assert position is not None
    with qtbot.waitSignal(window.reviews.review_saved, timeout=10_000) as saved:
        tab.save_button.click()
    review_id = saved.args[0]
    assert not tab.is_modified()
    window.reviews.close_tab(tab)
    assert tab not in window.reviews.tabs()

    window.commands.saved_reviews.trigger()
    window.runner.wait_until_idle()
    panel = window.reviews.panel
    assert panel is not None and panel.isVisible()
    assert panel.model.rowCount() == 1
    assert panel.model.index(0, 0).data() == "Acme Corp"
    assert panel.model.index(0, 1).data() == "acme-terms.docx"
    with qtbot.waitSignal(window.reviews.review_opened, timeout=60_000) as opened:
        panel.reopen_selected()
    window.runner.wait_until_idle()
    again = opened.args[0]
    assert again.state.saved_id == review_id
    assert again.state.decisions == {position: ReviewDecision(position, "restore", "Must have.")}
    assert again.current_position() == position
    assert again.comment_edit.toPlainText() == "Must have."
    assert again.export_buttons["reply"].isEnabled()
    panel.close()


def test_dropping_a_contract_on_the_window_opens_the_review_dialog(
    qtbot: QtBot, window: MainWindow, asked: dict[str, object], contract: Path
) -> None:
    asked["request"] = None  # the user cancels the dialog
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(contract))])
    enter = QDragEnterEvent(
        window.rect().center(),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(window.rect().center()),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        QEvent.Type.Drop,
    )
    QApplication.sendEvent(window, drop)
    window.runner.wait_until_idle()
    assert asked["contract"] == str(contract)
    assert not window.reviews.tabs()


def test_dragging_another_kind_of_file_is_refused(
    window: MainWindow, tmp_path: Path, asked: dict[str, object]
) -> None:
    picture = tmp_path / "scan.png"
    picture.write_bytes(b"\x89PNG")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(picture))])
    enter = QDragEnterEvent(
        window.rect().center(),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter.ignore()
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()
    assert "contract" not in asked


def test_a_broken_word_file_is_one_clear_message_and_no_tab(
    qtbot: QtBot, window: MainWindow, asked: dict[str, object], tmp_path: Path
) -> None:
    broken = tmp_path / "hostile.docx"
    broken.write_bytes(b"PK\x03\x04 this is not a Word document")
    asked["request"] = ReviewRequest(broken, f"doc:{SAMPLE}", "Mallory Ltd")
    with qtbot.waitSignal(window.errors.error_shown, timeout=60_000) as shown:
        window.commands.review.trigger()
    window.runner.wait_until_idle()
    assert "hostile.docx" in shown.args[0]
    assert not window.reviews.tabs()


def test_review_models_pass_the_model_tester(
    qtbot: QtBot, qtmodeltester: object, window: MainWindow, asked: dict[str, object]
) -> None:
    tab = _start_review(qtbot, window)
    model = ReviewModel()
    model.set_review(tab.state.review, {})
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    saved = SavedReviewsModel()
    qtmodeltester.check(saved)  # type: ignore[attr-defined]


def test_a_review_shows_progress_and_a_cancelled_one_opens_no_tab(
    window: MainWindow, asked: dict[str, object]
) -> None:
    request = asked["request"]
    assert isinstance(request, ReviewRequest)
    window.reviews.run_review(request)
    assert window.status.progress_label.text() == "Reviewing acme-terms.docx…"
    assert window.status.cancel_button.isVisibleTo(window)
    window.status.cancel_button.click()
    window.runner.wait_until_idle(60_000)
    assert not window.reviews.tabs()
    assert not window.status.progress_label.isVisibleTo(window)


def test_closing_the_window_asks_about_undecided_changes_and_saves_them(
    qtbot: QtBot, window: MainWindow, asked: dict[str, object], answers: dict[str, object]
) -> None:
    tab = _start_review(qtbot, window)
    tab.choice_combo.setCurrentIndex(tab.choice_combo.findData("accept"))
    answers["unsaved"] = Choice.CANCEL
    assert not window.close()
    assert answers.get("unsaved_asked")
    assert window.isVisible() and tab.is_modified()

    answers["unsaved"] = Choice.SAVE
    with qtbot.waitSignal(window.reviews.review_saved, timeout=10_000):
        window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert not tab.is_modified()


def test_offering_a_fallback_names_the_library_fallback_position(
    qtbot: QtBot, window: MainWindow, asked: dict[str, object]
) -> None:
    tab = _start_review(qtbot, window)
    assert not tab.position_combo.isEnabled()
    tab.choice_combo.setCurrentIndex(tab.choice_combo.findData("fallback"))
    assert tab.position_combo.isEnabled()
    position = tab.model.position(0)
    decision = tab.state.decisions[position]
    assert decision.choice == "fallback"
    assert decision.position_key == "competitor-training-fallback"
    tab.choice_combo.setCurrentIndex(tab.choice_combo.findData(""))
    assert position not in tab.state.decisions


def test_review_report_and_redline_are_written_as_word_files(
    qtbot: QtBot, window: MainWindow, asked: dict[str, object], contract: Path
) -> None:
    tab = _start_review(qtbot, window)
    written: dict[str, Path] = {}
    for kind in ("report", "redline"):
        with qtbot.waitSignal(window.reviews.review_exported, timeout=30_000) as exported:
            tab.export_buttons[kind].click()
        written[kind] = exported.args[1]
    report = "\n".join(p.text for p in docx.Document(str(written["report"])).paragraphs)
    assert "competitor-training" in report
    accepted, rejected = read_revisions(written["redline"])
    # Rejecting all gives the standard (with the clause), accepting all the customer's text.
    assert any(COMPETING in line for line in rejected)
    assert not any(COMPETING in line for line in accepted)


def test_a_saved_review_whose_file_is_gone_reopens_as_saved_without_a_reply(
    qtbot: QtBot, window: MainWindow, asked: dict[str, object], contract: Path
) -> None:
    tab = _start_review(qtbot, window)
    with qtbot.waitSignal(window.reviews.review_saved, timeout=10_000) as saved:
        tab.save_button.click()
    window.reviews.close_tab(tab)
    contract.unlink()
    with qtbot.waitSignal(window.reviews.review_opened, timeout=60_000) as opened:
        window.reviews.reopen(saved.args[0])
    again = opened.args[0]
    assert "no longer there" in again.banner.text()
    assert not again.export_buttons["reply"].isEnabled()
    assert again.model.index(0, RISK).data() == "LOST"


def test_start_dialog_asks_for_contract_standard_and_customer(qtbot: QtBot, tmp_path: Path) -> None:
    choices = [StandardChoice("Terms (latest: version 1)", f"doc:{SAMPLE}")]
    dialog = StartReviewDialog(None, choices, str(tmp_path / "acme.docx"))
    qtbot.addWidget(dialog)
    assert dialog.request() is None  # no customer yet
    dialog.customer_edit.setText("Acme Corp")
    assert dialog.request() == ReviewRequest(tmp_path / "acme.docx", f"doc:{SAMPLE}", "Acme Corp")
    dialog.standard_combo.setCurrentIndex(dialog.standard_combo.count() - 1)  # "A file…"
    assert dialog.request() is None
    dialog.standard_file_edit.setText(str(tmp_path / "ours.md"))
    request = dialog.request()
    assert request is not None and request.standard == str(tmp_path / "ours.md")


def test_a_note_on_an_undecided_clause_is_saved_and_reopened_from_the_saved_reviews(
    qtbot: QtBot, window: MainWindow, asked: dict[str, object]
) -> None:
    tab = _start_review(qtbot, window)
    first, second = tab.model.position(0), tab.model.position(1)
    tab.comment_edit.setPlainText("Ask the partner first.\nThen call Acme.")
    assert tab.choice_combo.currentData() == ""  # still undecided
    assert tab.state.decisions == {first: ReviewDecision.note_only(first, NOTE)}
    assert tab.is_modified()
    assert "✎" in tab.model.index(0, DECISION).data()
    tab.select_position(second)
    assert tab.comment_edit.toPlainText() == ""
    tab.select_position(first)
    assert tab.comment_edit.toPlainText() == NOTE
    with qtbot.waitSignal(window.reviews.review_saved, timeout=10_000):
        tab.save_button.click()
    window.reviews.close_tab(tab)

    window.commands.saved_reviews.trigger()
    window.runner.wait_until_idle()
    panel = window.reviews.panel
    assert panel is not None and panel.model.rowCount() == 1
    with qtbot.waitSignal(window.reviews.review_opened, timeout=60_000) as opened:
        panel.reopen_selected()
    window.runner.wait_until_idle()
    again = opened.args[0]
    assert again.state.decisions == {first: ReviewDecision(first, None, NOTE)}
    again.select_position(first)
    assert again.comment_edit.toPlainText() == NOTE
    assert again.choice_combo.currentData() == ""
    assert not again.is_modified()
    # Deciding later keeps the note as the comment to the customer.
    again.choice_combo.setCurrentIndex(again.choice_combo.findData("restore"))
    assert again.state.decisions[first] == ReviewDecision(first, "restore", NOTE)
    panel.close()


def test_a_note_alone_stays_out_of_the_reply(
    qtbot: QtBot, window: MainWindow, asked: dict[str, object], contract: Path
) -> None:
    tab = _start_review(qtbot, window)
    tab.comment_edit.setPlainText("Internal: check with sales.")
    with qtbot.waitSignal(window.reviews.review_exported, timeout=30_000) as exported:
        tab.export_buttons["reply"].click()
    out = Path(exported.args[1])
    assert read_revisions(out) == read_revisions(contract)  # no tracked change at all
    assert list(docx.Document(str(out)).comments) == []


def test_export_html_writes_the_review_page_with_the_decisions_and_notes(
    qtbot: QtBot, window: MainWindow, asked: dict[str, object]
) -> None:
    tab = _start_review(qtbot, window)
    buttons = list(tab.export_buttons)
    assert buttons.index("html") == buttons.index("report") + 1
    assert tab.export_buttons["html"].text() == "Export HTML…"
    tab.choice_combo.setCurrentIndex(tab.choice_combo.findData("restore"))
    tab.comment_edit.setPlainText("We need this <protection>.")
    tab.select_position(tab.model.position(1))
    tab.comment_edit.setPlainText("Ask the partner first.")
    written: dict[str, Path] = {}
    for kind in ("html", "report"):
        with qtbot.waitSignal(window.reviews.review_exported, timeout=30_000) as exported:
            tab.export_buttons[kind].click()
        assert exported.args[0] == kind
        written[kind] = Path(exported.args[1])
    assert written["html"].name == "acme-terms-review.html"
    page = written["html"].read_text(encoding="utf-8")
    review = page[page.index("<h2>Review</h2>") : page.index("<h2>Redline</h2>")]
    assert review.index(COMPETING) < review.index("<b>Decision:</b> restore standard")
    assert "<b>Note:</b> We need this &lt;protection&gt;." in review
    assert "<b>Note (no decision yet):</b> Ask the partner first." in review
    report = [p.text for p in docx.Document(str(written["report"])).paragraphs]
    for line in (
        "Decision: restore standard",
        "Note: We need this <protection>.",
        "Note (no decision yet): Ask the partner first.",
    ):
        assert line in report, line
    assert not list(written["html"].parent.glob(".*.tmp"))  # written atomically


def test_the_risk_summary_follows_the_dark_theme(
    qtbot: QtBot, window: MainWindow, asked: dict[str, object]
) -> None:
    tab = _start_review(qtbot, window)
    assert LIGHT.delete_bg in tab.banner.styleSheet()
    window.set_colour_scheme("dark")
    assert DARK.delete_bg in tab.banner.styleSheet()
    assert DARK.delete_fg in tab.banner.styleSheet()
    assert contrast_ratio(DARK.delete_fg, DARK.delete_bg) >= 4.5
    assert contrast_ratio(LIGHT.delete_fg, LIGHT.delete_bg) >= 4.5
    window.set_colour_scheme("light")


def test_review_commands_are_in_the_file_and_library_menus(window: MainWindow) -> None:
    assert window.commands.review.shortcut().toString() == "Ctrl+Shift+R"
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    file_menu, library_menu = menus["&File"], menus["&Library"]
    assert isinstance(file_menu, QMenu) and isinstance(library_menu, QMenu)
    assert window.commands.review in file_menu.actions()
    assert window.commands.saved_reviews in library_menu.actions()


def test_the_standards_offered_are_each_document_and_its_saved_versions(
    shipped_library: ClauseLibrary,
) -> None:
    drafting = Drafting(shipped_library.database)
    before = standard_choices(drafting)
    assert [c.spec for c in before if SAMPLE in c.spec] == [f"doc:{SAMPLE}"]
    assert "working draft" in next(c.label for c in before if c.spec == f"doc:{SAMPLE}")
    drafting.save_version(SAMPLE, "Sent to Acme")
    after = standard_choices(drafting)
    specs = [c.spec for c in after if SAMPLE in c.spec]
    assert specs == [f"doc:{SAMPLE}", f"doc:{SAMPLE}@1"]
    assert "latest: version 1" in after[specs.index(f"doc:{SAMPLE}")].label
    assert any("Sent to Acme" in c.label for c in after)


def test_close_tab_shortcut_closes_a_review_tab_after_asking_about_decisions(
    qtbot: QtBot, window: MainWindow, asked: dict[str, object], answers: dict[str, object]
) -> None:
    tab = _start_review(qtbot, window)
    tab.choice_combo.setCurrentIndex(tab.choice_combo.findData("restore"))
    assert tab.is_modified()
    answers["unsaved"] = Choice.CANCEL
    window.commands.close_tab.trigger()
    assert window.workspace.tabs.indexOf(tab) >= 0, "Cancel keeps the review open"
    answers["unsaved"] = Choice.DISCARD
    window.commands.close_tab.trigger()
    assert window.workspace.tabs.indexOf(tab) == -1


def test_export_dialog_offers_a_web_page_for_the_html_export(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    offered: list[str] = []

    def save_name(_parent: object, _title: str, suggested: str, kind: str) -> tuple[str, str]:
        offered.append(kind)
        return str(tmp_path / Path(suggested).stem), kind  # the user typed no extension

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    page = ExportPathDialog.ask(None, "Export HTML…", "acme-review.html")
    word = ExportPathDialog.ask(None, "Review Report…", "acme-review.docx")
    assert page == tmp_path / "acme-review.html" and word == tmp_path / "acme-review.docx"
    assert offered == ["Web page (*.html)", "Word (*.docx)"]
