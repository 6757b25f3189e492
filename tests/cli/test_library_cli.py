"""`clausewright library ...` run as a user would: exit codes, output, files on disk."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.files.test_clause_files import GOOD

OTHER = (
    GOOD.replace("key: governing-law", "key: notices")
    .replace("title: Governing Law", "title: Notices")
    .replace("England and Wales.", "Notices are given by email to the address on the account.")
)


def run_cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {"CLAUSEWRIGHT_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin", "HOME": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "governing-law.md").write_text(GOOD, encoding="utf-8")
    (src / "notices.md").write_text(OTHER, encoding="utf-8")
    return src


def test_import_is_idempotent_and_export_round_trips_byte_identically(
    tmp_path: Path, folder: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'a.db'}"
    data = tmp_path / "data"
    first = run_cli("--db", db, "library", "import", str(folder), data_dir=data)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("2 added")
    second = run_cli("--db", db, "library", "import", str(folder), data_dir=data)
    assert second.stdout.strip() == "0 added, 0 revised, 0 updated, 2 unchanged"
    out1, out2 = tmp_path / "out1", tmp_path / "out2"
    assert run_cli("--db", db, "library", "export", str(out1), data_dir=data).returncode == 0
    db2 = f"sqlite:///{tmp_path / 'b.db'}"
    assert run_cli("--db", db2, "library", "import", str(out1), data_dir=data).returncode == 0
    assert run_cli("--db", db2, "library", "export", str(out2), data_dir=data).returncode == 0
    files1 = {p.name: p.read_bytes() for p in out1.iterdir()}
    files2 = {p.name: p.read_bytes() for p in out2.iterdir()}
    assert files1 == files2
    assert set(files1) == {"governing-law.md", "notices.md"}
    assert not data.exists(), "a database named with --db leaves the user data folder alone"


def test_changed_body_becomes_a_new_version_and_absent_clauses_stay(
    tmp_path: Path, folder: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'a.db'}"
    data = tmp_path / "data"
    run_cli("--db", db, "library", "import", str(folder), data_dir=data)
    (folder / "notices.md").unlink()
    changed = GOOD.replace(
        "---\nEngland and Wales.",
        "  body: England and Wales.\n"
        "- version: 3\n  author: Legal\n  date: 2026-03-01\n  reason: Scotland too\n"
        "---\nEngland, Wales and Scotland.",
    )
    (folder / "governing-law.md").write_text(changed, encoding="utf-8")
    result = run_cli("--db", db, "library", "import", str(folder), data_dir=data)
    assert result.stdout.strip() == "0 added, 1 revised, 0 updated, 0 unchanged", result.stderr
    out = tmp_path / "out"
    run_cli("--db", db, "library", "export", str(out), data_dir=data)
    assert (out / "notices.md").exists()
    exported = (out / "governing-law.md").read_text(encoding="utf-8")
    assert "reason: Scotland too" in exported
    assert exported.endswith("---\nEngland, Wales and Scotland.\n")


def test_a_bad_file_fails_the_whole_import_with_file_and_line(tmp_path: Path, folder: Path) -> None:
    db = f"sqlite:///{tmp_path / 'a.db'}"
    (folder / "zz-bad.md").write_text(GOOD.replace("risk: medium", "risk: enormous"), "utf-8")
    result = run_cli("--db", db, "library", "import", str(folder), data_dir=tmp_path / "d")
    assert result.returncode == 1
    assert "zz-bad.md:7: risk must be one of" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    search = run_cli("--db", db, "library", "search", "England", data_dir=tmp_path / "d")
    assert "No clauses match" in search.stdout, "nothing was imported"


def test_search_json_has_the_documented_shape(tmp_path: Path, folder: Path) -> None:
    db = f"sqlite:///{tmp_path / 'a.db'}"
    run_cli("--db", db, "library", "import", str(folder), data_dir=tmp_path / "d")
    result = run_cli(
        "--db", db, "library", "search", "email", "--format", "json", data_dir=tmp_path / "d"
    )
    data = json.loads(result.stdout)
    assert data["query"] == "email"
    [hit] = data["results"]
    assert hit["key"] == "notices"
    assert hit["title"] == "Notices"
    assert "**email**" in hit["snippet"]
    assert set(hit) >= {"key", "title", "category", "snippet"}


def test_usage_errors_exit_2_and_missing_inputs_exit_1(tmp_path: Path) -> None:
    data = tmp_path / "d"
    assert run_cli("library", "--bogus", data_dir=data).returncode == 2
    assert run_cli("frobnicate", data_dir=data).returncode == 2
    missing = run_cli(
        "--db", f"sqlite:///{tmp_path / 'x.db'}", "library", "import", "/no/such", data_dir=data
    )
    assert missing.returncode == 1
    assert missing.stderr.strip() == "clausewright: error: /no/such: no such folder"
    bad_db = run_cli("--db", "sqlite:////no/such/dir/x.db", "library", "search", "x", data_dir=data)
    assert bad_db.returncode == 1
    assert "does not exist" in bad_db.stderr


def test_version_and_help(tmp_path: Path) -> None:
    version = run_cli("--version", data_dir=tmp_path)
    assert version.returncode == 0
    assert version.stdout.startswith("clausewright ")
    helptext = run_cli("--help", data_dir=tmp_path)
    assert "library" in helptext.stdout
