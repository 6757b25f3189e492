"""Every item model of the window passes Qt's model tester and shows the right rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, Qt
from pytestqt.modeltest import ModelTester

from app.domain.clause import ClauseSummary, ClauseVersion, Risk, Status, Tier
from app.ui.category_model import CATEGORY_ROLE, CategoryTreeModel
from app.ui.clause_table_model import (
    ALL_CATEGORIES,
    KEY_ROLE,
    RISK,
    TITLE,
    ClauseFilterProxy,
    ClauseTableModel,
    label,
)
from app.ui.history_model import VersionHistoryModel

WHEN = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


def summary(key: str, title: str, **changes: object) -> ClauseSummary:
    fields: dict[str, object] = {
        "key": key,
        "title": title,
        "type": "governing-law",
        "category": "governing-law",
        "tier": Tier.PREFERRED,
        "risk": Risk.LOW,
        "status": Status.APPROVED,
        "version": 1,
        "updated_at": WHEN,
    }
    fields.update(changes)
    return ClauseSummary(**fields)  # type: ignore[arg-type]


CLAUSES = [
    summary("b", "Beta", risk=Risk.HIGH, category="competitor-training"),
    summary("a", "Alpha"),
    summary("c", "Gamma", status=Status.RETIRED),
    summary("d", "Delta", category=None, tier=None),
]


def check_model(tester: ModelTester, model: QAbstractItemModel) -> None:
    """Qt's model tester (pytest-qt's check is untyped; this gives it a signature)."""
    check: Callable[[QAbstractItemModel], None] = tester.check
    check(model)


def _titles(proxy: ClauseFilterProxy) -> list[str]:
    return [str(proxy.index(r, TITLE).data()) for r in range(proxy.rowCount())]


def test_clause_table_model_passes_qt_model_checks(qtmodeltester: ModelTester) -> None:
    model = ClauseTableModel()
    model.set_clauses(CLAUSES)
    check_model(qtmodeltester, model)
    assert model.index(0, TITLE).data() == "Alpha"
    assert model.index(0, TITLE).data(KEY_ROLE) == "a"
    model.show_only(frozenset({"b"}))
    check_model(qtmodeltester, model)
    assert model.rowCount() == 1 and model.row_of("a") is None


def test_clause_filter_proxy_passes_qt_model_checks(qtmodeltester: ModelTester) -> None:
    model = ClauseTableModel()
    proxy = ClauseFilterProxy()
    proxy.setSourceModel(model)
    model.set_clauses(CLAUSES)
    model.show_only(frozenset({"a", "b"}))
    check_model(qtmodeltester, proxy)


def test_proxy_hides_retired_clauses_until_asked() -> None:
    model = ClauseTableModel()
    proxy = ClauseFilterProxy()
    proxy.setSourceModel(model)
    model.set_clauses(CLAUSES)
    assert _titles(proxy) == ["Alpha", "Beta", "Delta"]
    proxy.set_show_retired(True)
    assert _titles(proxy) == ["Alpha", "Beta", "Delta", "Gamma"]


def test_proxy_filters_by_category_and_search_matches() -> None:
    model = ClauseTableModel()
    proxy = ClauseFilterProxy()
    proxy.setSourceModel(model)
    model.set_clauses(CLAUSES)
    proxy.set_category("competitor-training")
    assert _titles(proxy) == ["Beta"]
    proxy.set_category("")
    assert _titles(proxy) == ["Delta"]
    proxy.set_category(ALL_CATEGORIES)
    model.show_only(frozenset({"d", "a", "c"}))  # a search's results; c is retired
    assert _titles(proxy) == ["Alpha", "Delta"]
    model.show_only(None)
    assert _titles(proxy) == ["Alpha", "Beta", "Delta"]


def test_sorting_by_risk_puts_high_risk_first_when_descending() -> None:
    model = ClauseTableModel()
    proxy = ClauseFilterProxy()
    proxy.setSourceModel(model)
    model.set_clauses(CLAUSES)
    proxy.sort(RISK, Qt.SortOrder.DescendingOrder)
    assert _titles(proxy)[0] == "Beta"
    assert model.row_of("b") == 0


def test_sorting_keeps_persistent_indexes_on_their_clause() -> None:
    model = ClauseTableModel()
    model.set_clauses(CLAUSES)
    from PySide6.QtCore import QPersistentModelIndex

    alpha = QPersistentModelIndex(model.index(0, TITLE))
    model.sort(TITLE, Qt.SortOrder.DescendingOrder)
    assert alpha.data() == "Alpha"
    assert alpha.row() == 3


def test_category_tree_passes_qt_model_checks(qtmodeltester: ModelTester) -> None:
    model = CategoryTreeModel()
    model.set_counts({"governing-law": 2, "competitor-training": 1, "": 1})
    check_model(qtmodeltester, model)
    root = model.index(0, 0)
    assert root.data() == "All clauses (4)"
    children = [model.index(r, 0, root).data(CATEGORY_ROLE) for r in range(model.rowCount(root))]
    assert children == ["competitor-training", "governing-law", ""]


def test_version_history_model_passes_qt_model_checks(qtmodeltester: ModelTester) -> None:
    model = VersionHistoryModel()
    model.set_versions(
        [
            ClauseVersion(1, "old", "ann", "Created", WHEN),
            ClauseVersion(2, "new", "bob", "Narrowed", WHEN + dt.timedelta(days=1)),
        ]
    )
    check_model(qtmodeltester, model)
    assert model.index(0, 0).data() == "2"
    assert model.index(0, 3).data() == "Narrowed"


def test_labels_read_like_words() -> None:
    assert label("competitor-training") == "Competitor training"
    assert label("api-keys") == "API keys"
    assert label(None) == ""
