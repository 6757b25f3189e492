"""Fixtures shared by every test: a real SQLite library in a temporary folder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.clause import ClauseMetadata, Risk, Status, Tier
from app.resources import resource_path, shipped_library_dir
from app.services.clause_library import ClauseLibrary
from app.services.paths import AppPaths
from app.storage.database import Database

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


class FixedClock:
    """A clock that advances one minute per call, so histories are ordered and repeatable."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(minutes=1)
        return self.now


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'library.db'}"


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    database = Database.open(db_url)
    yield database
    database.dispose()


@pytest.fixture
def library(database: Database) -> ClauseLibrary:
    return ClauseLibrary(database, user="alice", clock=FixedClock())


@pytest.fixture
def app_paths(tmp_path: Path) -> AppPaths:
    return AppPaths(
        data_dir=tmp_path / "data",
        shipped_library=shipped_library_dir(),
        resources=resource_path(),
    )


def make_meta(title: str = "Governing Law", **changes: object) -> ClauseMetadata:
    fields: dict[str, object] = {
        "title": title,
        "type": "governing-law",
        "category": "governing-law",
        "tier": Tier.PREFERRED,
        "tags": ("boilerplate",),
        "risk": Risk.MEDIUM,
        "status": Status.APPROVED,
        "owner": "Legal",
    }
    fields.update(changes)
    return ClauseMetadata(**fields)  # type: ignore[arg-type]
