"""Moving a library to a team server and back: the exported clause files are byte-identical."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.clause import Status
from app.domain.errors import InvalidInputError
from app.services.clause_library import ClauseLibrary
from app.services.library_transfer import copy_library, library_url
from app.storage.database import Database
from tests.conftest import FixedClock, make_meta


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _export(url: str, folder: Path) -> dict[str, bytes]:
    database = Database.open(url)
    try:
        ClauseLibrary(database).export_folder(folder)
    finally:
        database.dispose()
    return _files(folder)


@pytest.mark.postgres
def test_sqlite_to_postgres_to_sqlite_exports_identical_files(tmp_path: Path, pg_url: str) -> None:
    local_url = f"sqlite:///{tmp_path / 'local.db'}"
    database = Database.open(local_url)
    library = ClauseLibrary(database, user="alice", clock=FixedClock())
    law = library.create(make_meta(), "Governed by English law.", key="law")
    library.revise(
        "law", "Governed by Irish law.", "Move to Dublin", expected_lock=law.lock_version
    )
    library.create(make_meta("Venue", notes="Für Gerichte — “quoted”"), "Courts of Paris.")
    library.retire("venue")
    database.dispose()

    original = _export(local_url, tmp_path / "original")
    copy_library(local_url, pg_url)
    on_server = _export(pg_url, tmp_path / "server")
    back_url = f"sqlite:///{tmp_path / 'back.db'}"
    copy_library(pg_url, back_url)
    back = _export(back_url, tmp_path / "back")

    assert len(original) == 2
    assert on_server == original
    assert back == original
    restored = Database.open(back_url)
    try:
        assert ClauseLibrary(restored).get("venue").status is Status.RETIRED
    finally:
        restored.dispose()


def test_a_missing_source_file_is_refused_and_no_target_is_created(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="no such library file"):
        copy_library(str(tmp_path / "missing.db"), str(tmp_path / "target.db"))
    assert not (tmp_path / "target.db").exists()


def test_copying_a_library_onto_itself_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "same.db"
    with pytest.raises(InvalidInputError, match="the same library"):
        copy_library(str(path), f"sqlite:///{path}")


def test_plain_paths_are_sqlite_urls(tmp_path: Path) -> None:
    assert library_url(str(tmp_path / "a.db")) == f"sqlite:///{tmp_path / 'a.db'}"
    assert library_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
