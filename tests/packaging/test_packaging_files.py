"""The packaging files without building: desktop entry, metainfo, icons, spec, one version."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from types import ModuleType

import pytest
from docx import Document

from app.version import __version__

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
APP_ID = "org.clausewright.Clausewright"
DESKTOP = PACKAGING / "linux" / f"{APP_ID}.desktop"


def _build_script() -> ModuleType:
    # packaging/ is not a Python package (the name belongs to PyPI's "packaging").
    spec = importlib.util.spec_from_file_location("clausewright_build", PACKAGING / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _desktop_entry() -> dict[str, str]:
    lines = DESKTOP.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if "=" in line)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="no desktop-file-utils")
def test_desktop_entry_passes_desktop_file_validate() -> None:
    done = subprocess.run(
        ["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "error" not in done.stdout.lower()


def test_desktop_entry_starts_the_window_with_the_shipped_icon_name() -> None:
    entry = _desktop_entry()
    assert entry["Exec"].split() == ["clausewright", "gui"]
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"
    assert "Office;" in entry["Categories"]


def test_metainfo_names_the_app_its_launcher_and_the_current_version() -> None:
    text = _build_script().metainfo(dt.date(2026, 1, 31))
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "component"
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("provides/binary") == "clausewright"
    releases = root.findall("releases/release")
    assert [(r.get("version"), r.get("date")) for r in releases] == [(__version__, "2026-01-31")]
    assert "@" not in text


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="no appstream")
def test_metainfo_passes_appstream_validation(tmp_path: Path) -> None:
    target = tmp_path / f"{APP_ID}.metainfo.xml"
    target.write_text(_build_script().metainfo(dt.date(2026, 1, 31)), encoding="utf-8")
    done = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_png_icons_have_the_size_their_name_says() -> None:
    build = _build_script()
    for size in build.ICON_SIZES:
        data = (PACKAGING / "icons" / f"clausewright-{size}.png").read_bytes()
        assert _png_size(data) == (size, size)
    svg = ET.parse(PACKAGING / "icons" / "clausewright.svg").getroot()
    assert svg.get("viewBox") == "0 0 512 512"


def test_windows_and_macos_icons_hold_png_images() -> None:
    ico = (PACKAGING / "icons" / "clausewright.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1)
    assert count >= 5
    for index in range(count):
        size, offset = struct.unpack("<II", ico[6 + 16 * index + 8 : 6 + 16 * index + 16])
        assert ico[offset : offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + size <= len(ico)
    icns = (PACKAGING / "icons" / "clausewright.icns").read_bytes()
    assert icns[:4] == b"icns"
    assert struct.unpack(">I", icns[4:8])[0] == len(icns)
    assert b"ic09" in icns  # 512 px


def test_spec_has_no_absolute_paths_and_reads_the_version_from_the_app() -> None:
    spec = (PACKAGING / "clausewright.spec").read_text(encoding="utf-8")
    code = "\n".join(line for line in spec.splitlines() if not line.lstrip().startswith("#"))
    assert not re.findall(r"[\"'](?:/\w|[A-Za-z]:[\\/])", code), "absolute path in the spec"
    assert "SPECPATH" in code
    assert '"app" / "version.py"' in code
    assert __version__ not in spec


def test_the_version_number_is_written_in_one_place_only() -> None:
    assignments = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "app").rglob("*.py")
        if re.search(r"^__version__\s*=", path.read_text(encoding="utf-8"), re.MULTILINE)
    ]
    assert assignments == ["app/version.py"]
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject
    assert 'path = "app/version.py"' in pyproject
    for path in PACKAGING.rglob("*"):
        if path.is_file() and path.suffix in {".py", ".spec", ".in", ".desktop", ".sh", ".md"}:
            text = path.read_text(encoding="utf-8")
            assert f'"{__version__}"' not in text, f"{path.name} repeats the version"
            assert f"Version: {__version__}" not in text, f"{path.name} repeats the version"


def test_the_bundle_launcher_prints_the_version() -> None:
    done = subprocess.run(
        [sys.executable, str(PACKAGING / "launcher.py"), "--version"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"clausewright {__version__}"


def test_the_bundle_launcher_runs_the_isolated_word_importer(tmp_path: Path) -> None:
    # Inside the bundle the importer starts the program itself with "-m app.docx_io.worker".
    word = Document()
    word.add_heading("Fees", level=1)
    word.add_paragraph("1. Payment. You pay monthly.")
    word.add_paragraph("2. Taxes. You pay the taxes.")
    source = tmp_path / "terms.docx"
    word.save(str(source))
    done = subprocess.run(
        [sys.executable, str(PACKAGING / "launcher.py"), "-m", "app.docx_io.worker", str(source)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "You pay monthly." in done.stdout
    assert '"document"' in done.stdout


def test_word_redlines_name_the_application_and_its_version() -> None:
    from app.docx_io.export import app_version_field
    from app.docx_io.redline import redline_bytes
    from app.domain.redline import RedlineParagraph

    data = redline_bytes(
        [RedlineParagraph.unchanged("Fees")], author="A", date=dt.datetime(2026, 1, 31)
    )
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        properties = ET.fromstring(package.read("docProps/app.xml"))
    namespace = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
    assert properties.findtext(f"{namespace}Application") == "Clausewright"
    assert properties.findtext(f"{namespace}AppVersion") == app_version_field(__version__)


@pytest.mark.skipif(
    shutil.which("readelf") is None or shutil.which("dpkg") is None, reason="not Debian"
)
def test_deb_depends_on_the_libraries_qts_xcb_plugin_needs_but_the_bundle_lacks(
    tmp_path: Path,
) -> None:
    import PySide6

    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    bundle = tmp_path / "clausewright"
    (bundle / "platforms").mkdir(parents=True)
    shutil.copyfile(plugin, bundle / "platforms" / plugin.name)
    for carried in ("libQt6Core.so.6", "libQt6Gui.so.6", "libQt6XcbQpa.so.6"):
        (bundle / carried).write_bytes(b"")  # in the real bundle, Qt's own libraries
    depends = _build_script().system_dependencies(bundle)
    assert {"libxcb-icccm4", "libxcb-keysyms1", "libxcb-cursor0", "libc6 (>= 2.34)"} <= set(depends)
    assert "libc6" not in depends
