"""Atomic writes keep the permissions a user expects and never leave a partial file."""

from __future__ import annotations

import stat
from pathlib import Path

from app.atomic_write import NEW_FILE_MODE, write_bytes_atomic


def test_a_new_file_is_readable_by_others_and_a_replaced_file_keeps_its_mode(
    tmp_path: Path,
) -> None:
    new = tmp_path / "export.docx"
    write_bytes_atomic(new, b"first")
    assert stat.S_IMODE(new.stat().st_mode) == NEW_FILE_MODE
    new.chmod(0o600)
    write_bytes_atomic(new, b"second")
    assert new.read_bytes() == b"second"
    assert stat.S_IMODE(new.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["export.docx"]
