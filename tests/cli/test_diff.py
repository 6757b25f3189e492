"""`clausewright diff`: formats, options, exit codes, and no user data folder."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from app.__main__ import main
from tests.conftest import CORPUS

OLD = """# Master Terms

## 1. Fees

The Customer shall pay all fees within thirty days of the invoice date.

## 2. Use of Output

You may not use Output to develop models that compete with the Provider.

## 3. Law

This Agreement is governed by the laws of the State of New York.
"""

NEW = """# Master Terms

## 1. Fees

The Customer shall pay all fees within forty-five days of the invoice date.

## 2. Use of Output

You may use Output for any purpose.

## 3. Law

This Agreement is governed by the laws of the State of New York.

## 4. Audit

The Provider may audit the Customer when fees < 100 & unpaid <script>alert(1)</script>.
"""


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "user-data"
    monkeypatch.setenv("CLAUSEWRIGHT_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    return old, new


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main(["diff", *args, "--format", "json"]) == 0
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


def test_json_has_the_documented_shape_and_whole_clause_changes(
    pair: tuple[Path, Path], data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _json(capsys, str(pair[0]), str(pair[1]))
    assert set(data) >= {"old", "new", "warnings", "summary", "clauses", "risk"}
    summary = data["summary"]
    assert isinstance(summary, dict)
    assert {k: summary[k] for k in ("unchanged", "modified", "added", "removed", "moved")} == {
        "unchanged": 1,
        "modified": 2,
        "added": 1,
        "removed": 0,
        "moved": 0,
    }
    clauses = data["clauses"]
    assert isinstance(clauses, list)
    for clause in clauses:
        assert set(clause) >= {
            "status", "old_index", "new_index", "heading", "similarity", "trivial",
            "trivial_reason", "changes", "categories_lost", "categories_gained",
            "library_positions",
        }  # fmt: skip
    output = clauses[1]
    assert output["heading"] == "Use of Output"
    assert output["categories_lost"] == ["competitor-training"]
    new_text = "".join(c["text"] for c in output["changes"] if c["op"] != "delete")
    old_text = "".join(c["text"] for c in output["changes"] if c["op"] != "insert")
    assert new_text == "2. Use of Output\nYou may use Output for any purpose."
    assert old_text.startswith("2. Use of Output\nYou may not use Output")
    risk = data["risk"]
    assert isinstance(risk, dict)
    assert "competitor-training" in risk["lost"]
    assert not data_dir.exists()


def test_text_format_marks_deletions_and_insertions(
    pair: tuple[Path, Path], data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", str(pair[0]), str(pair[1])]) == 0
    out = capsys.readouterr().out
    assert "[-thirty-]{+forty-five+}" in out
    assert "competitor-training" in out
    assert "1 added" in out
    assert not data_dir.exists()


def test_html_is_self_contained_and_escapes_document_text(
    pair: tuple[Path, Path], data_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "redline.html"
    assert main(["diff", str(pair[0]), str(pair[1]), "--format", "html", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<del>thirty</del><ins>forty-five</ins>" in page
    assert "<script>" not in page
    assert "fees &lt; 100 &amp; unpaid" in page
    assert "http" not in page.replace("http-equiv", "")
    assert not data_dir.exists()


def test_docx_redline_needs_an_output_file(
    pair: tuple[Path, Path], data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", str(pair[0]), str(pair[1]), "--format", "docx"]) == 2
    assert "-o" in capsys.readouterr().err


def test_docx_redline_has_tracked_changes_by_the_author(
    pair: tuple[Path, Path], data_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "redline.docx"
    args = ["diff", str(pair[0]), str(pair[1]), "--format", "docx", "-o", str(out)]
    assert main([*args, "--author", "Alice Counsel"]) == 0
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("word/document.xml").decode()
    assert 'w:author="Alice Counsel"' in xml
    assert "<w:ins " in xml and "<w:del " in xml
    assert not data_dir.exists()


def test_ignore_numbering_turns_renumbering_into_no_change(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text("4. Fees are due monthly.\n\n5. Term is one year.\n", encoding="utf-8")
    new.write_text("D.4. Fees are due monthly.\n\nD.5. Term is one year.\n", encoding="utf-8")
    plain = _json(capsys, str(old), str(new))
    clauses = plain["clauses"]
    assert isinstance(clauses, list)
    assert [(c["status"], c["trivial_reason"]) for c in clauses] == [
        ("modified", "renumbering"),
        ("modified", "renumbering"),
    ]
    ignoring = _json(capsys, str(old), str(new), "--ignore-numbering")
    assert ignoring["summary"]["unchanged"] == 2  # type: ignore[index]


def test_identical_and_empty_documents(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty, same = tmp_path / "empty.md", tmp_path / "same.md"
    empty.write_text("", encoding="utf-8")
    same.write_text(OLD, encoding="utf-8")
    identical = _json(capsys, str(same), str(same))
    assert identical["summary"]["unchanged"] == 3  # type: ignore[index]
    assert main(["diff", str(same), str(same)]) == 0
    assert "No differences." in capsys.readouterr().out
    both_empty = _json(capsys, str(empty), str(empty))
    assert both_empty["clauses"] == []
    assert both_empty["summary"]["unchanged"] == 0  # type: ignore[index]


def test_missing_input_exits_1_with_one_line(
    pair: tuple[Path, Path], data_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "out.json"
    code = main(
        ["diff", str(pair[0]), str(tmp_path / "nope.md"), "--format", "json", "-o", str(out)]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nope.md" in err
    assert not out.exists()


def test_wrong_usage_exits_2(data_dir: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["diff", "only-one.md"])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["diff", "a.md", "b.md", "--format", "pdf"])
    assert exit_info.value.code == 2


def test_real_process_writes_json_to_stdout(pair: tuple[Path, Path], tmp_path: Path) -> None:
    data_dir = tmp_path / "never"
    env = {"CLAUSEWRIGHT_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "app", "diff", str(pair[0]), str(pair[1]), "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["summary"]["added"] == 1
    assert not data_dir.exists()


@pytest.mark.skipif(not (CORPUS / "tos_versions").exists(), reason="corpus absent")
def test_real_terms_of_service_versions_compare(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    versions = sorted((CORPUS / "tos_versions" / "openai" / "terms-of-service").glob("*.md"))
    data = _json(capsys, str(versions[0]), str(versions[-1]))
    clauses = data["clauses"]
    assert isinstance(clauses, list)
    assert clauses
    assert data["summary"]["modified"] + data["summary"]["added"] > 0  # type: ignore[index]
    assert not data_dir.exists()


def test_changed_title_is_reported(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text("# Master Terms\n\n1. Fees apply.\n", encoding="utf-8")
    new.write_text("# Master Terms of Service\n\n1. Fees apply.\n", encoding="utf-8")
    data = _json(capsys, str(old), str(new))
    assert (data["old_title"], data["new_title"]) == ("Master Terms", "Master Terms of Service")
    assert main(["diff", str(old), str(new)]) == 0
    assert "Title changed: Master Terms -> Master Terms of Service" in capsys.readouterr().out


def test_unwritable_output_fails_with_one_line(
    pair: tuple[Path, Path], data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    class FullDisk(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(28, "No space left on device")

    from app.__main__ import default_paths
    from app.cli import parse, run
    from app.cli.context import CliContext

    args = parse(["diff", str(pair[0]), str(pair[1])])
    assert run(args, CliContext(default_paths(), None, out=FullDisk())) == 1
    assert "No space left" in capsys.readouterr().err
