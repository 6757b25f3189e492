"""A process that edits the library, saves document versions and exports until it is killed.

It prints each step once it is complete (committed or written):
``committed KEY MARKER``, ``version NAME NUMBER MARKER``, ``exported PATH``.
Run by tests/faults/test_crash_safety.py: ``python -m tests.faults.crash_worker DATA_DIR SEED``.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from pathlib import Path

from app.__main__ import main as command_line
from app.resources import resource_path, shipped_library_dir
from app.services.clause_library import ClauseLibrary
from app.services.drafting import Drafting
from app.services.opening import open_library
from app.services.paths import AppPaths

DOCUMENT = "terms-of-service-ai-api"


def export_targets(data_dir: Path) -> dict[str, Path]:
    """Where each kind of export goes (outside the data folder's database files)."""
    out = data_dir.parent / f"{data_dir.name}-exports"
    return {
        "drafting": out / "terms.docx",
        "assemble": out / "assembled.docx",
        "diff": out / "redline.docx",
        "library": out / "library",
    }


class _Worker:
    def __init__(self, data_dir: Path, seed: int) -> None:
        paths = AppPaths(data_dir, shipped_library_dir(), resource_path())
        self.library: ClauseLibrary = open_library(paths)
        self.drafting = Drafting(self.library.database, user="crash-test")
        self.url = f"sqlite:///{data_dir / 'library.db'}"
        self.targets = export_targets(data_dir)
        self.targets["library"].parent.mkdir(parents=True, exist_ok=True)
        self.seed = seed
        self.rng = random.Random(seed)
        self.keys = [c.key for c in self.library.list_clauses()][:8]
        self.n = 0

    def step(self) -> None:
        self.n += 1
        actions: list[Callable[[], None]] = [
            self.edit,
            self.edit,
            self.edit,
            self.save_version,
            self.export_drafting,
            self.export_assemble,
            self.export_diff,
            self.export_library,
        ]
        self.rng.choice(actions)()

    def marker(self) -> str:
        return f"crash-edit-{self.seed}-{self.n}"

    def edit(self) -> None:
        key, marker = self.rng.choice(self.keys), self.marker()
        body = self.library.get(key).body.split("\n\n[crash-edit")[0] + f"\n\n[{marker}]"
        self.library.revise(key, body, f"Edit {marker}")
        print(f"committed {key} {marker}", flush=True)

    def save_version(self) -> None:
        marker = self.marker()
        saved = self.drafting.save_version(DOCUMENT, f"Version {marker}")
        print(f"version {DOCUMENT} {saved.number} {marker}", flush=True)

    def export_drafting(self) -> None:
        self.drafting.export_docx(DOCUMENT, self.targets["drafting"])
        print(f"exported {self.targets['drafting']}", flush=True)

    def _cli(self, *argv: str) -> None:
        code = command_line(["--db", self.url, *argv])
        assert code == 0, f"command failed: {argv}"

    def export_assemble(self) -> None:
        self._cli("assemble", DOCUMENT, "-o", str(self.targets["assemble"]))
        print(f"exported {self.targets['assemble']}", flush=True)

    def export_diff(self) -> None:
        folder = self.targets["diff"].parent
        old, new = folder / "old.md", folder / "new.md"
        if not new.exists():
            old.write_text("# Terms\n\n1. Fees. You pay monthly.\n", "utf-8")
            new.write_text("# Terms\n\n1. Fees. You pay yearly in advance.\n", "utf-8")
        self._cli("diff", str(old), str(new), "--format", "docx", "-o", str(self.targets["diff"]))
        print(f"exported {self.targets['diff']}", flush=True)

    def export_library(self) -> None:
        self._cli("library", "export", str(self.targets["library"]))
        print(f"exported {self.targets['library']}", flush=True)


def main(data_dir: str, seed: int) -> None:
    worker = _Worker(Path(data_dir), seed)
    print("started", flush=True)
    while True:
        worker.step()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
