"""Build the desktop bundle and its Linux packages: ``python packaging/build.py [STEP...]``.

Steps (default ``all``): ``bundle`` runs PyInstaller on clausewright.spec into dist/clausewright;
``tarball`` packs it as dist/clausewright-VERSION-linux-ARCH.tar.gz; ``deb`` builds
dist/clausewright_VERSION_ARCH.deb with dpkg-deb. Only ``bundle`` works on Windows and macOS.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DIST = ROOT / "dist"
BUNDLE = DIST / "clausewright"
WORK = ROOT / "build"
APP_ID = "org.clausewright.Clausewright"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
SUMMARY = "clause library, terms drafting, Word redlines and contract review"

# Libraries the bundle leaves to the system (clausewright.spec drops the display and font ones)
# that may be missing at build time, so dpkg cannot name their package. Qt's xcb plugin needs
# libxcb-icccm4 and libxcb-keysyms1 above all: its error message blames libxcb-cursor0.
KNOWN_PACKAGES = {
    "libX11.so.6": "libx11-6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libOpenGL.so.0": "libopengl0",
    "libdrm.so.2": "libdrm2",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
}
# The C library's own names: one dependency with the glibc floor of the PySide6 wheels.
GLIBC = re.compile(r"^(libc|libm|libdl|libpthread|librt|libutil|ld-linux[-\w]*)\.so")
GLIBC_FLOOR = "libc6 (>= 2.34)"


def version() -> str:
    text = (ROOT / "app" / "version.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"$', text, re.MULTILINE)
    if not found:
        raise SystemExit("app/version.py has no __version__ line")
    return found.group(1)


def deb_arch() -> str:
    done = subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def tarball_path() -> Path:
    return DIST / f"clausewright-{version()}-linux-{platform.machine()}.tar.gz"


def deb_path() -> Path:
    return DIST / f"clausewright_{version()}_{deb_arch()}.deb"


def metainfo(release_date: dt.date) -> str:
    template = (HERE / "linux" / f"{APP_ID}.metainfo.xml.in").read_text(encoding="utf-8")
    return template.replace("@VERSION@", version()).replace("@DATE@", release_date.isoformat())


def build_bundle() -> None:
    shutil.rmtree(BUNDLE, ignore_errors=True)
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level=WARN",
        "--distpath",
        str(DIST),
        "--workpath",
        str(WORK / "pyinstaller"),
        str(HERE / "clausewright.spec"),
    ]
    subprocess.run(command, check=True, cwd=ROOT)


def build_tarball() -> Path:
    """The bundle as clausewright-VERSION/, with the desktop file, icon and metainfo beside it."""
    target = tarball_path()
    top = f"clausewright-{version()}"
    partial = target.with_suffix(".partial")
    with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
        tar.add(BUNDLE, arcname=top)
        for source, name in _desktop_files(top + "/share"):
            tar.add(source, arcname=name)
    partial.replace(target)
    return target


def build_deb() -> Path:
    """/opt/clausewright with /usr/bin/clausewright, the menu entry, icons and metainfo."""
    stage = WORK / "deb"
    shutil.rmtree(stage, ignore_errors=True)
    shutil.copytree(BUNDLE, stage / "opt" / "clausewright", symlinks=True)
    (stage / "usr" / "bin").mkdir(parents=True)
    (stage / "usr" / "bin" / "clausewright").symlink_to("/opt/clausewright/clausewright")
    for source, name in _desktop_files("usr/share"):
        (stage / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, stage / name)
    (stage / "DEBIAN").mkdir()
    (stage / "DEBIAN" / "control").write_text(_control(stage), encoding="utf-8")
    target = deb_path()
    # zstd: seconds instead of minutes for xz on two cores; dpkg reads it since 1.21.18
    # (Debian 12, Ubuntu 22.04), which the bundle's glibc floor requires anyway.
    command = ["dpkg-deb", "--root-owner-group", "-Zzstd", "--build", str(stage), str(target)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return target


def _desktop_files(share: str) -> Iterable[tuple[Path, str]]:
    """(source, path in the package) for the menu entry, the icons and the metainfo."""
    generated = WORK / f"{APP_ID}.metainfo.xml"
    generated.parent.mkdir(parents=True, exist_ok=True)
    generated.write_text(metainfo(dt.date.today()), encoding="utf-8")
    yield HERE / "linux" / f"{APP_ID}.desktop", f"{share}/applications/{APP_ID}.desktop"
    yield generated, f"{share}/metainfo/{APP_ID}.metainfo.xml"
    icons = HERE / "icons"
    yield icons / "clausewright.svg", f"{share}/icons/hicolor/scalable/apps/{APP_ID}.svg"
    for size in ICON_SIZES:
        name = f"{share}/icons/hicolor/{size}x{size}/apps/{APP_ID}.png"
        yield icons / f"clausewright-{size}.png", name


def _control(stage: Path) -> str:
    size_kb = sum(f.lstat().st_size for f in stage.rglob("*") if not f.is_dir()) // 1024
    return (
        "Package: clausewright\n"
        f"Version: {version()}\n"
        f"Architecture: {deb_arch()}\n"
        "Maintainer: Clausewright maintainers <clausewright@localhost>\n"
        f"Installed-Size: {size_kb}\n"
        f"Depends: {', '.join(system_dependencies(BUNDLE))}\n"
        "Recommends: fonts-dejavu-core | fonts-liberation2\n"
        "Section: editors\n"
        "Priority: optional\n"
        f"Description: {SUMMARY}\n"
        " Clausewright keeps a team's standard clauses in a library, assembles terms\n"
        " documents from them, exports Word files and compares documents clause by\n"
        " clause with tracked-changes redlines. Self-contained build (Python and Qt\n"
        " included).\n"
    )


def system_dependencies(bundle: Path) -> list[str]:
    """The Debian packages for every library the bundle links to but does not carry."""
    bundled = {p.name for p in bundle.rglob("*.so*")}
    missing = sorted(_needed_libraries(bundle) - bundled)
    packages = {GLIBC_FLOOR} if any(GLIBC.match(n) for n in missing) else set()
    others = [n for n in missing if not GLIBC.match(n)]
    owners = _dpkg_owners(others)
    unknown = [n for n in others if n not in owners and n not in KNOWN_PACKAGES]
    if unknown:
        raise SystemExit(f"no Debian package known for: {', '.join(unknown)}")
    packages |= {owners.get(n) or KNOWN_PACKAGES[n] for n in others}
    return sorted({GLIBC_FLOOR if p == "libc6" else p for p in packages})


def _needed_libraries(bundle: Path) -> set[str]:
    needed: set[str] = set()
    for path in bundle.rglob("*.so*"):
        if path.is_symlink() or not path.is_file():
            continue
        dynamic = subprocess.run(
            ["readelf", "-d", str(path)], check=False, capture_output=True, text=True
        )
        needed |= set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic.stdout))
    return needed


def _dpkg_owners(sonames: list[str]) -> dict[str, str]:
    """Which installed package holds each library (absent ones are left out)."""
    if not sonames:
        return {}
    found = subprocess.run(
        ["dpkg", "-S", *(f"*/{n}" for n in sonames)], check=False, capture_output=True, text=True
    )
    owners: dict[str, str] = {}
    for line in found.stdout.splitlines():
        package, _, path = line.partition(": ")
        name = Path(path).name
        if name in sonames and "diversion" not in package:
            owners.setdefault(name, package.split(",")[0].split(":")[0].strip())
    return owners


def _size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(f.lstat().st_size for f in path.rglob("*") if not f.is_dir()) / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python packaging/build.py")
    parser.add_argument(
        "steps", nargs="*", metavar="STEP", help="all (default), bundle, tarball or deb"
    )
    steps = set(parser.parse_args(argv).steps) or {"all"}
    unknown = steps - {"all", "bundle", "tarball", "deb"}
    if unknown:
        parser.error(f"unknown step: {', '.join(sorted(unknown))}")
    if "all" in steps:
        steps = {"bundle", "tarball", "deb"} if sys.platform == "linux" else {"bundle"}
    os.chdir(ROOT)
    for step, action in (("bundle", build_bundle), ("tarball", build_tarball), ("deb", build_deb)):
        if step not in steps:
            continue
        started = time.perf_counter()
        result = action() or BUNDLE
        seconds = time.perf_counter() - started
        print(f"{step}: {result.relative_to(ROOT)}  {_size_mb(result):.1f} MB  {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
