"""Smoke test of a built bundle: ``python packaging/smoke.py [--executable PATH] [--xcb]``.

Runs the bundled program as a user would, each command in a throwaway data folder: --version,
assemble (Word export with the app's name and version), split (the isolated Word importer),
diff (text and a Word redline), scan, then the window offscreen with the shipped library, and
with --xcb on a real X display (Xvfb). Standard library only, so it also checks an installed
/usr/bin/clausewright. Ends with one line: ``smoke: N passed, M failed``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EXECUTABLE = ROOT / "dist" / "clausewright" / "clausewright"
TIMEOUT = 180
WINDOW_START_LIMIT = 60.0  # generous: CI shares two cores; the figure itself is printed

OLD_TERMS = """Fees

1. Payment
You pay the fees monthly in arrears.

2. Restrictions
You may not resell the Services.
"""
NEW_TERMS = """Fees

1. Payment
You pay the fees yearly in advance.

2. Restrictions
You may not resell the Services. You may not use the Services or any output to develop or \
train models that compete with us.
"""


class SmokeCheckError(Exception):
    """One check did not hold."""


class Bundle:
    """The program under test, run with its own data and settings folders."""

    def __init__(self, executable: Path, workdir: Path) -> None:
        self.executable = executable
        self.workdir = workdir
        self.env = {
            **os.environ,
            "CLAUSEWRIGHT_DATA_DIR": str(workdir / "data"),
            "XDG_CONFIG_HOME": str(workdir / "config"),
            "QT_QPA_PLATFORM": "offscreen",
        }

    def run(
        self, *args: str, env: dict[str, str] | None = None, wrapper: Sequence[str] = ()
    ) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [*wrapper, str(self.executable), *args],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            env=env or self.env,
            cwd=self.workdir,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        if done.returncode != 0:
            raise SmokeCheckError(
                f"`clausewright {' '.join(args)}` exited {done.returncode}: "
                f"{(done.stderr or done.stdout).strip()[-2000:]}"
            )
        if "Traceback" in done.stderr:
            raise SmokeCheckError(f"`clausewright {' '.join(args)}` printed a traceback")
        return done

    def json(self, *args: str) -> dict[str, object]:
        result: dict[str, object] = json.loads(self.run(*args, "--format", "json").stdout)
        return result

    def path(self, name: str) -> Path:
        return self.workdir / name


def expected_version() -> str:
    text = (ROOT / "app" / "version.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"$', text, re.MULTILINE)
    if not found:
        raise SystemExit("app/version.py has no __version__ line")
    return found.group(1)


def office_app_version(version: str) -> str:
    """Office writes AppVersion as XX.YYYY: 0.1.0 -> 00.0100."""
    parts = [int(p) if p.isdigit() else 0 for p in [*version.split("."), "0", "0"][:3]]
    return f"{parts[0]:02d}.{parts[1] % 100:02d}{parts[2] % 100:02d}"


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeCheckError(message)


def check_word_properties(docx: Path, version: str) -> None:
    """The file says which application and version wrote it."""
    with zipfile.ZipFile(docx) as package:
        app_xml = package.read("docProps/app.xml").decode("utf-8")
    check("<Application>Clausewright</Application>" in app_xml, f"{docx.name}: no app name")
    wanted = f"<AppVersion>{office_app_version(version)}</AppVersion>"
    check(wanted in app_xml, f"{docx.name}: app.xml lacks {wanted}: {app_xml}")


def smoke_version(bundle: Bundle, version: str) -> str:
    printed = bundle.run("--version").stdout.strip()
    check(printed == f"clausewright {version}", f"--version printed {printed!r}")
    return printed


def smoke_assemble(bundle: Bundle, version: str) -> str:
    listed = bundle.json("documents")["documents"]
    check(isinstance(listed, list) and bool(listed), "the shipped sample document is missing")
    assert isinstance(listed, list)
    name = str(listed[0]["name"])
    bundle.run("assemble", name, "-o", str(bundle.path("terms.docx")))
    check_word_properties(bundle.path("terms.docx"), version)
    return f"{name} -> terms.docx ({bundle.path('terms.docx').stat().st_size:,} bytes)"


def smoke_split(bundle: Bundle, version: str) -> str:
    clauses = bundle.json("split", str(bundle.path("terms.docx")))["clauses"]
    check(isinstance(clauses, list) and len(clauses) >= 10, f"split found {clauses!r:.200}")
    assert isinstance(clauses, list)
    return f"{len(clauses)} clauses read back by the isolated importer"


def smoke_diff(bundle: Bundle, version: str) -> str:
    old, new = bundle.path("old.txt"), bundle.path("new.md")
    old.write_text(OLD_TERMS, encoding="utf-8")
    new.write_text(NEW_TERMS, encoding="utf-8")
    summary = bundle.json("diff", str(old), str(new))["summary"]
    assert isinstance(summary, dict)
    check(summary["modified"] == 2, f"diff summary {summary}")
    redline = bundle.path("redline.docx")
    bundle.run("diff", "--format", "docx", "-o", str(redline), str(old), str(new))
    with zipfile.ZipFile(redline) as package:
        body = package.read("word/document.xml").decode("utf-8")
    check("<w:ins " in body and "<w:del " in body, "the redline has no tracked changes")
    check_word_properties(redline, version)
    return f"{summary['modified']} clauses modified; redline.docx with tracked changes"


def smoke_scan(bundle: Bundle, version: str) -> str:
    new = bundle.path("new.md")
    findings = bundle.json("scan", str(new))["findings"]
    assert isinstance(findings, list)
    categories = {f["category"] for f in findings}
    check("competitor-training" in categories, f"scan found {sorted(categories)}")
    return f"{len(findings)} findings ({', '.join(sorted(categories))})"


def _window(bundle: Bundle, env: dict[str, str], wrapper: Sequence[str], name: str) -> str:
    results = bundle.json("library", "search", "training")["results"]
    assert isinstance(results, list)
    check(bool(results), "the shipped library is empty")
    key = str(results[0]["key"])
    shot = bundle.path(name)
    started = time.perf_counter()
    done = bundle.run("gui", "--screenshot", str(shot), "--open", key, env=env, wrapper=wrapper)
    seconds = time.perf_counter() - started
    check(shot.is_file() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", "no screenshot")
    check(shot.stat().st_size > 20_000, f"screenshot of {shot.stat().st_size} bytes: blank?")
    check("Could not load the Qt platform plugin" not in done.stderr, done.stderr)
    check(seconds < WINDOW_START_LIMIT, f"the window took {seconds:.1f} s")
    return f"window with clause {key!r} in {seconds:.2f} s (start to exit)"


def smoke_window_offscreen(bundle: Bundle, version: str) -> str:
    return _window(bundle, bundle.env, (), "window-offscreen.png")


def smoke_window_xcb(bundle: Bundle, version: str) -> str:
    xvfb = shutil.which("xvfb-run")
    check(xvfb is not None, "xvfb-run is not installed (apt-get install xvfb xauth)")
    assert xvfb is not None
    env = {**bundle.env, "QT_QPA_PLATFORM": "xcb"}
    wrapper = (xvfb, "--auto-servernum", "--server-args=-screen 0 1400x900x24")
    return _window(bundle, env, wrapper, "window-xcb.png")


Check = Callable[[Bundle, str], str]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python packaging/smoke.py")
    parser.add_argument("--executable", type=Path, default=DEFAULT_EXECUTABLE)
    parser.add_argument("--xcb", action="store_true", help="also open the window under Xvfb")
    args = parser.parse_args(argv)
    executable = Path(shutil.which(str(args.executable)) or args.executable).absolute()
    if not executable.is_file():
        print(f"smoke: {executable} not found; build it with `make package`", file=sys.stderr)
        return 1
    checks: list[tuple[str, Check]] = [
        ("version", smoke_version),
        ("assemble", smoke_assemble),
        ("split", smoke_split),
        ("diff", smoke_diff),
        ("scan", smoke_scan),
        ("window offscreen", smoke_window_offscreen),
    ]
    if args.xcb:
        checks.append(("window xcb", smoke_window_xcb))
    version = expected_version()
    failed = 0
    with tempfile.TemporaryDirectory(prefix="clausewright-smoke-") as tmp:
        bundle = Bundle(executable, Path(tmp))
        for name, run_check in checks:
            started = time.perf_counter()
            try:
                detail = run_check(bundle, version)
            except (SmokeCheckError, subprocess.TimeoutExpired, OSError, KeyError) as exc:
                failed += 1
                print(f"FAIL {name}: {exc}")
                continue
            print(f"ok   {name}: {detail}  [{time.perf_counter() - started:.1f} s]")
    print(f"smoke: {len(checks) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
