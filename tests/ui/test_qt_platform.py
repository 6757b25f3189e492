"""The pre-flight check names the missing xcb libraries and the exact apt-get line."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from app.ui.qt_platform import check_platform_libraries, install_hint


def test_install_hint_maps_libraries_to_debian_packages() -> None:
    hint = install_hint(["libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-cursor.so.0"])
    assert hint == "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1"


def test_offscreen_needs_no_check(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert check_platform_libraries(tmp_path) is None


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc to build a test plugin")
def test_a_missing_library_of_the_xcb_plugin_is_named(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Build a stand-in plugin linked against a library that is then removed.
    src = tmp_path / "x.c"
    src.write_text("int cw_stub(void) { return 1; }\n")
    lib_dir = tmp_path / "stub"
    lib_dir.mkdir()
    stub = lib_dir / "libcw-test-missing.so.1"  # a name no system has
    subprocess.run(
        [
            "gcc",
            "-shared",
            "-fPIC",
            "-o",
            str(stub),
            "-Wl,-soname,libcw-test-missing.so.1",
            str(src),
        ],
        check=True,
    )
    plugins = tmp_path / "plugins" / "platforms"
    plugins.mkdir(parents=True)
    subprocess.run(
        [
            *("gcc", "-shared", "-fPIC", "-o", str(plugins / "libqxcb.so"), str(src)),
            *("-Wl,--no-as-needed", str(stub)),
        ],
        check=True,
    )
    stub.unlink()
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    message = check_platform_libraries(tmp_path / "plugins")
    assert message is not None
    assert "(libcw-test-missing.so.1)" in message
    assert message.endswith("sudo apt-get install libcw-test-missing.so.1")
