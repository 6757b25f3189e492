"""Environment faults: a read-only database location, a full disk, a database moved or deleted
while open, an export target that cannot be written. Each gives one clear message and loses
nothing.

Read-only and full file systems are real tmpfs mounts (the tests run as root, and chmod does not
stop root); where mounting is not allowed, those tests skip.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import docx
import pytest

from app.domain.errors import ClausewrightError, StorageError
from app.resources import resource_path, shipped_library_dir
from app.services.clause_library import ClauseLibrary
from app.services.drafting import Drafting
from app.services.opening import open_library
from app.services.paths import AppPaths
from app.storage.database import Database
from tests.conftest import FixedClock, make_meta

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = "terms-of-service-ai-api"


def _mount(point: Path, options: str) -> bool:
    point.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


@contextmanager
def tmpfs(point: Path, size: str = "8m") -> Iterator[Path]:
    """A small real file system of its own (skips the test where mounting is not allowed)."""
    if not _mount(point, f"size={size}"):
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


def read_only(point: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(point)], check=True)


def writable(point: Path) -> None:
    subprocess.run(["mount", "-o", "remount,rw", str(point)], check=True)


def _cli(*argv: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "CLAUSEWRIGHT_DATA_DIR": str(data_dir)},
        timeout=120,
        check=False,
    )


def _one_clear_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 1, (done.returncode, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    return lines[0]


def _integrity(path: Path) -> str:
    raw = sqlite3.connect(path)
    try:
        return str(raw.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        raw.close()


def _small_library(url: str) -> tuple[Database, ClauseLibrary]:
    database = Database.open(url)
    library = ClauseLibrary(database, user="alice", clock=FixedClock())
    library.create(make_meta("Fees"), "Fees are paid monthly.", key="fees")
    return database, library


# -- read-only database location ------------------------------------------------------------


def test_a_first_start_in_a_read_only_data_folder_is_one_clear_message(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro") as point:
        read_only(point)
        paths = AppPaths(point / "data", shipped_library_dir(), resource_path())
        with pytest.raises(StorageError, match="cannot create the data folder"):
            open_library(paths)
        line = _one_clear_line(_cli("documents", data_dir=point / "data"))
        assert "cannot create the data folder" in line and "Read-only" in line


def test_a_database_on_a_read_only_file_system_refuses_edits_and_keeps_its_data(
    tmp_path: Path,
) -> None:
    with tmpfs(tmp_path / "ro") as point:
        paths = AppPaths(point, shipped_library_dir(), resource_path())
        open_library(paths).database.dispose()
        before = (point / "library.db").read_bytes()
        read_only(point)
        try:
            library = open_library(paths)
        except StorageError as exc:  # SQLite may not even open a WAL database read-only
            assert "\n" not in str(exc)
        else:
            try:
                with pytest.raises(StorageError) as refused:
                    library.revise(library.list_clauses()[0].key, "New wording.", "Edit")
                assert "\n" not in str(refused.value)
            finally:
                library.database.dispose()
        line = _one_clear_line(
            _cli(
                "--db",
                f"sqlite:///{point / 'library.db'}",
                "library",
                "import",
                str(shipped_library_dir()),
                data_dir=tmp_path / "unused",
            )
        )
        assert "library" in line.lower() or "database" in line.lower()
        writable(point)
        assert (point / "library.db").read_bytes() == before
        assert _integrity(point / "library.db") == "ok"


def test_a_read_only_sqlite_url_refuses_edits_with_a_clear_message(tmp_path: Path) -> None:
    """Where mounting is impossible: SQLite's own read-only mode, the narrowest simulation."""
    database, library = _small_library(f"sqlite:///{tmp_path / 'library.db'}")
    database.dispose()
    url = f"sqlite:///file:{tmp_path / 'library.db'}?mode=ro&uri=true"
    try:
        read_only_db = Database.open(url)
    except StorageError as exc:
        assert "\n" not in str(exc)
        return
    try:
        library = ClauseLibrary(read_only_db, user="bob")
        assert library.get("fees").body == "Fees are paid monthly."
        with pytest.raises(StorageError, match=r"saving to the library failed: .*read"):
            library.revise("fees", "Fees are paid yearly.", "Edit")
    finally:
        read_only_db.dispose()
    assert _integrity(tmp_path / "library.db") == "ok"


# -- disk full ------------------------------------------------------------------------------


def _fill(point: Path) -> Path:
    filler = point / "filler"
    with filler.open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError:  # ENOSPC: the file system is full
            pass
    return filler


def test_a_full_disk_refuses_the_save_and_keeps_the_last_committed_state(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "full", size="4m") as point:
        database, library = _small_library(f"sqlite:///{point / 'library.db'}")
        try:
            filler = _fill(point)
            with pytest.raises(StorageError, match=r"saving to the library failed: .*full"):
                library.revise("fees", "Fees are paid yearly. " * 20_000, "Long edit")
            assert library.get("fees").body == "Fees are paid monthly."
            filler.unlink()
            library.revise("fees", "Fees are paid yearly.", "Edit after freeing space")
            assert [v.body for v in library.history("fees")] == [
                "Fees are paid monthly.",
                "Fees are paid yearly.",
            ]
        finally:
            database.dispose()
        assert _integrity(point / "library.db") == "ok"


def test_an_export_to_a_full_disk_is_one_line_and_leaves_the_old_file(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with tmpfs(tmp_path / "full", size="1m") as point:
        target = point / "terms.docx"
        target.write_bytes(b"the old export")
        filler = _fill(point)
        line = _one_clear_line(_cli("assemble", DOCUMENT, "-o", str(target), data_dir=data_dir))
        assert line.startswith("clausewright: error: cannot write") and "space" in line
        assert target.read_bytes() == b"the old export"
        assert sorted(p.name for p in point.iterdir()) == ["filler", "terms.docx"]
        filler.unlink()
        assert _cli("assemble", DOCUMENT, "-o", str(target), data_dir=data_dir).returncode == 0
        assert docx.Document(str(target)).paragraphs


# -- the database file moved or deleted while open -----------------------------------------


@pytest.mark.parametrize("fault", ["moved", "deleted"])
def test_a_database_moved_or_deleted_while_open_refuses_the_save(
    tmp_path: Path, fault: str
) -> None:
    database, library = _small_library(f"sqlite:///{tmp_path / 'library.db'}")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    try:
        for part in tmp_path.glob("library.db*"):
            if fault == "moved":
                part.rename(elsewhere / part.name)
            else:
                part.unlink()
        with pytest.raises(StorageError, match=r"was moved or deleted .* nothing was saved"):
            library.revise("fees", "Fees are paid yearly.", "Edit")
        assert not (tmp_path / "library.db").exists(), "no empty database appears in its place"
    finally:
        database.dispose()
    if fault == "moved":
        moved = Database.open(f"sqlite:///{elsewhere / 'library.db'}")
        try:
            assert ClauseLibrary(moved).get("fees").body == "Fees are paid monthly."
        finally:
            moved.dispose()


def test_a_missing_database_folder_is_one_clear_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'gone' / 'library.db'}"
    line = _one_clear_line(_cli("--db", url, "documents", data_dir=tmp_path / "data"))
    assert "does not exist" in line
    assert not (tmp_path / "gone").exists()


# -- an export target that cannot be written ------------------------------------------------


def test_a_folder_in_place_of_the_export_file_is_one_clear_line(tmp_path: Path) -> None:
    target = tmp_path / "terms.docx"
    target.mkdir()
    (target / "keep.txt").write_text("mine", "utf-8")
    line = _one_clear_line(
        _cli("assemble", DOCUMENT, "-o", str(target), data_dir=tmp_path / "data")
    )
    assert line.startswith("clausewright: error: cannot write")
    assert (target / "keep.txt").read_text("utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "terms.docx"]


def test_an_export_into_a_read_only_folder_keeps_the_old_file(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with tmpfs(tmp_path / "ro") as point:
        target = point / "terms.docx"
        target.write_bytes(b"the old export")
        read_only(point)
        for argv in (
            ("assemble", DOCUMENT, "-o", str(target)),
            ("library", "export", str(point / "library")),
        ):
            line = _one_clear_line(_cli(*argv, data_dir=data_dir))
            assert "Read-only file system" in line, line
        writable(point)
        assert target.read_bytes() == b"the old export"
        assert sorted(p.name for p in point.iterdir()) == ["terms.docx"]


def test_drafting_export_to_an_unwritable_target_is_a_clausewright_error(
    tmp_path: Path,
) -> None:
    paths = AppPaths(tmp_path / "data", shipped_library_dir(), resource_path())
    library = open_library(paths)
    try:
        target = tmp_path / "terms.docx"
        target.mkdir()
        with pytest.raises(ClausewrightError, match="cannot write"):
            Drafting(library.database).export_docx(DOCUMENT, target)
    finally:
        library.database.dispose()
